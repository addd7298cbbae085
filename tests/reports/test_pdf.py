import re
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports import rendering, services
from reports.models import ReportSnapshot
from tests import factories

pytestmark = pytest.mark.django_db

# The faces of the report, by role: 仿宋 body, heavy 宋 title, 宋 page numbers (Fandol, loaded by
# file), 黑体 一、 headings, 楷体 (一) headings. Anything else would be a fallback face.
ALLOWED_FACES = {
    "CPPCC-FangSong",
    "CPPCC-XiaoBiaoSong",
    "CPPCC-Song",
    "Noto-Sans-CJK-SC",
    "NotoSansCJKsc-Regular",
    "AR-PL-KaitiM-GB",
}


@pytest.fixture
def report():
    report = factories.AnnualReportFactory(year=2020)
    factories.ReportSectionFactory(
        report=report,
        order=1,
        level=0,
        heading="2020年工作回顾",
        body="一年来,积极开展重大视察协商活动{{activities.major}}次,共立提案{{proposals.accepted}}件。",
    )
    factories.ReportSectionFactory(
        report=report,
        order=2,
        level=1,
        heading="一、坚持正确政治方向",
        body="始终坚持党对政协工作的全面领导。",
    )
    factories.ReportSectionFactory(
        report=report,
        order=3,
        level=2,
        heading="(一)深化理论武装",
        body="推动{{proposals.adopted}}件提案建议被相关部门采纳。",
    )
    return report


def _issue(report, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = services.snapshot_request(report=report, by=user)
    snapshot.refresh_from_db()
    return snapshot


def test_pdf_has_the_chinese_text_and_figures_with_only_embedded_cjk_fonts(
    report, fake_sources, tmp_path, staff_user, django_capture_on_commit_callbacks
):
    snapshot = _issue(report, staff_user, django_capture_on_commit_callbacks)
    assert snapshot.status == ReportSnapshot.Status.DONE, snapshot.error
    path = tmp_path / "r.pdf"
    path.write_bytes(snapshot.pdf.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = text.replace("\n", "")
    assert "各位委员" in flat and "深化理论武装" in flat
    assert "目录" not in flat.replace(" ", "").replace("\u3000", "")  # options off by default
    assert "共立提案293件" in flat and "视察协商活动27次" in flat and "286件提案建议" in flat
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        name = line.split()[0]
        emb = line.split()[-5]
        assert emb == "yes", line
        assert name.split("+")[-1] in ALLOWED_FACES, line


def test_missing_cjk_font_fails_with_a_clear_message(
    report, fake_sources, staff_user, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(rendering, "cjk_font_families", lambda: ["DejaVu Sans"])
    snapshot = _issue(report, staff_user, django_capture_on_commit_callbacks)
    assert snapshot.status == ReportSnapshot.Status.FAILED
    assert "fonts-noto-cjk" in snapshot.error and "fonts-arphic-gkai00mp" in snapshot.error
    assert "字体" in snapshot.error and "texlive-lang-chinese" not in snapshot.error
    assert not snapshot.pdf


def test_missing_fangsong_names_its_package(
    report, fake_sources, staff_user, tmp_path, settings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(rendering.conf, "FONT_DIR", str(tmp_path))  # an empty font directory
    snapshot = _issue(report, staff_user, django_capture_on_commit_callbacks)
    assert snapshot.status == ReportSnapshot.Status.FAILED
    assert "texlive-lang-chinese" in snapshot.error and "FandolFang-Regular.otf" in snapshot.error
    assert not snapshot.pdf


def test_issued_snapshot_is_frozen_while_the_preview_follows_the_data(
    report, fake_sources, staff_user, client_for, django_capture_on_commit_callbacks
):
    snapshot = _issue(report, staff_user, django_capture_on_commit_callbacks)
    assert "共立提案293件" in snapshot.text
    fake_sources.data[2020]["proposal_stats"]["accepted"] = 301  # a row changed afterwards
    client = client_for(staff_user)
    preview = client.get(reverse("reports:preview", args=[2020])).content.decode()
    assert "共立提案301件" in preview
    snapshot.refresh_from_db()
    assert (
        "共立提案293件" in snapshot.text and snapshot.figures["values"]["proposals.accepted"]["value"] == 293
    )
    page = client.get(snapshot.get_absolute_url()).content.decode()
    assert "共立提案293件" in page and "301" not in page
    download = client.get(reverse("reports:snapshot_download", args=[snapshot.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_command_writes_the_same_pdf(report, fake_sources, tmp_path):
    path = tmp_path / "out.pdf"
    call_command("annual_report", "2020", "--pdf", str(path))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "共立提案293件" in text.replace("\n", "")


def test_svg_chart_names_its_font():
    svg = rendering.bar_chart_svg("提案分类", [("经济建设", 3), ("城建环保", 2)])
    assert svg.startswith("<svg") and 'font-family="' in svg.split(">")[0] and "经济建设" in svg


# --- the 2020 report as printed --------------------------------------------------------------
CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”"


@pytest.fixture
def report_2020(fake_sources):
    from reports.demo import NARRATIVE_2020, parse_narrative
    from reports.models import AnnualReport, ReportSection

    header, sections = parse_narrative(NARRATIVE_2020.read_text(encoding="utf-8"))
    report = AnnualReport.objects.create(
        year=2020, title=header["title"], occasion=header["occasion"], speaker=header["speaker"]
    )
    ReportSection.objects.bulk_create(
        ReportSection(
            report=report, order=i, level=s["level"], heading=s["heading"], body="\n".join(s["body"])
        )
        for i, s in enumerate(sections, start=1)
    )
    return report


def _pdf(report, tmp_path, **options):
    import time

    started = time.monotonic()
    rendered = rendering.render_report(report=report, pdf=True, options=rendering.Options(**options))
    seconds = time.monotonic() - started
    path = tmp_path / "report.pdf"
    path.write_bytes(rendered.pdf)
    return path, seconds


def _pages(path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return text.stdout.split("\f")


def test_2020_pdf_body_in_fangsong_without_fallback_faces_and_full_width_punctuation(report_2020, tmp_path):
    path, seconds = _pdf(report_2020, tmp_path)
    print(f"2020 PDF: {seconds:.1f} s")  # the time budget is the bench's (bench/ops.py)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    assert "CPPCC-FangSong" in names  # the 仿宋 body face (FandolFang)
    assert "CPPCC-XiaoBiaoSong" in names  # the heavy serif of the title
    assert names <= ALLOWED_FACES, names - ALLOWED_FACES  # no fallback face
    for line in fonts.splitlines()[2:]:
        assert line.split()[-5] == "yes", line  # embedded
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = text.replace("\n", "")
    assert not re.findall(f"[{CJK}][,;:()!?][{CJK}]", text)
    assert not re.findall(f"[{CJK}][,;:()!?][{CJK}]", flat)
    assert "，" in flat and "（一）" in flat and "各位委员：" in flat


def test_2020_title_and_occasion_break_between_words_and_body_starts_on_page_1(report_2020, tmp_path):
    path, _seconds = _pdf(report_2020, tmp_path)
    first = [line.strip() for line in _pages(path)[0].splitlines() if line.strip()]
    assert "中国人民政治协商会议" in first
    assert "第十三届义乌市委员会常务委员会工作报告" in first
    assert "第五次会议上）" in first and "上）" not in first
    assert "— 1 —" in first or "—1—" in [line.replace(" ", "") for line in first]
    assert "目录" not in "".join(first).replace(" ", "")
    # without a space in the title, the break still falls after 委员会, never inside it
    report_2020.title = "政协第十三届义乌市委员会常务委员会工作报告"
    report_2020.save()
    path, _seconds = _pdf(report_2020, tmp_path)
    first = [line.strip() for line in _pages(path)[0].splitlines() if line.strip()]
    assert "政协第十三届义乌市委员会" in first and "常务委员会工作报告" in first


def test_internal_annex_has_contents_and_appendix_and_body_still_starts_on_page_1(report_2020, tmp_path):
    path, _seconds = _pdf(report_2020, tmp_path, toc=True, appendix=True)
    pages = _pages(path)
    squeezed = [page.replace(" ", "") for page in pages]
    assert "目录" in squeezed[1] and "—" not in squeezed[0] and "—" not in squeezed[1]
    assert "各位委员" in squeezed[2] and "—1—" in squeezed[2]
    assert any("附表与图表" in page for page in squeezed[3:])
