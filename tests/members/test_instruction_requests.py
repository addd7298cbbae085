"""报请领导批示 and the leader's 待我批示 panel (docs/members.md, 批示): each chosen leader is told
once, the panel lists only that leader's waiting items with their age since they were asked, and
a leader cannot record a 批示 in another leader's name."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from consultations import services as cs
from members.models import Instruction, InstructionRequest, Notification
from members.panels import home_panels
from members.selectors import instructions_waiting
from proposals import services as ps
from proposals.models import OpinionStatus
from tests import factories as f

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def leaders():
    return f.LeaderUserFactory(name="王领导"), f.LeaderUserFactory(name="李领导")


@pytest.fixture
def suggestion():
    return f.SuggestionFactory(text="建设城市慢行系统")


@pytest.fixture
def opinion():
    return f.PublicOpinionFactory(title="关于农村养老的建议", status=OpinionStatus.REPORTED)


def told(user) -> int:
    return Notification.objects.filter(recipient=user, kind="instruction_requested").count()


def test_each_chosen_leader_is_told_once(staff_user, leaders, suggestion, django_capture_on_commit_callbacks):
    wang, li = leaders
    with django_capture_on_commit_callbacks(execute=True):
        cs.suggestion_request_instruction(suggestion=suggestion, leaders=[wang], by=staff_user, note="请阅示")
    assert told(wang) == 1 and told(li) == 0  # the second leader was not asked, so not told
    notice = Notification.objects.get(recipient=wang)
    assert notice.title == "请您批示:建设城市慢行系统" and notice.url == suggestion.get_absolute_url()
    request = InstructionRequest.objects.get()
    assert notice.delivery_key.endswith(f"event=members.instructionrequest:{request.pk}")
    with django_capture_on_commit_callbacks(execute=True):  # asked again, now with a second leader
        cs.suggestion_request_instruction(suggestion=suggestion, leaders=[wang, li], by=staff_user)
    assert told(wang) == 1 and told(li) == 1
    assert InstructionRequest.objects.count() == 2
    assert suggestion.events.filter(action="request_instruction").count() == 2  # the timeline keeps both


def test_only_leaders_can_be_asked(staff_user, suggestion, member_user):
    with pytest.raises(ValidationError):
        cs.suggestion_request_instruction(suggestion=suggestion, leaders=[member_user], by=staff_user)
    assert not InstructionRequest.objects.exists()


def test_panel_lists_the_leaders_own_items_with_real_ages(staff_user, leaders, suggestion, opinion):
    wang, li = leaders
    with time_machine.travel(dt.datetime(2026, 11, 2, 23, 30, tzinfo=TZ), tick=False):
        cs.suggestion_request_instruction(suggestion=suggestion, leaders=[wang], by=staff_user)
    with time_machine.travel(dt.datetime(2026, 11, 20, 8, 0, tzinfo=TZ), tick=False):
        ps.opinion_request_instruction(opinion=opinion, leaders=[wang, li], by=staff_user)
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, tzinfo=TZ), tick=False):
        rows = instructions_waiting(leader=wang)
        assert [(r.target, r.age_days) for r in rows] == [(suggestion, 28), (opinion, 10)]
        assert [r.target for r in instructions_waiting(leader=li)] == [opinion]
        # wang answers the opinion: it leaves wang's list, not li's
        ps.opinion_instruct(opinion=opinion, by=wang, date=dt.date(2026, 11, 30), text="请有关部门研究。")
        assert [r.target for r in instructions_waiting(leader=wang)] == [suggestion]
        assert [r.target for r in instructions_waiting(leader=li)] == [opinion]


def test_home_panel_shows_ages_and_keeps_its_queries(
    staff_user, leaders, client_for, django_assert_num_queries
):
    wang, li = leaders
    first = f.SuggestionFactory(text="第一条建议")
    with time_machine.travel(dt.datetime(2026, 11, 1, 10, 0, tzinfo=TZ), tick=False):
        cs.suggestion_request_instruction(suggestion=first, leaders=[wang], by=staff_user)
        cs.suggestion_request_instruction(
            suggestion=f.SuggestionFactory(text="别人的建议"), leaders=[li], by=staff_user
        )
    with time_machine.travel(dt.datetime(2026, 11, 8, 10, 0, tzinfo=TZ), tick=False):
        with django_assert_num_queries(2):  # the requests, then the suggestions
            instructions_waiting(leader=wang)
        for n in range(4):
            item = f.PublicOpinionFactory(title=f"社情民意{n}", status=OpinionStatus.REPORTED)
            ps.opinion_request_instruction(opinion=item, leaders=[wang], by=staff_user)
        with django_assert_num_queries(3):  # + the opinions: one per kind of item, not per row
            assert len(instructions_waiting(leader=wang)) == 5
        panel = next(p for p in home_panels(wang) if p.title == "待我批示")
        assert len(panel.context["requests"]) == 5
        page = client_for(wang).get(reverse("home")).content.decode()
        listed = re.sub(r"\s+", " ", render_to_string(panel.template, {"ctx": panel.context}))
    assert "待我批示" in page and listed in re.sub(r"\s+", " ", page)
    assert "第一条建议" in listed and "已报请 7 天" in listed and "已报请 0 天" in listed
    assert "别人的建议" not in listed


def test_staff_send_to_leaders_from_the_page(staff_user, leaders, suggestion, opinion, client_for):
    wang, li = leaders
    client = client_for(staff_user)
    page = client.get(suggestion.get_absolute_url()).content.decode()
    form = page[page.index("/do/request_instruction/") :]
    form = form[: form.index("</form>")]
    assert (
        '<select name="request_instruction-leaders"' in form and f'<option value="{wang.pk}">王领导' in form
    )
    response = client.post(
        reverse("consultations:suggestion_action", args=[suggestion.pk, "request_instruction"]),
        {"request_instruction-leaders": [str(wang.pk), str(li.pk)], "request_instruction-note": "请阅示"},
    )
    assert response.status_code == 302
    assert set(InstructionRequest.objects.values_list("leader__name", flat=True)) == {"王领导", "李领导"}
    # nobody chosen: a clear message, nothing written
    response = client.post(
        reverse("proposals:opinion_action", args=[opinion.pk, "request_instruction"]),
        {"request_instruction-note": "请阅示"},
    )
    assert response.status_code == 400 and "请选择报请批示的领导" in response.content.decode()
    page = client.get(reverse("proposals:opinion_detail", args=[opinion.pk])).content.decode()
    assert "报请领导批示" in page
    response = client.post(
        reverse("proposals:opinion_action", args=[opinion.pk, "request_instruction"]),
        {"request_instruction-leaders": [str(li.pk)]},
    )
    assert response.status_code == 302
    assert [r.target for r in instructions_waiting(leader=li)] == [suggestion, opinion]


def test_a_leader_cannot_instruct_in_another_leaders_name(staff_user, leaders, suggestion, client_for):
    wang, li = leaders
    cs.suggestion_request_instruction(suggestion=suggestion, leaders=[wang], by=staff_user)
    client = client_for(li)
    page = client.get(suggestion.get_absolute_url()).content.decode()
    assert "/do/request_instruction/" not in page and "/do/instruct/" in page  # asking is for staff
    response = client.post(
        reverse("consultations:suggestion_action", args=[suggestion.pk, "instruct"]),
        {"instruct-leader": str(wang.pk), "instruct-date": "2026-11-30", "instruct-text": "同意。"},
    )
    assert response.status_code == 400 and "领导只能录入本人的批示" in response.content.decode()
    response = client.post(
        reverse("consultations:suggestion_action", args=[suggestion.pk, "request_instruction"]),
        {"request_instruction-leaders": [str(li.pk)]},
    )
    assert response.status_code in (400, 403)
    assert not Instruction.objects.exists()
    assert [r.target for r in instructions_waiting(leader=wang)] == [suggestion]
    assert instructions_waiting(leader=li) == []


def test_a_suggestion_waits_since_its_activity_not_since_it_was_typed_in():
    from consultations.selectors import suggestions_for_leader

    activity = f.ActivityFactory(date=dt.date(2026, 10, 8))
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=TZ), tick=False):
        f.SuggestionFactory(activity=activity, text="会后录入的建议")  # entered today, made on 10-08
        assigned = f.AssignedSuggestionFactory(activity=activity, assigned_at=dt.date(2026, 11, 21))
        ages = {s.text: s.age_days for s in suggestions_for_leader()}
    assert ages == {"会后录入的建议": 54, assigned.text: 10}
