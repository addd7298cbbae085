"""The 文史资料 piece workflow.

| from            | action          | to        | who                          |
|-----------------|-----------------|-----------|------------------------------|
| 草稿, 退回修改  | submit          | 待审      | the author                   |
| 待审            | request_changes | 退回修改  | editors (staff), note needed |
| 待审            | accept          | 已采用    | editors                      |
| 待审            | decline         | 未采用    | editors, note needed         |
"""

from cppcc.workflow import StateMachine, Transition

from . import permissions
from .models import Piece

S = Piece.Status


def piece_relations(piece: Piece, user) -> set[str]:
    relations: set[str] = set()
    if not user.is_authenticated:
        return relations
    if permissions.can_manage(user):
        relations.add("editor")
    member = permissions._member(user)
    if member is not None and member.pk == piece.author_id:
        relations.add("author")
    return relations


PIECE_FLOW = StateMachine(
    states=S,
    transitions=[
        Transition("submit", "投稿", (S.DRAFT, S.CHANGES), S.SUBMITTED, "author"),
        Transition(
            "request_changes", "退回修改", S.SUBMITTED, S.CHANGES, "editor", style="warning", needs_note=True
        ),
        Transition("accept", "采用", S.SUBMITTED, S.ACCEPTED, "editor", style="success"),
        Transition("decline", "不予采用", S.SUBMITTED, S.DECLINED, "editor", style="danger", needs_note=True),
    ],
    relations=piece_relations,
)
