"""Section labels by depth: `I.`, `1.`, `a)`, then `-` (Nghị định 30, Phụ lục I, mục II.6.đ); footnote numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from app.core.model import Block, Bullet, Footnote, Paragraph, Report, Section
from app.core.vietnamese import item_letter, roman

_PART_LABEL = re.compile(r"^(phần|chương)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NumberedSection:
    """A section with its depth (1 = top level) and the label printed before its title."""

    section: Section
    depth: int
    label: str | None
    position: int | None
    """Rank among the automatically numbered siblings (1, 2, …); None for a given or no label."""

    @property
    def is_part(self) -> bool:
        """A `Phần thứ nhất` / `Chương I` label: printed centered on a line of its own."""
        return self.label is not None and self.position is None and bool(_PART_LABEL.match(self.label))


def automatic_label(depth: int, position: int) -> str:
    """The label of the n-th automatically numbered section at a depth."""
    if depth == 1:
        return f"{roman(position)}."
    if depth == 2:
        return f"{position}."
    if depth == 3:
        return f"{item_letter(position)})"
    return "-"


def numbered_children(sections: list[Section], depth: int = 1) -> list[NumberedSection]:
    """The sections of one level with their labels, without descending.

    A section with its own `number` or with `numbered: false` does not take a rank, so the
    automatic numbering of its siblings runs on as Word's own list numbering would.
    """
    result = []
    position = 0
    for section in sections:
        if section.number is not None:
            result.append(NumberedSection(section, depth, section.number.strip() or None, None))
        elif not section.numbered:
            result.append(NumberedSection(section, depth, None, None))
        else:
            position += 1
            result.append(NumberedSection(section, depth, automatic_label(depth, position), position))
    return result


def numbered_sections(sections: list[Section], depth: int = 1) -> Iterator[NumberedSection]:
    """Every section of a tree, in document order, with its depth and label."""
    for numbered in numbered_children(sections, depth):
        yield numbered
        yield from numbered_sections(numbered.section.subsections(), depth + 1)


def _footnotes_in(blocks: Iterable[Block]) -> int:
    return sum(
        1
        for block in blocks
        if isinstance(block, (Paragraph, Bullet))
        for part in block.inline
        if isinstance(part, Footnote)
    )


def first_footnote_number(report: Report, part: Section | str) -> int:
    """The printed number of the first footnote of a part (`"opening"`, `"closing"` or a section's own
    text), counting in the order the renderer numbers them, so the editor shows the same numbers."""
    if part == "opening":
        return 1
    count = _footnotes_in(report.opening)

    def walk(sections: Iterable[Section]) -> bool:
        nonlocal count
        for section in sections:
            if section is part:
                return True
            for block in section.blocks:
                if isinstance(block, Section):
                    if walk([block]):
                        return True
                else:
                    count += _footnotes_in([block])
        return False

    walk(report.sections)
    return count + 1
