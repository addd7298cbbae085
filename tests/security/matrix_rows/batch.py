"""Permission rows of the office's batch pages (proposals: 批量审查交办)."""

from tests.security.matrix import Row

ROWS = [
    # staff only; a POST without a selection is a message on the page (200), never a change
    Row(
        "proposals:batch",
        "302 403 403 403 403 200 403",
        post="302 403 403 403 403 200 403",
        data=lambda w: {"do": "accept_assign"},
    ),
]
ROWS.append(
    # the register's list actions on ticked rows (POST only); without a selection: back to the register
    Row(
        "proposals:selection",
        "302 405 405 405 405 405 405",
        post="302 403 403 403 403 302 403",
        data=lambda w: {"do": "export"},
    )
)
ROWS.append(
    # help while drafting: an htmx fragment for whoever may write a proposal
    Row(
        "proposals:draft_help",
        "302 405 405 405 405 405 405",
        post="302 200 200 403 403 200 403",
        data=lambda w: {"title": "关于垃圾分类的建议", "body": "情况"},
    )
)
