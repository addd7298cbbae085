"""Duty record, scoring, ranking, self-reports and who may see them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cppcc.workflow import TransitionNotAllowed
from members import selectors, services
from members.models import DutyEvent, DutyRule, SelfReport
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date(2020, 6, 1)


def record(member, kind, n=1, date=D):
    for _ in range(n):
        services.duty_event_record(member=member, kind=kind, date=date, title=kind)


def test_events_follow_their_source_create_change_delete():
    member = factories.MemberFactory()
    source = factories.MemberFactory(user=None)  # any model instance works as a source
    services.duty_event_record(member=member, kind="speech", date=D, source=source, title="发言")
    services.duty_event_record(
        member=member, kind="speech", date=D.replace(month=7), source=source, title="改"
    )
    event = DutyEvent.objects.get(member=member)
    assert (event.date.month, event.title, event.points) == (7, "改", Decimal("5"))
    assert services.duty_event_withdraw(source=source, kind="speech") == 1
    services.duty_event_record(member=member, kind="speech", date=D, source=source)
    source.delete()  # the GenericRelation on the source removes its events
    assert not DutyEvent.objects.filter(member=member).exists()


def test_year_score_with_cap_and_changed_rule_matches_hand_computation():
    member = factories.MemberFactory()
    record(member, "village_visit", 6)  # 6 × 5 = 30, capped at 20
    record(member, "speech", 2)  # 10
    record(member, "plenary_absent")  # −10
    record(member, "proposal_lead")  # 15
    record(member, "speech", date=dt.date(2019, 5, 1))  # other year: not counted
    [row] = selectors.member_scores(year=2020)
    assert row["score"] == Decimal("35") and row["band"] == "不称职"  # 20 + 10 − 10 + 15
    DutyRule.objects.filter(code="speech").update(points=Decimal("30"))
    DutyRule.objects.filter(code="village_visit").update(yearly_cap=Decimal("10"))
    assert services.duty_rules_apply(year=2020) == 2  # only 2020's speech events, one UPDATE
    assert DutyEvent.objects.get(date__year=2019).points == Decimal("5")
    [row] = selectors.member_scores(year=2020)
    assert row["score"] == Decimal("75") and row["band"] == "称职"  # 10 + 60 − 10 + 15
    summary = selectors.member_year_summary(member=member, year=2020)
    assert [m["name"] for m in summary["missing"]] == ["社情民意信息", "参加活动"]


def test_rule_change_in_admin_recomputes_this_year(client_for, staff_user):
    from django.utils import timezone

    member = factories.MemberFactory()
    record(member, "speech", date=timezone.localdate())
    rule = DutyRule.objects.get(code="speech")
    client = client_for(factories.UserFactory(role="admin"))
    client.post(
        reverse("admin:members_dutyrule_change", args=[rule.pk]),
        {"code": "speech", "name": rule.name, "points": "8", "yearly_cap": "", "order": rule.order},
    )
    assert DutyEvent.objects.get(member=member).points == Decimal("8")


def test_stats_rankings_and_below_minimum():
    sector_a, sector_b = factories.SectorFactory(), factories.SectorFactory()
    a = factories.MemberFactory(sector=sector_a)
    b = factories.MemberFactory(sector=sector_b)
    c = factories.MemberFactory(sector=sector_b)  # no events: 0
    record(a, "proposal_lead", 6)  # 90 → 优秀
    record(a, "opinion_submitted")  # 95
    record(a, "activity_attend", 3)  # 110, meets every minimum
    record(b, "speech", 4)  # 20
    stats = selectors.member_stats(year=2020)
    assert stats["active"] == 3 and stats["with_events"] == 2 and stats["below_minimum"] == 2
    assert stats["bands"]["优秀"] == 1 and stats["bands"]["不称职"] == 2
    assert stats["average_score"] == pytest.approx(round(130 / 3, 1))
    assert [r["name"] for r in selectors.member_scores(year=2020)][0] == a.name
    assert selectors.sector_ranking(year=2020) == [
        {"name": sector_a.name, "members": 1, "average_score": 110.0},
        {"name": sector_b.name, "members": 2, "average_score": 10.0},
    ]
    assert len(selectors.work_committee_ranking(year=2020)) == 3
    below = selectors.members_below_minimum(year=2020)
    assert {r["member_id"] for r in below} == {b.pk, c.pk}
    assert [m["name"] for m in below[0]["missing"]] == ["提案(领衔或附议)", "社情民意信息", "参加活动"]


def test_member_sees_only_own_record_staff_and_leaders_all(client_for, make_user):
    me = make_user("member")
    other = factories.MemberFactory()
    client = client_for(me)
    assert client.get(reverse("members:duty_record", args=[me.member.pk])).status_code == 200
    assert client.get(reverse("members:duty_record", args=[other.pk])).status_code == 403
    assert client.get(reverse("members:duty_file_pdf", args=[other.pk, 2020])).status_code == 403
    assert client.get(reverse("members:ranking")).status_code == 403
    assert client.get(reverse("members:my_duty")).status_code == 200
    for role in ("staff", "leader"):
        c = client_for(make_user(role))
        assert c.get(reverse("members:duty_record", args=[other.pk])).status_code == 200
        assert c.get(reverse("members:ranking")).status_code == 200
    unit = client_for(make_user("unit"))
    assert unit.get(reverse("members:duty_record", args=[other.pk])).status_code == 403
    assert unit.get(reverse("members:directory")).status_code == 403


def test_duty_file_pdf(client_for, member_user):
    record(member_user.member, "speech")
    response = client_for(member_user).get(
        reverse("members:duty_file_pdf", args=[member_user.member.pk, 2020])
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_bulk_add_by_staff_and_bad_input_changes_nothing(client_for, staff_user, make_user):
    members = factories.MemberFactory.create_batch(3)
    client = client_for(staff_user)
    url = reverse("members:duty_bulk_add")
    data = {
        "kind": "countryside",
        "date": "2020-09-01",
        "title": "送医下乡",
        "members": [m.pk for m in members],
    }
    client.post(url, data)
    assert DutyEvent.objects.filter(kind_id="countryside").count() == 3
    response = client.post(url, {**data, "kind": "proposal_lead", "title": "伪造"})  # not a manual kind
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    response = client.post(url, {**data, "date": "2999-01-01"})
    assert "日期不能晚于今天" in response.content.decode() and 'value="送医下乡"' in response.content.decode()
    assert DutyEvent.objects.count() == 3
    assert client_for(make_user("member")).post(url, data).status_code == 403


def test_self_report_workflow_allowed_and_refused(member_user, staff_user, make_user):
    member = member_user.member
    report = services.self_report_save(member=member, year=2020, text="述职正文", by=member_user)
    with pytest.raises(TransitionNotAllowed):
        services.self_report_review(report=report, by=staff_user)  # not submitted yet
    other = make_user("member")
    with pytest.raises(TransitionNotAllowed):
        services.self_report_submit(report=report, by=other)
    report = services.self_report_submit(report=report, by=member_user)
    assert report.status == SelfReport.Status.SUBMITTED
    with pytest.raises(TransitionNotAllowed):
        services.self_report_review(report=report, by=member_user)
    with pytest.raises(TransitionNotAllowed, match="必须填写"):
        services.self_report_return(report=report, by=staff_user, note="")
    report = services.self_report_return(report=report, by=staff_user, note="请补充")
    assert report.status == SelfReport.Status.DRAFT
    report = services.self_report_submit(report=report, by=member_user)
    report = services.self_report_review(report=report, by=staff_user, comment="好")
    assert report.status == SelfReport.Status.REVIEWED and report.reviewer == staff_user
    assert [e.action for e in report.events.all()] == ["create", "submit", "return", "submit", "review"]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.self_report_save(member=member, year=2020, text="改", by=member_user)


def test_self_report_pages(client_for, member_user, staff_user):
    client = client_for(member_user)
    url = reverse("members:self_report") + "?year=2020"
    response = client.post(url, {"text": "", "action": "submit"})
    assert response.status_code == 200 and not SelfReport.objects.exists()
    client.post(url, {"text": "述职正文", "action": "submit"})
    report = SelfReport.objects.get()
    assert report.status == "submitted"
    staff = client_for(staff_user)
    assert "述职正文" not in staff.get(reverse("members:self_report_list") + "?year=2020").content.decode()
    assert (
        member_user.member.name
        in staff.get(reverse("members:self_report_list") + "?year=2020").content.decode()
    )
    staff.post(report.get_absolute_url(), {"comment": "已阅", "action": "review"})
    report.refresh_from_db()
    assert report.status == "reviewed"


@pytest.mark.parametrize("count", [3, 30])
def test_list_pages_keep_constant_queries(client_for, staff_user, django_assert_max_num_queries, count):
    sector = factories.SectorFactory()
    for member in factories.MemberFactory.create_batch(count, sector=sector):
        record(member, "speech", 2)
    client = client_for(staff_user)
    for url in [
        reverse("members:directory"),
        reverse("members:directory") + f"?sector={sector.pk}&q=用户",
        reverse("members:ranking") + "?year=2020",
        reverse("members:ranking") + "?year=2020&by=sector",
        reverse("members:ranking") + "?year=2020&by=work_committee",
        reverse("members:below_minimum") + "?year=2020",
        reverse("members:self_report_list") + "?year=2020",
    ]:
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200, url


def test_home_panels(client_for, member_user, staff_user):
    assert "我的履职得分" in client_for(member_user).get(reverse("home")).content.decode()
    assert "未达年度最低履职要求" in client_for(staff_user).get(reverse("home")).content.decode()


def test_members_demo_seed_is_idempotent():
    import io

    from cppcc.demo import DemoContext
    from members import demo

    ctx = DemoContext(stdout=io.StringIO())
    demo.seed(ctx)
    counts = (DutyEvent.objects.count(), SelfReport.objects.count())
    assert counts[0] > 350 * 5 * 4 and counts[1] > 10
    demo.seed(DemoContext(stdout=io.StringIO()))
    assert (DutyEvent.objects.count(), SelfReport.objects.count()) == counts
    assert SelfReport.objects.filter(member__user__username="member", status="draft").exists()
