"""Crawl every public link as an anonymous visitor, starting from the public index: every page
answers 200, links stay inside the public site, and nothing private appears — drafts, 面商 records,
unpublished replies, hidden or pending posts, internal calls and results, phone numbers."""

import datetime as dt
import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest

from consultations.participation import services
from consultations.participation.models import Audience, Deliberation, Opinion, TopicCall
from proposals.models import Contact, Reply, ReplyClass
from tests import factories as f

pytestmark = pytest.mark.django_db

PUBLIC_PREFIXES = ("/public/", "/static/", "/captcha/")
HREF = re.compile(r"""(?:href|src|action)=["']([^"']*)["']""")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|0\d{2,3}-\d{7,8}")


def _reply(*, text: str, public: bool, checked: bool, number: int):
    assignment = f.AssignmentFactory()
    proposal = assignment.proposal
    proposal.number, proposal.status, proposal.reply_public = number, "replied", public
    proposal.save()
    Contact.objects.create(
        assignment=assignment, date=dt.date(2020, 4, 1), form="phone", summary="面商记录机密内容"
    )
    return Reply.objects.create(
        proposal=proposal,
        assignment=assignment,
        reply_class=ReplyClass.objects.first(),
        text=text,
        is_public=public,
        submitted_on=dt.date(2020, 5, 1),
        checked_on=dt.date(2020, 5, 2) if checked else None,
    )


@pytest.fixture
def world():
    staff = f.StaffUserFactory()
    member = f.MemberFactory(phone="13912345678", name="委员张三")
    # proposals: a draft, a public reply, a reply not public, a public one not yet checked
    f.ProposalFactory(title="草稿机密标题", lead_member=member)
    _reply(text="公开答复内容", public=True, checked=True, number=1)
    _reply(text="未公开答复内容", public=False, checked=True, number=2)
    _reply(text="未审核答复内容", public=True, checked=False, number=3)
    # calls: a public one with a published, a pending and a hidden topic; an internal call
    call = services.call_create(
        by=staff,
        year=2021,
        title="公开征集",
        deadline=dt.date.today() + dt.timedelta(days=9),
        open_to_public=True,
    )
    services.call_create(by=staff, year=2021, title="内部征集", deadline=dt.date.today())
    shown = services.public_submission_create(
        call=call, name="公开群众", phone="13800000001", title="公开议题", reason="公开理由"
    )
    services.submission_moderate(submission=shown, by=staff, publish=True)
    services.public_submission_create(
        call=call, name="待审群众", phone="13800000002", title="待审核议题", reason="r"
    )
    hidden = services.public_submission_create(
        call=call, name="屏蔽群众", phone="13800000003", title="被屏蔽议题", reason="r"
    )
    services.submission_moderate(submission=hidden, by=staff, publish=False, reason="重复")
    services.submission_create(call=call, by=member.user, title="委员荐题公开", reason="委员理由")
    # deliberations: a public one with visible, hidden and pending posts and a published result;
    # one on an internal activity
    activity = f.ActivityFactory(is_public=True, topic="公开协商主题", date=dt.date.today())
    f.InvitationFactory(activity=activity, member=member)
    d = services.deliberation_open(activity=activity, by=staff, audience=Audience.PUBLIC)
    keep = services.opinion_post(deliberation=d, by=member.user, text="可见的委员意见")
    bad = services.opinion_post(deliberation=d, by=member.user, text="被屏蔽的意见")
    services.opinion_hide(opinion=bad, by=staff, reason="跑题")
    services.opinion_post(deliberation=d, by=member.user, text="被屏蔽帖的回复", parent=keep)
    services.opinion_hide(opinion=Opinion.objects.get(text="被屏蔽帖的回复"), by=staff, reason="跑题")
    services.public_opinion_post(deliberation=d, name="待审网友", phone="13800000004", text="待审核意见")
    services.deliberation_publish_result(deliberation=d, by=staff, summary="已发布的协商成果")
    internal = f.ActivityFactory(is_public=False, topic="内部活动主题")
    Deliberation.objects.create(activity=internal, audience=Audience.MEMBERS, result_summary="未发布成果")
    # surveys: a public one, a members-only one
    q = [{"kind": "rating", "text": "满意度"}]
    services.survey_create(by=staff, title="公众问卷", year=2021, audience=Audience.PUBLIC, questions=q)
    services.survey_create(by=staff, title="委员内部问卷", year=2021, audience=Audience.MEMBERS, questions=q)
    return {"call": call}


FORBIDDEN = [
    "草稿机密标题",
    "面商记录机密内容",
    "未公开答复内容",
    "未审核答复内容",
    "内部征集",
    "待审核议题",
    "被屏蔽议题",
    "被屏蔽的意见",
    "被屏蔽帖的回复",
    "待审核意见",
    "内部活动主题",
    "未发布成果",
    "委员内部问卷",
    "待审群众",
    "屏蔽群众",
    "公开群众",
    "待审网友",
    "委员张三",
]
EXPECTED = [
    "公开答复内容",
    "公开议题",
    "委员荐题公开",
    "可见的委员意见",
    "已发布的协商成果",
    "公众问卷",
    "公开征集",
]


def test_anonymous_crawl_shows_only_public_data(client, world):
    seen: dict[str, str] = {}
    queue = deque(["/public/"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            seen[url] = ""
            continue
        html = response.content.decode()
        seen[url] = html
        for word in FORBIDDEN:
            assert word not in html, f"{word!r} shown on {url}"
        assert not PHONE.search(html), f"a phone number on {url}: {PHONE.search(html).group()}"
        for link in HREF.findall(html):
            link = urldefrag(link)[0]
            if not link or link.startswith(("mailto:", "tel:")):
                continue
            parsed = urlparse(link)
            assert not parsed.netloc or parsed.netloc == "testserver", f"outside link {link} on {url}"
            path = parsed.path or urlparse(url).path
            assert path.startswith(PUBLIC_PREFIXES), f"internal URL {link} linked from {url}"
            if path.startswith("/public/"):
                queue.append(path + (f"?{parsed.query}" if parsed.query else ""))
    pages = "".join(seen.values())
    for word in EXPECTED:
        assert word in pages, f"{word!r} should be public"
    assert len([u for u in seen if u.startswith("/public/")]) >= 8


@pytest.mark.parametrize(
    "url", ["/participation/", "/participation/moderation/", "/proposals/mine/", "/consultations/", "/admin/"]
)
def test_internal_pages_are_not_reachable_anonymously(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "login/" in response["Location"]


def test_public_pages_are_cached_and_never_stale(client, world, settings):
    """With the data cache on (as in production), the page is served from the cache until a
    committed write moves the data version; here the version is faked."""
    from django.core.cache.backends.locmem import LocMemCache

    from cppcc import datacache

    cache = LocMemCache("participation-test", {})
    versions = iter([1, 1, 2])
    original = (datacache.data_cache, datacache.data_version, datacache.write_pending)
    datacache.data_cache = lambda: cache
    datacache.data_version = lambda: next(versions)
    datacache.write_pending = lambda conn: False
    try:
        first = client.get("/public/calls/").content
        TopicCall.objects.filter(pk=world["call"].pk).update(title="改名后的征集")
        assert client.get("/public/calls/").content == first  # same version: from the cache
        assert "改名后的征集" in client.get("/public/calls/").content.decode()  # new version
    finally:
        datacache.data_cache, datacache.data_version, datacache.write_pending = original
