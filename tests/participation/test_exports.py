"""The participation exports: staff only, and formula-like answers stay text."""

import datetime as dt

import pytest
from django.urls import reverse

from consultations.participation import services
from consultations.participation.models import Audience
from tests import factories as f
from tests.factories.participation import DeliberationFactory
from tests.security.test_exports import HYPERLINK, assert_text_not_formula

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    staff = f.StaffUserFactory()
    member = f.MemberFactory().user
    survey = services.survey_create(
        by=staff,
        title="问卷",
        year=2021,
        audience=Audience.MEMBERS,
        questions=[{"kind": "text", "text": "建议"}],
    )
    q = survey.questions.get()
    services.survey_answer(survey=survey, by=member, answers={q.pk: HYPERLINK})
    d = DeliberationFactory(audience=Audience.MEMBERS, activity__date=dt.date.today())
    services.opinion_post(deliberation=d, by=member, text="+1+1")
    return {"staff": staff, "survey": survey, "deliberation": d}


def test_exports_staff_only_and_formula_safe(objects, client, make_user):
    urls = {
        reverse("participation:survey_export", args=[objects["survey"].pk]): HYPERLINK,
        reverse("participation:deliberation_export", args=[objects["deliberation"].pk]): "+1+1",
    }
    for url, text in urls.items():
        client.logout()
        assert client.get(url)["Location"].startswith(reverse("login"))
        for role in ("member", "unit", "leader"):
            client.force_login(make_user(role))
            assert client.get(url).status_code == 403, (role, url)
        client.force_login(objects["staff"])
        response = client.get(url)
        assert response.status_code == 200
        assert_text_not_formula(response.content, text)
