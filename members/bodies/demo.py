"""Demo data of members.bodies (run by seed_demo after consultations; idempotent).

- organiser logins: `liaison` (江东街道工委 联络员), `director` (经济委 主任, also a member of the roster)
  and `convener` (经济界别 召集人);
- every roster member's 联系村 (from their profile's village);
- the 青岩刘村 story told from data: 联村 visit (2020-03) → 委员荐题 → 江东街道工委 “请你来协商” →
  suggestion → progress → closed (151 firms, 1,846 workers). It re-uses one of the 26 grassroots
  “请你来协商” of 2020 and one implemented 2020 suggestion, so every 2020 figure of the seed report
  stays as it is (the session it leaves still has the most suggestions of the year).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone

from cppcc.demo import DEMO_PASSWORD, DemoContext
from members.models import Member, Role, Sector, SpecialCommittee, User, Village, WorkCommittee
from members.services import duty_event_record, user_create

from .models import ContactVillage, HeardItem, OrganiserRole, TraceLink, Visit

STORY_VILLAGE = "青岩刘村"
STORY_TOWN = "江东街道"
STORY_TOPIC = "请你来协商—电商企业稳岗用工与社保补贴落实"
STORY_ITEM = "村里电商企业受疫情影响订单下滑,员工社保补贴不知道怎么申领,企业负担重"
STORY_RESULT = "已为151家电商企业的1846名员工落实稳岗和社保补贴,资金全部发放到位。"


def seed(ctx: DemoContext) -> None:
    _organisers(ctx)
    _contact_villages(ctx)
    _story(ctx)


def _organisers(ctx: DemoContext) -> None:
    town = WorkCommittee.objects.filter(name=STORY_TOWN).first()
    committee = SpecialCommittee.objects.filter(name__contains="经济").first()
    sector = Sector.objects.filter(name="经济").first() or Sector.objects.first()
    specs = [
        ("liaison", "江东街道工委 联络员 周敏", "work", "work_committee", town, OrganiserRole.Title.LIAISON),
        ("director", None, "special", "special_committee", committee, OrganiserRole.Title.DIRECTOR),
        ("convener", None, "sector", "sector", sector, OrganiserRole.Title.CONVENER),
    ]
    for username, name, body_type, field, body, title in specs:
        if body is None:
            continue
        user = User.objects.filter(username=username).first()
        if user is None and name is None:
            # director and convener are roster members: one person, a member and an organiser
            member = (
                Member.objects.filter(
                    **({"special_committees": body} if body_type == "special" else {field: body})
                )
                .exclude(user=None)
                .exclude(user__username__in=["member", "liaison", "director", "convener"])
                .order_by("id")
                .first()
            )
            if member is None:
                continue
            user = member.user
            user.username = username
            user.save(update_fields=["username"])
        elif user is None:
            user = user_create(username=username, password=DEMO_PASSWORD, role=Role.MEMBER, name=name)
        OrganiserRole.objects.get_or_create(user=user, body_type=body_type, **{field: body}, title=title)
        ctx.logins.append((f"{OrganiserRole.Title(title).label}({body})", username, "/bodies/"))


def _contact_villages(ctx: DemoContext) -> None:
    if ContactVillage.objects.exists():
        return
    rows = [
        ContactVillage(member_id=m, village_id=v, since=dt.date(2017, 3, 1))
        for m, v in Member.objects.filter(village__isnull=False).values_list("pk", "village_id")
    ]
    ContactVillage.objects.bulk_create(rows, ignore_conflicts=True)
    ctx.say(f"  联系村 {len(rows)} 个")


def _story(ctx: DemoContext) -> None:
    from consultations.models import Activity, PlanTopic, Suggestion, SuggestionUpdate

    if Visit.objects.filter(village__name=STORY_VILLAGE, date__year=2020).exists():
        return
    town = WorkCommittee.objects.filter(name=STORY_TOWN).first()
    if town is None:
        return
    village, _ = Village.objects.get_or_create(work_committee=town, name=STORY_VILLAGE)
    staff = User.objects.filter(username="staff").first()
    member = (
        Member.objects.filter(village=village).exclude(user=None).order_by("id").first()
        or Member.objects.filter(work_committee=town).exclude(user=None).order_by("id").first()
    )
    activity = (
        Activity.objects.filter(date__year=2020, kind__code="come_consult", status=Activity.Status.HELD)
        .exclude(organiser_type=Activity.OrganiserType.COMMITTEE)
        .order_by("date", "id")
        .first()
    )
    # an implemented, not "quick" 2020 suggestion of the 市政协's own busiest session moves over
    suggestion = (
        Suggestion.objects.filter(activity__date__year=2020, outcome="implemented", landed_quickly=False)
        .annotate(siblings=Count("activity__suggestions"))
        .order_by("-siblings", "-id")
        .first()
    )
    if member is None or activity is None or suggestion is None:
        return
    ContactVillage.objects.get_or_create(member=member, village=village)
    visit = Visit.objects.create(
        member=member,
        village=village,
        date=dt.date(2020, 3, 10),
        summary="疫情期间走访青岩刘村电商企业,了解复工复产情况。",
        created_by=member.user,
    )
    duty_event_record(
        member=member, kind="village_visit", date=visit.date, source=visit, title="走访青岩刘村"
    )
    item = HeardItem.objects.create(visit=visit, text=STORY_ITEM)
    HeardItem.objects.create(
        visit=visit,
        text="村口快递车辆乱停放,影响通行",
        outcome=HeardItem.Outcome.SOLVED,
        outcome_note="当场与村委会商定快递集中停放点",
        decided_at=timezone.make_aware(dt.datetime(2020, 3, 10, 17)),
    )
    topic = PlanTopic.objects.create(
        year=2020,
        title="电商企业稳岗用工与社保补贴落实",
        source=PlanTopic.Source.MEMBER,
        proposer_text=f"{member.name}委员(联村走访{village.name})",
        proposer_member=member,
        note=STORY_ITEM,
    )
    item.outcome = HeardItem.Outcome.TOPIC
    item.outcome_note = "荐为江东街道工委协商议题"
    item.decided_at = timezone.make_aware(dt.datetime(2020, 3, 12, 10))
    item.target_type = ContentType.objects.get_for_model(PlanTopic)
    item.target_id = topic.pk
    item.save()
    TraceLink.objects.get_or_create(
        source_type=ContentType.objects.get_for_model(HeardItem),
        source_id=item.pk,
        target_type=item.target_type,
        target_id=topic.pk,
        defaults={"kind": TraceLink.Kind.BECAME, "created_by": member.user},
    )
    duty_event_record(
        member=member, kind="village_item_outcome", date=visit.date, source=item, title="走访所闻荐为协商议题"
    )
    # one of 2020's 26 grassroots sessions becomes the 江东街道工委 session on this topic
    Activity.objects.filter(pk=activity.pk).update(
        organiser_type=Activity.OrganiserType.WORK,
        work_committee=town,
        special_committee=None,
        sector=None,
        topic=STORY_TOPIC,
        plan_topic=topic,
        date=dt.date(2020, 4, 16),
        place="江东街道青岩刘村文化礼堂",
        mode=Activity.Mode.SITE,
        description="联村委员在青岩刘村走访时发现电商企业受疫情影响、员工社保补贴申领不畅,江东街道工委就此开展“请你来协商”。",
    )
    # one implemented 2020 suggestion (so 2020's 83 advanced stay 83) is this session's
    Suggestion.objects.filter(pk=suggestion.pk).update(
        activity=activity, number=1, text="对受疫情影响的电商企业落实稳岗返还和社保补贴,简化申领流程"
    )
    last = SuggestionUpdate.objects.filter(suggestion=suggestion).order_by("-date", "-id").first()
    if last is not None:
        SuggestionUpdate.objects.filter(pk=last.pk).update(text=STORY_RESULT)
    else:
        SuggestionUpdate.objects.create(
            suggestion=suggestion,
            status="implemented",
            text=STORY_RESULT,
            date=dt.date(2020, 6, 30),
            author=staff,
        )
    ctx.say("  青岩刘村:联村走访 → 荐题 → 江东街道工委“请你来协商” → 建议 → 落实(151家企业、1846名员工)")
