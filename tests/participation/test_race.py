"""Two submissions of one answer sheet at the same time (a double click, two tabs): two threads,
two database connections; one wins, the other is told the first answer stands."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from consultations.participation import services
from consultations.participation.models import Audience, SurveyResponse
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_connections_answer_once():
    staff = f.StaffUserFactory()
    member = f.MemberFactory().user
    survey = services.survey_create(
        by=staff,
        title="并发",
        year=2021,
        audience=Audience.MEMBERS,
        questions=[{"kind": "rating", "text": "分"}],
    )
    q = survey.questions.get()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def answer(rating: str) -> None:
        try:
            barrier.wait()
            services.survey_answer(survey=survey, by=member, answers={q.pk: rating})
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(r,)) for r in ("3", "5")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and outcomes.count("ok") == 1, outcomes
    assert "第一次提交为准" in [o for o in outcomes if o != "ok"][0]
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
