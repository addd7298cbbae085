"""Every write of proposals/, by sub-domain (drafting, review, handling, replies, marks, 社情民意).
Status changes go through the workflow tables (proposals/workflow.py): each service locks the row
there, checks the actor, writes the timeline event and queues notices keyed on it for after the
commit. The old names stay importable as `proposals.services.X`."""

from ._common import (  # noqa: F401
    ORG_KIND_TO_PROPOSER_TYPE,
    _fire,
    _fire_opinion,
    _notify,
    _proposer_users,
    _record_opinion_event,
    _record_signer_duty,
    _validate_text,
    add_months,
)
from .batch import (  # noqa: F401
    BatchRow,
    proposals_batch_accept_assign,
    proposals_batch_mark_excellent,
)
from .drafting import (  # noqa: F401
    attachment_add,
    plenary_for_day,
    proposal_cosign_answer,
    proposal_save_draft,
    proposal_submit,
)
from .handling import (  # noqa: F401
    _my_assignment,
    assignment_object,
    assisting_opinion_send,
    contact_record,
    extension_decide,
    extension_request,
    proposal_assign,
)
from .marks import (  # noqa: F401
    proposal_instruct,
    proposal_mark_excellent,
    proposal_mark_key,
)
from .opinions import (  # noqa: F401
    _notify_opinion_author,
    opinion_adopt,
    opinion_check,
    opinion_compile,
    opinion_feedback,
    opinion_instruct,
    opinion_not_adopt,
    opinion_report,
    opinion_request_instruction,
    opinion_submit,
)
from .replies import (  # noqa: F401
    follow_up_report,
    proposal_close,
    proposal_rate,
    reply_check,
    reply_submit,
)
from .review import (  # noqa: F401
    _next_number,
    _number,
    proposal_accept,
    proposal_convert,
    proposal_merge,
    proposal_reject,
    proposal_send_back,
    proposal_start_review,
    series_for,
)
