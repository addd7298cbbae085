import copy

import pytest

import reports.figures as figures_module

BASE = {
    "proposal_stats": {
        "received": 310,
        "accepted": 293,
        "merged": 10,
        "rejected": 7,
        "replied": 290,
        "replied_on_time": 285,
        "rated": 280,
        "satisfied": 250,
        "basically_satisfied": 25,
        "unsatisfied": 5,
        "adopted": 286,
        "class_a": 200,
        "class_b": 86,
        "class_c": 4,
        "key": 16,
        "excellent": 10,
        "overdue": 3,
    },
    "proposal_participation": {"members_proposed": 250, "members_total": 350},
    "proposal_categories": [{"name": "经济建设", "count": 80}, {"name": "城建环保", "count": 70}],
    "proposal_proposer_types": [{"name": "委员", "count": 250}],
    "unit_league": [
        {
            "unit_id": 1,
            "unit": "市住房和城乡建设局",
            "assigned": 20,
            "replied": 20,
            "on_time": 19,
            "rated": 18,
            "satisfied": 17,
        }
    ],
    "opinion_stats": {
        "collected": 161,
        "compiled": 100,
        "reported": 80,
        "adopted": 40,
        "adopted_city": 30,
        "adopted_province": 8,
        "adopted_national": 2,
        "instructed": 12,
    },
    "activity_stats": {
        "activities": 200,
        "major": 27,
        "come_consult_committee": 7,
        "come_consult_other": 26,
        "research_reports": 40,
        "oversight": 78,
        "inspections": 30,
        "surveys": 40,
        "consultations": 50,
        "by_kind": {"视察": 30, "调研": 40},
    },
    "suggestion_stats": {
        "total": 120,
        "advanced": 83,
        "landed_quickly": 5,
        "implemented": 40,
        "partially": 20,
        "in_progress": 23,
        "not_adopted": 10,
        "open": 30,
        "closed": 90,
        "instructed": 9,
        "overdue": 2,
    },
    "member_stats": {
        "active": 350,
        "with_events": 340,
        "average_score": 82.5,
        "bands": {"优秀": 100, "良好": 200},
        "below_minimum": 12,
    },
    "sector_ranking": [],
    "work_committee_ranking": [],
}


class FakeSources:
    """Stands in for the other apps' selectors: data per year, and a count of calls per source."""

    def __init__(self):
        self.data = {2020: copy.deepcopy(BASE), 2019: copy.deepcopy(BASE)}
        self.calls: dict[tuple[int, str], int] = {}

    def selector(self, source):
        def fn(*, year):
            self.calls[(year, source)] = self.calls.get((year, source), 0) + 1
            return copy.deepcopy(self.data.get(year, {}).get(source))

        return fn


@pytest.fixture
def fake_sources(monkeypatch):
    fake = FakeSources()
    monkeypatch.setattr(figures_module, "selector", fake.selector)
    return fake
