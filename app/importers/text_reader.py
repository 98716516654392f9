"""Plain text → paragraphs for the recogniser: a report saved as .txt, or text extracted from a PDF.

Text extracted from a PDF (as in the reference seeds) breaks every printed line, often with an empty line
after each, cuts words at a line end ("22-\\nCT/TU") and puts footnotes at the foot of each page after a
long run of spaces. The reader joins the lines back into paragraphs, puts the footnotes back where their
number stands in the text, and turns wide gaps between columns (Nơi nhận | chữ ký) into tabs.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from app.core.model import Footnote, Inline, Span
from app.importers.clipboard import clean_pasted
from app.importers.labels import parse_label
from app.importers.result import ImportNote
from app.importers.source import SourceItem, SourceParagraph

_COLUMN_GAP = re.compile(r"[ \u00a0]{5,}|\t+")
_SPACES = re.compile(r"[ \u00a0]{2,}")
_FOOTNOTE_LINE = re.compile(r"^[ \u00a0]*(\d{1,3})[ \u00a0]+(?=\S)")
_RULE_LINE = re.compile(r"^(?:[ \u00a0]{15,}|[ \u00a0]*[_\-–—]{10,}[ \u00a0]*)$")
_TERMINAL = ".:;!?"
_CLOSING_MARKS = "”\"’')]»"
_RUNNING_ON_WORDS = frozenset(
    "của tại và với về trong cho theo ở từ đến những các là để thì mà nhưng hoặc như số ngày "  # noqa: SIM905
    "trên dưới giữa sau trước bằng do vì nên".split()
)
"""Words a heading or a sentence does not end with: a line ending with one runs on into the next."""
_MARKER = "\ue000"
"""Stands for a footnote inside joined text until the paragraph is built (private use, never in real text)."""
_MARKER_PATTERN = re.compile(_MARKER + r"(\d+)" + _MARKER)
DOUBLE_SPACED_SHARE = 0.6
"""Share of lines followed by an empty line from which empty lines are layout, not paragraph breaks."""
JOIN_WIDTH_SHARE = 0.8
"""A line at least this share of the usual line width, without final punctuation, runs on into the next."""
LABELLED_JOIN_WIDTH_SHARE = 0.9
FULL_LINE_SHARE = 0.88
"""A line ending a sentence this close to the usual width is taken as running on into the next."""
RUNNING_ON_WIDTH_SHARE = 0.6
"""A line ending with a word like "của" or "tại" runs on when at least this long (a short one is a heading)."""
FEW_LINES = 10
MIN_LINE_WIDTH = 40
"""No printed report has lines narrower than this (A4, 13–14 pt): a shorter line ends its paragraph."""
ONE_PARAGRAPH_PER_LINE = 200
"""Median line length from which each line is taken as a whole paragraph (text saved from Word)."""
FOOTNOTE_ANCHOR_LINES = 80


@dataclass(slots=True)
class _Line:
    text: str
    """Without the spaces at either end; gaps between columns turned into tabs."""
    trailing_spaces: int
    leading_space: bool
    blank_before: bool = False


def text_items(text: str) -> tuple[list[SourceItem], list[ImportNote]]:
    """Paragraphs of a plain-text report, with footnotes put back at their marks, and notes on what was done."""
    text, removed = clean_pasted(text)
    notes: list[ImportNote] = []
    if removed:
        notes.append(ImportNote("check", removed))
    raw_lines = text.split("\n")
    lines = _layout_lines(raw_lines)
    footnotes: list[str] = []
    lines = _extract_footnotes(lines, footnotes, notes)
    paragraphs = _join(lines)
    items: list[SourceItem] = [_paragraph(text, blank, footnotes) for text, blank in paragraphs]
    if footnotes:
        notes.append(ImportNote("recognised", f"Đã đặt lại {len(footnotes)} chú thích cuối trang vào chỗ đánh số."))
    return items, notes


def _layout_lines(raw_lines: list[str]) -> list[_Line]:
    """Non-empty lines, each knowing whether an empty line (a paragraph break) stood before it."""
    content = [index for index, line in enumerate(raw_lines) if line.strip()]
    followed_by_empty = sum(1 for index in content if index + 1 < len(raw_lines) and raw_lines[index + 1] == "")
    # PDF extractions often put an empty line after every printed line: then only lines holding spaces
    # (an empty paragraph of the original) separate paragraphs.
    double_spaced = bool(content) and followed_by_empty >= DOUBLE_SPACED_SHARE * len(content)
    lines: list[_Line] = []
    blank = False
    for raw in raw_lines:
        if not raw.strip():
            if _RULE_LINE.match(raw):
                lines.append(_Line("", 0, False))  # kept: a footnote rule
                continue
            if raw or not double_spaced:
                blank = True
            continue
        body = raw.rstrip(" \u00a0\t")
        stripped = body.lstrip(" \u00a0")
        tidy = _COLUMN_GAP.sub("\t", stripped)
        tidy = _SPACES.sub(" ", tidy)
        lines.append(_Line(tidy, len(raw) - len(body), stripped != body, blank_before=blank))
        blank = False
    return lines


def _extract_footnotes(lines: list[_Line], footnotes: list[str], notes: list[ImportNote]) -> list[_Line]:
    """Take the footnotes out from under their rules and mark their numbers in the text above."""
    result: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.text:
            result.append(line)
            index += 1
            continue
        # A rule: footnotes follow when the next line starts with a number.
        index += 1
        while index < len(lines) and _FOOTNOTE_LINE.match(lines[index].text):
            match = _FOOTNOTE_LINE.match(lines[index].text)
            assert match is not None
            number = match.group(1)
            parts = [lines[index].text[match.end() :]]
            index += 1
            while (
                index < len(lines)
                and lines[index].text
                and not lines[index].leading_space
                and not _FOOTNOTE_LINE.match(lines[index].text)
            ):
                parts.append(lines[index].text)
                index += 1
            note_text = _join_note(parts)
            footnotes.append(note_text)
            if not _mark_anchor(result, number, len(footnotes) - 1):
                notes.append(
                    ImportNote(
                        "check",
                        f"Không tìm thấy chỗ đánh số {number} của một chú thích cuối trang; chú thích được đặt ở "
                        "cuối đoạn văn đứng trước nó, hãy kiểm tra vị trí.",
                    )
                )
                target = next((previous for previous in reversed(result) if previous.text), None)
                if target is not None:
                    target.text += f"{_MARKER}{len(footnotes) - 1}{_MARKER}"
                else:
                    result.append(_Line(f"{_MARKER}{len(footnotes) - 1}{_MARKER}", 0, False))
    return result


def _join_note(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        text = _glue(text, part)
    return text.strip()


def _mark_anchor(lines: list[_Line], number: str, footnote: int) -> bool:
    """Put a footnote marker where its number stands: glued to a word ("chuyên môn1.") or alone at a line end."""
    glued = re.compile(rf"(?:(?<=[^\W\d_])|(?<=[^\W\d_][”\"’)])){number}(?=[\s.,;:)”\"’]|$)")
    alone = re.compile(rf"(?<=\s){number}\s*$")
    marker = f"{_MARKER}{footnote}{_MARKER}"
    for line in reversed(lines[-FOOTNOTE_ANCHOR_LINES:]):
        matches = list(glued.finditer(line.text)) or list(alone.finditer(line.text))
        if matches:
            found = matches[-1]
            line.text = line.text[: found.start()].rstrip() + marker + line.text[found.end() :]
            return True
    return False


def _join(lines: list[_Line]) -> list[tuple[str, bool]]:
    """Lines joined back into paragraphs: (text, whether a blank line stood before it)."""
    if not lines:
        return []
    lengths = sorted(len(line.text) for line in lines)
    if statistics.median(lengths) >= ONE_PARAGRAPH_PER_LINE:
        return [(line.text, line.blank_before) for line in lines]
    # The usual width of a printed line: most lines of a wrapped paragraph reach it. A short text has too few
    # lines to tell, so its longest line stands for it.
    width = lengths[round(0.8 * (len(lengths) - 1))] if len(lengths) >= FEW_LINES else lengths[-1]
    width = max(width, MIN_LINE_WIDTH)
    paragraphs: list[tuple[str, bool]] = []
    current = lines[0]
    text = current.text
    blank = current.blank_before
    for following in lines[1:]:
        if not following.blank_before and _runs_on(current, text, following, width):
            text = _glue(text, following.text)
        else:
            paragraphs.append((text, blank))
            text = following.text
            blank = following.blank_before
        current = following
    paragraphs.append((text, blank))
    return paragraphs


def _runs_on(line: _Line, text: str, following: _Line, width: int) -> bool:
    """Whether the next line continues the paragraph of this one (a line broken mid-sentence)."""
    if "\t" in line.text or "\t" in following.text:
        return False  # two columns side by side (Nơi nhận | chữ ký)
    label = parse_label(following.text)
    if label is not None:
        return False
    if line.text.endswith("-") and not line.text.endswith(" -"):
        return True
    first = following.text.lstrip(_MARKER + "0123456789")[:1]
    if first.islower():
        return True
    if line.trailing_spaces >= 2:
        return False  # a hard line break in the original
    words = line.text.split()
    if words and words[-1].lower() in _RUNNING_ON_WORDS and len(line.text) >= RUNNING_ON_WIDTH_SHARE * width:
        return True  # "… theo từng nội dung thi đua tại" / "Kế hoạch số 70…"
    last = line.text.rstrip(_CLOSING_MARKS + _MARKER + "0123456789")[-1:]
    if line.text.endswith("./."):
        return False
    if last in _TERMINAL:
        # A sentence may end exactly at the end of a full printed line and the paragraph go on.
        return len(line.text) >= FULL_LINE_SHARE * width
    share = LABELLED_JOIN_WIDTH_SHARE if parse_label(text) is not None else JOIN_WIDTH_SHARE
    return len(line.text) >= share * width


def _glue(text: str, following: str) -> str:
    """Join two broken lines: no space after a word cut with a hyphen ("22-" + "CT/TU")."""
    if text.endswith("-") and (not text.endswith(" -") or following[:1].isupper() or following[:1].isdigit()):
        return text + following
    return f"{text} {following}"


def _paragraph(text: str, blank_before: bool, footnotes: list[str]) -> SourceParagraph:
    inline: Inline = []
    position = 0
    for match in _MARKER_PATTERN.finditer(text):
        if match.start() > position:
            inline.append(Span(text[position : match.start()]))
        inline.append(Footnote(footnotes[int(match.group(1))]))
        position = match.end()
    if position < len(text):
        inline.append(Span(text[position:]))
    return SourceParagraph(inline, blank_before=blank_before)
