"""What the import tests compare: the words of a report in reading order, and its section tree."""

from __future__ import annotations

import difflib
import re
import unicodedata

from app.core.cells import cell_text
from app.core.model import Bullet, Footnote, Inline, Paragraph, Report, Section, Span, Table, walk_sections

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Words as a reader counts them: case-folded, punctuation and "./." left out."""
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def _inline_words(inline: Inline) -> list[str]:
    found: list[str] = []
    for part in inline:
        found.extend(words(part.text) if isinstance(part, (Span, Footnote)) else [])
    return found


def _section_words(section: Section) -> list[str]:
    found = words(section.title)
    for block in section.blocks:
        if isinstance(block, Section):
            found.extend(_section_words(block))
        elif isinstance(block, (Paragraph, Bullet)):
            found.extend(_inline_words(block.inline))
        elif isinstance(block, Table):
            found.extend(words(block.caption or ""))
            for row in (*block.header, *block.rows):
                for cell in row:
                    found.extend(words(cell_text(cell)))
            found.extend(words(block.notes or ""))
    return found


def content_words(report: Report) -> list[str]:
    """The words of the trích yếu, mở đầu, every section (titles, text, tables, footnotes) and the closing."""
    found = words(report.summary or "")
    for paragraph in report.opening:
        found.extend(_inline_words(paragraph.inline))
    for section in report.sections:
        found.extend(_section_words(section))
    for paragraph in report.closing:
        found.extend(_inline_words(paragraph.inline))
    return found


def words_in_order(source: Report, imported: Report) -> float:
    """The share of the source's words found again in the same order in the imported report."""
    expected, got = content_words(source), content_words(imported)
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(expected)


def missing_words(source: Report, imported: Report, limit: int = 12) -> list[str]:
    """The first runs of source words not found in order (for assertion messages)."""
    expected, got = content_words(source), content_words(imported)
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    runs = [" ".join(expected[a1:a2]) for op, a1, a2, _, _ in matcher.get_opcodes() if op in ("delete", "replace")]
    return runs[:limit]


def section_tree(sections: list[Section]) -> list[tuple[int, str, str | None]]:
    """(depth, title as a reader compares it, the label kept as typed) for every section, in order."""
    return [
        (depth, " ".join(section.title.split()).casefold(), section.number)
        for depth, section in walk_sections(sections)
    ]
