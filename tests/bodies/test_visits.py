"""一村一委员: a member logs a visit from the phone and marks what became of each matter heard."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.models import PlanTopic
from members.bodies import services
from members.bodies.models import HeardItem, TraceLink, Visit
from members.models import DutyEvent
from proposals.models import Proposal, PublicOpinion
from tests import factories as f

pytestmark = pytest.mark.django_db
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def linked():
    """A member and their contact village (青岩刘村 in 江东街道)."""
    village = f.VillageFactory(name="青岩刘村", work_committee=f.WorkCommitteeFactory(name="江东街道"))
    link = f.ContactVillageFactory(village=village)
    return link.member, village


def test_visit_form_submitted_as_a_browser_would(linked, client):
    member, village = linked
    client.force_login(member.user)
    url = reverse("bodies:visit_create")
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert set(form.fields) == {"date", "village", "items", "summary", "photos"}
    response = client.post(
        url,
        {
            "date": "2020-03-10",
            "village": village.pk,
            "items": "电商企业社保补贴申领难\n\n快递车乱停放",
            "summary": "",
            "photos": [SimpleUploadedFile("p.png", PNG, content_type="image/png")],
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    assert list(visit.items.values_list("text", flat=True)) == ["电商企业社保补贴申领难", "快递车乱停放"]
    assert visit.photos.count() == 1
    assert DutyEvent.objects.filter(member=member, kind_id="village_visit").count() == 1


def test_photo_checked_by_content_and_nothing_half_saved(linked, client):
    member, village = linked
    client.force_login(member.user)
    response = client.post(
        reverse("bodies:visit_create"),
        {
            "date": "2020-03-10",
            "village": village.pk,
            "items": "问题",
            "photos": [SimpleUploadedFile("fake.png", b"MZ\x90\x00not an image", content_type="image/png")],
        },
    )
    assert response.status_code == 200
    assert "内容与扩展名" in response.content.decode()
    assert "问题" in response.content.decode()  # what the member typed is still there
    assert not Visit.objects.exists() and not DutyEvent.objects.exists()


def test_only_contact_villages_and_not_in_the_future(linked):
    member, village = linked
    with pytest.raises(ValidationError):
        services.visit_log(by=member.user, village=f.VillageFactory(), date=dt.date(2020, 3, 1), items=["x"])
    with pytest.raises(ValidationError):
        services.visit_log(
            by=member.user, village=village, date=dt.date.today() + dt.timedelta(days=1), items=["x"]
        )
    with pytest.raises(PermissionDenied):
        services.visit_log(by=f.StaffUserFactory(), village=village, date=dt.date(2020, 3, 1), items=["x"])


@pytest.fixture
def visit(linked):
    member, village = linked
    return services.visit_log(
        by=member.user, village=village, date=dt.date(2020, 3, 10), items=["甲", "乙", "丙", "丁", "戊"]
    )


def test_each_outcome(visit):
    user = visit.member.user
    f.CategoryFactory()
    a, b, c, d, e = visit.items.order_by("id")
    with pytest.raises(ValidationError):
        services.heard_item_decide(item=a, outcome="solved", by=user)  # needs a note
    services.heard_item_decide(item=a, outcome="solved", note="当场协调解决", by=user)
    services.heard_item_decide(item=b, outcome="quick_report", by=user)
    services.heard_item_decide(item=c, outcome="opinion", title="电商企业社保补贴", by=user)
    services.heard_item_decide(item=d, outcome="topic", title="电商企业稳岗用工", by=user)
    services.heard_item_decide(item=e, outcome="proposal", title="关于落实电商企业稳岗补贴的建议", by=user)
    opinion = PublicOpinion.objects.get()
    assert opinion.author == visit.member and "青岩刘村" in opinion.body
    topic = PlanTopic.objects.get()
    assert topic.source == PlanTopic.Source.MEMBER and topic.proposer_member == visit.member
    draft = Proposal.objects.get()
    assert draft.status == "draft" and draft.lead_member == visit.member
    items = {i.text: i for i in HeardItem.objects.all()}
    assert items["丙"].target == opinion and items["丁"].target == topic and items["戊"].target == draft
    assert TraceLink.objects.count() == 3
    assert DutyEvent.objects.filter(kind_id="village_item_outcome", member=visit.member).count() == 5
    with pytest.raises(ValidationError):  # decided once
        services.heard_item_decide(item=a, outcome="opinion", by=user)


def test_another_member_cannot_see_or_decide(visit, client):
    other = f.MemberFactory()
    item = visit.items.first()
    with pytest.raises(PermissionDenied):
        services.heard_item_decide(item=item, outcome="solved", note="x", by=other.user)
    client.force_login(other.user)
    assert client.get(visit.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("bodies:item_decide", args=[item.pk]), {f"item{item.pk}-outcome": "solved"}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.outcome == "pending"


def test_town_organiser_sees_visits_in_the_town_but_cannot_decide(visit, client):
    town = visit.village.work_committee
    organiser = f.OrganiserRoleFactory(work_committee=town).user
    client.force_login(organiser)
    assert client.get(visit.get_absolute_url()).status_code == 200
    other_town = f.OrganiserRoleFactory(work_committee=f.WorkCommitteeFactory()).user
    client.force_login(other_town)
    assert client.get(visit.get_absolute_url()).status_code == 404


def test_decide_form_submitted_as_a_browser_would(visit, client):
    client.force_login(visit.member.user)
    page = client.get(visit.get_absolute_url())
    item, form = page.context["rows"][0]
    assert set(form.fields) == {"outcome", "title", "note"}
    prefix = form.prefix
    response = client.post(
        reverse("bodies:item_decide", args=[item.pk]),
        {f"{prefix}-outcome": "topic", f"{prefix}-title": "电商企业稳岗用工", f"{prefix}-note": ""},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.outcome == "topic" and item.target.title == "电商企业稳岗用工"
    # the chain shows on the visit page: visit → item → topic
    body = client.get(visit.get_absolute_url()).content.decode()
    assert "来源与去向" in body and "电商企业稳岗用工" in body


def test_visit_list_constant_queries(linked, client, django_assert_max_num_queries):
    member, village = linked
    client.force_login(member.user)
    for n in (2, 20):
        for _ in range(n):
            v = f.VisitFactory(member=member, village=village)
            f.HeardItemFactory(visit=v)
        with django_assert_max_num_queries(10):
            assert client.get(reverse("bodies:visit_list")).status_code == 200
