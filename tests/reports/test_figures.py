import pytest
from django.core.exceptions import ValidationError

from reports import figures, services
from reports.figures import REGISTRY, FigureBook, fill, placeholders_in
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_figure_has_label_unit_description_and_link(fake_sources):
    book = FigureBook(2020)
    for value in book.all():
        f = value.figure
        assert f.label and f.unit and f.description, f.code
        assert "." in f.code
    assert book["proposals.accepted"].value == 293


def test_rates_are_computed_from_counts(fake_sources):
    book = FigureBook(2020)
    assert book["proposals.acceptance_rate"].value == round(100 * 293 / 310, 1)
    assert book["proposals.reply_rate"].value == round(100 * 290 / 293, 1)
    assert book["proposals.satisfaction_rate"].value == round(100 * (250 + 25) / 280, 1)
    assert book["proposals.adoption_rate"].value == round(100 * 286 / 290, 1)
    assert book["proposals.on_time_rate"].value == round(100 * 285 / 290, 1)
    assert book["proposals.participation_rate"].display == f"{100 * 250 / 350:.1f}"
    fake_sources.data[2020]["proposal_stats"]["rated"] = 0
    assert FigureBook(2020)["proposals.satisfaction_rate"].value is None  # no division by zero
    assert FigureBook(2020)["proposals.satisfaction_rate"].display == "—"


def test_each_selector_called_once_per_year(fake_sources):
    book = FigureBook(2020)
    book.all()
    book.all()
    assert fake_sources.calls, "no selector called"
    assert set(fake_sources.calls.values()) == {1}


def test_missing_selector_gives_no_value(monkeypatch):
    monkeypatch.setattr(figures, "selector", lambda source: None)
    value = FigureBook(2020)["proposals.accepted"]
    assert value.value is None and value.display == "—"


def test_placeholders_both_syntaxes():
    text = "共立提案{{proposals.accepted}}件,采纳[[ proposals.adopted ]]件,再次{{ proposals.accepted }}"
    assert placeholders_in(text) == ["proposals.accepted", "proposals.adopted"]
    assert (
        fill(text, {"proposals.accepted": "293", "proposals.adopted": "286"})
        == "共立提案293件,采纳286件,再次293"
    )


def test_links_point_to_the_filtered_list(fake_sources):
    url = FigureBook(2020)["proposals.adopted"].url
    assert "year=2020" in url and "figure=adopted" in url


def test_unknown_placeholder_is_refused_with_its_name_and_nothing_changes():
    section = factories.ReportSectionFactory(body="原文{{proposals.accepted}}")
    with pytest.raises(ValidationError) as exc:
        services.section_update(section=section, level=1, heading="", body="共{{proposals.acceptd}}件")
    assert "proposals.acceptd" in exc.value.messages[0] and "未知的数据占位符" in exc.value.messages[0]
    section.refresh_from_db()
    assert section.body == "原文{{proposals.accepted}}"


def test_registry_codes_unique_and_namespaced():
    assert len(REGISTRY) == len(figures.FIGURES)
    # the core namespaces, plus one per app that declares <app>/figures.py (named after its label)
    assert {code.split(".")[0] for code in REGISTRY} >= {
        "proposals",
        "opinions",
        "activities",
        "suggestions",
        "members",
        "bodies",
    }


def test_new_report_starts_from_previous_years_text():
    old = factories.AnnualReportFactory(year=2020)
    factories.ReportSectionFactory(report=old, order=1, heading="一、甲", body="共{{proposals.accepted}}件")
    factories.ReportSectionFactory(report=old, order=2, heading="二、乙", body="正文")
    new = services.report_create(year=2021)
    assert [s.heading for s in new.sections.all()] == ["一、甲", "二、乙"]
    assert new.title == old.title
    with pytest.raises(ValidationError):
        services.report_create(year=2021)


def test_new_report_moves_the_years_in_headings_on():
    old = factories.AnnualReportFactory(year=2020)
    factories.ReportSectionFactory(report=old, order=1, heading="2020年工作回顾", body="2020年,我们……")
    factories.ReportSectionFactory(report=old, order=2, heading="2021年工作任务", body="")
    new = services.report_create(year=2021)
    sections = list(new.sections.all())
    assert [s.heading for s in sections] == ["2021年工作回顾", "2022年工作任务"]
    assert sections[0].body == "2020年,我们……"  # last year's words stay for staff to rewrite


def test_sections_add_move_delete():
    report = factories.AnnualReportFactory(year=2020)
    a = services.section_add(report=report, level=1, heading="A", body="")
    b = services.section_add(report=report, level=1, heading="B", body="")
    c = services.section_add(report=report, level=2, heading="C", body="", after=a)
    assert [s.heading for s in report.sections.all()] == ["A", "C", "B"]
    services.section_move(section=b, direction="up")
    assert [s.heading for s in report.sections.all()] == ["A", "B", "C"]
    services.section_delete(section=c)
    assert [s.heading for s in report.sections.all()] == ["A", "B"]
