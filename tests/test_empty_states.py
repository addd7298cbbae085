"""An empty list says so in a paragraph outside the list: an empty state rendered as an item of a
numbered list shows as "1. 暂无记录" (issue 18). Scans every template of the portal."""

import re
from pathlib import Path

import pytest

from tests import factories

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".venv", "var", "node_modules", "static", ".git"}

NUMBERED_LIST = re.compile(r"<ol\b|<(?:ul|div)\b[^>]*\blist-group-numbered\b")
EMPTY_ITEM = re.compile(r"{%\s*empty\s*%}\s*<li\b")


def templates():
    for path in ROOT.rglob("*.html"):
        if not SKIP & set(path.relative_to(ROOT).parts) and "templates" in path.parts:
            yield path


def numbered_blocks(text: str):
    """Each numbered list's source, from its opening tag to the matching close (nesting counted)."""
    for start in NUMBERED_LIST.finditer(text):
        tag = "ol" if start.group(0).startswith("<ol") else re.match(r"<(\w+)", start.group(0)).group(1)
        depth, pos = 0, start.start()
        for match in re.compile(rf"<{tag}\b|</{tag}>").finditer(text, pos):
            depth += 1 if not match.group(0).startswith("</") else -1
            if depth == 0:
                yield start.start(), text[start.start() : match.end()]
                break


def strip_unnumbered(block: str) -> str:
    # an inner bulleted list may have its own {% empty %} item: that one is not numbered
    return re.sub(r"<ul\b(?![^>]*list-group-numbered).*?</ul>", "", block, flags=re.S)


def test_the_scan_finds_templates_and_numbered_lists():
    paths = list(templates())
    assert len(paths) > 100
    assert any(list(numbered_blocks(p.read_text())) for p in paths)
    sample = "<ol>{% for x in xs %}<li>{{ x }}</li>{% empty %}<li>暂无记录</li>{% endfor %}</ol>"
    assert EMPTY_ITEM.search(strip_unnumbered(next(numbered_blocks(sample))[1]))


def test_no_numbered_list_renders_its_empty_state_as_an_item():
    offenders = []
    for path in templates():
        text = path.read_text()
        for start, block in numbered_blocks(text):
            if EMPTY_ITEM.search(strip_unnumbered(block)):
                line = text[:start].count("\n") + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert not offenders, "empty state inside a numbered list: " + ", ".join(offenders)


@pytest.mark.django_db
def test_a_suggestion_without_events_says_so_in_a_paragraph(client_for, staff_user):
    suggestion = factories.SuggestionFactory()
    html = client_for(staff_user).get(suggestion.get_absolute_url()).content.decode()
    timeline = html[html.index('id="s-tl"') :]
    timeline = timeline[: timeline.index("</section>")]
    assert re.search(r"<p[^>]*>暂无记录。</p>", timeline)
    assert "<ol" not in timeline and "<li" not in timeline
