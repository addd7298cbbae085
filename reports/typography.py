"""Typography of Chinese official documents: full-width punctuation and where lines may break.

Pure functions on strings, used by rendering.py for the preview and the PDF alike (the same text
on screen and on paper).
"""

from __future__ import annotations

import re

# Characters that make their neighbourhood "Chinese text": CJK ideographs, CJK punctuation
# (、。《》「」…), full-width forms and the curly quotes used in Chinese (“ ” ‘ ’).
_CJK = (
    r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026"
)
CJK_RE = re.compile(f"[{_CJK}]")

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}

# Spans never touched: figure placeholders ({{code}}, [[code]]) and web addresses / e-mails.
_PLACEHOLDER = r"\{\{[^{}]*\}\}|\[\[[^\[\]]*\]\]"
_URL = r"(?:https?|ftp)://[^\s，。；）)\u3000-\u303f\u4e00-\u9fff]+|www\.[A-Za-z0-9.-]+[^\s\u3000-\u303f\u4e00-\u9fff]*|[\w.+-]+@[\w-]+\.[\w.-]+"
_PROTECTED_RE = re.compile(f"(?:{_PLACEHOLDER})|(?:{_URL})")
# Stand-ins while normalising: a placeholder is filled with a number, so it reads as a digit;
# a URL reads as a Latin letter.
_PH_MARK, _URL_MARK = "\ue000", "\ue001"


def _is_cjk(ch: str) -> bool:
    return bool(ch) and bool(CJK_RE.match(ch))


def _is_digit(ch: str) -> bool:
    return ch.isdigit() or ch == _PH_MARK


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest non-space character from index in direction step ("" at the ends)."""
    i = index + step
    while 0 <= i < len(text) and text[i] in " \t":
        i += step
    return text[i] if 0 <= i < len(text) else ""


def normalise_punctuation(text: str) -> str:
    """Print ， ； ： ！ ？ （ ） in Chinese text whatever was typed, leaving numbers (3.5, 1,000,
    10:30), Latin words ("Hello, world"), URLs and {{placeholders}} alone.

    A half-width mark becomes full-width when a Chinese character is its nearest neighbour on
    either side (a comma or colon between two digits stays). A pair of round brackets becomes
    full-width when it encloses or touches Chinese text. Spaces next to a converted mark go.
    """
    if not text:
        return text or ""
    protected: list[str] = []

    def protect(match: re.Match) -> str:
        protected.append(match.group(0))
        return _PH_MARK if match.group(0)[0] in "{[" else _URL_MARK

    work = _PROTECTED_RE.sub(protect, text)
    chars = list(work)

    # round brackets: pairs first (innermost outwards), then single ones by their neighbours
    stack: list[int] = []
    paired: set[int] = set()
    for i, ch in enumerate(chars):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            inner = "".join(chars[start + 1 : i])
            if (
                CJK_RE.search(inner)
                or _is_cjk(_neighbour(work, start, -1))
                or _is_cjk(_neighbour(work, i, 1))
            ):
                chars[start], chars[i] = "（", "）"
            paired.update((start, i))

    converted: set[int] = {i for i in paired if chars[i] != work[i]}
    for i, ch in enumerate(work):
        if ch not in FULL_WIDTH or i in paired:
            continue
        before, after = _neighbour(work, i, -1), _neighbour(work, i, 1)
        if ch in ",:" and _is_digit(before) and _is_digit(after):
            continue  # 1,000 / 10:30
        if _is_cjk(before) or _is_cjk(after):
            chars[i] = FULL_WIDTH[ch]
            converted.add(i)

    # drop spaces around converted marks ("提案 , 其中" -> "提案，其中")
    out: list[str] = []
    for i, ch in enumerate(chars):
        if ch in " \t":
            prev_i = i - 1
            while prev_i >= 0 and chars[prev_i] in " \t":
                prev_i -= 1
            next_i = i + 1
            while next_i < len(chars) and chars[next_i] in " \t":
                next_i += 1
            if prev_i in converted or next_i in converted:
                continue
        out.append(ch)
    result = "".join(out)
    parts = iter(protected)
    return re.sub(f"[{_PH_MARK}{_URL_MARK}]", lambda m: next(parts), result)


# --- where a heading may break -----------------------------------------------------------
# Break after these words when a line must be split (the end of a body's name, a meeting, …).
BREAK_AFTER = ("委员会", "政治协商会议", "会议上", "工作报告")
HALF_WIDTH_SPACE = re.compile(r"[ \u3000|/]+")


def balanced_lines(text: str, max_chars: int) -> list[str]:
    """Split a title or an occasion line into lines of at most `max_chars` characters, breaking
    only where staff put a space (or "|") or after a word that ends a name (委员会, 会议, 届 …),
    never inside a word, and never leaving a short tail such as "上）" alone: of the allowed
    breaks the one giving the most even lines wins. Lines the caller keeps together (no-wrap)."""
    text = (text or "").strip()
    if not text:
        return []
    explicit = [p for p in HALF_WIDTH_SPACE.split(text) if p]
    if len(explicit) > 1:
        lines: list[str] = []
        for part in explicit:
            lines += balanced_lines(part, max_chars)
        return lines
    if len(text) <= max_chars:
        return [text]
    candidates: set[int] = set()
    for word in BREAK_AFTER:
        for match in re.finditer(re.escape(word), text):
            candidates.add(match.end())
    candidates = {c for c in candidates if 0 < c < len(text)}
    best_score: tuple[int, int] | None = None
    best_lines = [text]  # no allowed break: the browser/PDF wraps it
    for cut in sorted(candidates):
        head, tail = text[:cut], text[cut:]
        if len(head) > max_chars:
            continue
        rest = balanced_lines(tail, max_chars)
        if any(len(line) > max_chars for line in rest):
            continue
        # fewer lines first, then the most even split
        score = (len(rest) + 1, abs(len(head) - len(rest[0])))
        if best_score is None or score < best_score:
            best_score, best_lines = score, [head, *rest]
    return best_lines
