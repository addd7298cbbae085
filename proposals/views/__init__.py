"""Thin views of proposals/, by sub-domain: parse input, call one service or selector, render.
Refused transitions and invalid input are shown with messages and the form re-rendered with
what the user typed. The old names stay importable as `proposals.views.X`."""

from .batch import batch_review, selection_action  # noqa: F401
from .detail import (  # noqa: F401
    attachment_download,
    attachment_upload,
    proposal_action,
    proposal_detail,
    proposal_pdf,
    proposal_print,
    reply_letter_download,
)
from .drafting import (  # noqa: F401
    proposal_create,
    proposal_edit,
)
from .help import draft_help  # noqa: F401
from .lists import (  # noqa: F401
    proposal_mine,
    register,
    register_export,
    unit_queue,
)
from .opinions import (  # noqa: F401
    opinion_action,
    opinion_create,
    opinion_detail,
    opinion_list,
)
