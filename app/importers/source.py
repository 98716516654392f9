"""What the readers hand to the recogniser: a document as a Word user typed it, before any meaning is given.

The .docx reader and the plain-text reader both produce a list of `SourceParagraph` and `SourceTable` in
document order; `structure.recognise` turns that list into a report. Keeping this step in between lets one
recogniser serve every file type, and lets tests feed it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from app.core.model import Footnote, Inline, Span, inline_text


@dataclass(slots=True)
class SourceParagraph:
    """One paragraph as typed: its text with bold/italic spans and footnotes, and what the layout says."""

    inline: Inline
    list_label: str | None = None
    """The label Word's own list numbering draws before the text ("1.", "a)", "•"); typed labels stay in the text."""
    bold: bool | None = None
    """Every visible character is bold; None when the source cannot tell (plain text)."""
    alignment: str | None = None
    """"left", "center", "right" or "both"; None when the source cannot tell."""
    outline_level: int | None = None
    """The outline level of a Word heading style (0 for Heading 1), when the paragraph has one."""
    blank_before: bool = False
    """An empty paragraph (or an empty line) stood right before this one."""

    @property
    def text(self) -> str:
        return inline_text(self.inline)

    @property
    def footnotes(self) -> list[Footnote]:
        return [part for part in self.inline if isinstance(part, Footnote)]

    @property
    def lead_bold(self) -> str:
        """The bold text at the start of the paragraph (a run-in heading: "1. Ưu điểm: …")."""
        lead: list[str] = []
        for part in self.inline:
            if isinstance(part, Footnote):
                break
            if not part.bold:
                if part.text.strip():
                    break
                lead.append(part.text)
                continue
            lead.append(part.text)
        return "".join(lead)


@dataclass(slots=True)
class SourceTable:
    """A table laid out on its grid: row → column → the paragraphs of that cell (cells covered by a merge are empty)."""

    rows: list[list[list[SourceParagraph]]] = field(default_factory=list)
    blank_before: bool = False

    @property
    def column_count(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def column_paragraphs(self, column: int) -> list[SourceParagraph]:
        """Every paragraph of one column, top to bottom (a layout table read as two columns of lines)."""
        return [paragraph for row in self.rows if column < len(row) for paragraph in row[column]]


SourceItem: TypeAlias = SourceParagraph | SourceTable


def plain_paragraph(text: str, **layout: object) -> SourceParagraph:
    """A paragraph of unformatted text (tests, the plain-text reader)."""
    return SourceParagraph([Span(text)] if text else [], **layout)  # type: ignore[arg-type]
