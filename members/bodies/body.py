"""A body (专委会 / 镇街工委 / 界别) as one value, whatever its model."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from members.models import Member, Sector, SpecialCommittee, WorkCommittee

from .models import BODY_FIELD, BodyType

MODELS = {BodyType.SPECIAL: SpecialCommittee, BodyType.WORK: WorkCommittee, BodyType.SECTOR: Sector}


@dataclass(frozen=True)
class Body:
    type: str
    obj: object

    @property
    def id(self) -> int:
        return self.obj.pk

    @property
    def key(self) -> tuple[str, int]:
        return (self.type, self.obj.pk)

    @property
    def name(self) -> str:
        return f"{self.obj.name}界别" if self.type == BodyType.SECTOR else self.obj.name

    @property
    def type_label(self) -> str:
        return BodyType(self.type).label

    @property
    def field(self) -> str:
        return BODY_FIELD[self.type]

    def get_absolute_url(self) -> str:
        return reverse("bodies:body_detail", args=[self.type, self.obj.pk])

    def member_q(self, prefix: str = "") -> Q:
        """Members of the body (a 专委会 through the M2M, a 镇街 and a 界别 through their FK)."""
        lookup = {
            BodyType.SPECIAL: "special_committees",
            BodyType.WORK: "work_committee",
            BodyType.SECTOR: "sector",
        }[self.type]
        return Q(**{f"{prefix}{lookup}": self.obj.pk})

    def members(self):
        return Member.objects.filter(self.member_q(), is_active=True).distinct()

    def activity_q(self, prefix: str = "") -> Q:
        """Activities organised by this body (consultations' Activity has the same type codes)."""
        return Q(**{f"{prefix}organiser_type": self.type, f"{prefix}{self.field}_id": self.obj.pk})

    def __str__(self) -> str:
        return self.name


def body_get(body_type: str, pk: int) -> Body | None:
    """The body, or None for an unknown type or id (views answer 404)."""
    model = MODELS.get(body_type)
    if model is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    return Body(body_type, obj) if obj is not None else None


def activity_body_key(activity) -> tuple[str, int] | None:
    """(type, id) of the body that organises an activity; None for the 市政协 itself."""
    field = BODY_FIELD.get(activity.organiser_type)
    if field is None:
        return None
    return (activity.organiser_type, getattr(activity, f"{field}_id"))
