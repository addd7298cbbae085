"""The 2020 annual work report of the demo committee: the seed's narrative with its figures
replaced by placeholders, so `annual_report 2020` reproduces the seed with every figure computed."""

from __future__ import annotations

from pathlib import Path

from cppcc.demo import DemoContext

from .models import AnnualReport, ReportSection

NARRATIVE_2020 = Path(__file__).with_name("demo_2020.md")


def parse_narrative(text: str) -> tuple[dict[str, str], list[dict]]:
    """Header lines ("title: …") and sections from the narrative file format described in it."""
    header: dict[str, str] = {}
    sections: list[dict] = []
    levels = {"# ": 0, "## ": 1, "### ": 2}
    in_comment = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("<!--"):
            in_comment = True
        if in_comment:
            in_comment = "-->" not in line
            continue
        if not line:
            continue
        if not sections and ":" in line and line.split(":", 1)[0] in ("title", "occasion", "speaker"):
            key, value = line.split(":", 1)
            header[key] = value.strip()
            continue
        prefix = next((p for p in ("### ", "## ", "# ") if line.startswith(p)), None)
        if prefix:
            sections.append({"level": levels[prefix], "heading": line[len(prefix) :].strip(), "body": []})
        elif line == "---" or not sections:
            sections.append({"level": 1, "heading": "", "body": [] if line == "---" else [line]})
        else:
            sections[-1]["body"].append(line)
    return header, sections


def seed(ctx: DemoContext) -> None:
    if AnnualReport.objects.filter(year=2020).exists():
        ctx.say("reports: 2020 report already present")
        return
    header, sections = parse_narrative(NARRATIVE_2020.read_text(encoding="utf-8"))
    report = AnnualReport.objects.create(
        year=2020,
        title=header["title"],
        occasion=header.get("occasion", ""),
        speaker=header.get("speaker", ""),
    )
    ReportSection.objects.bulk_create(
        ReportSection(
            report=report, order=i, level=s["level"], heading=s["heading"], body="\n".join(s["body"])
        )
        for i, s in enumerate(sections, start=1)
    )
    ctx.say(f"reports: 2020 annual report with {len(sections)} sections")
