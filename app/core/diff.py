"""Compare two reports — last year's and this year's — part by part and word by word.

Sections are matched among their siblings, first by `role` (when it is unique on both sides),
then by title similarity (ignoring case, numbering, punctuation and years, so a heading whose
year rolled forward is still the same heading). Each section's own text (its paragraphs,
bullets, tables and footnotes, not its sub-sections) is compared word by word with difflib.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal, TypeAlias

from app.core.cells import cell_text
from app.core.model import Block, Bullet, Footnote, Inline, Paragraph, Report, Section, Span, Table
from app.core.numbering import NumberedSection, numbered_children
from app.core.vietnamese import date_line, document_number, roman

WordOp: TypeAlias = Literal["equal", "insert", "delete", "replace"]
PartStatus: TypeAlias = Literal["unchanged", "changed", "added", "removed", "moved"]

TITLE_SIMILARITY = 0.6
"""Two sibling headings with at least this difflib ratio (after normalising) are the same section."""

ELIDE_EQUAL_OVER = 12
"""Unchanged runs longer than this many words are shortened in `format_diff`."""

CONTEXT_WORDS = 5
"""Words of unchanged text kept on each side of a change when a run is shortened."""

LINE_WIDTH = 100

STATUS_WORDS: dict[str, str] = {
    "unchanged": "không đổi",
    "changed": "sửa",
    "added": "thêm",
    "removed": "xóa",
    "moved": "chuyển chỗ",
}

_RED, _GREEN, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m"


@dataclass(frozen=True, slots=True)
class WordChange:
    """One run of words: kept, inserted, deleted or replaced."""

    op: WordOp
    before: str
    """The old words joined by single spaces ("" for an insert)."""
    after: str
    """The new words joined by single spaces ("" for a delete)."""


@dataclass(frozen=True, slots=True)
class PartDiff:
    """One comparable piece: a header field, the opening, a section's own text, the closing, recipients, signature."""

    key: str
    """Stable id: "summary", "opening", "sections/ket-qua", "sections/ket-qua/2", "closing", "appendices/1" …"""
    label: str
    """Vietnamese, shown to the user: "Trích yếu", "Mục II. KẾT QUẢ ĐẠT ĐƯỢC" (numbered as in the newer report)."""
    status: PartStatus
    moved: bool
    """Matched at another position among its siblings; with a changed text the status stays "changed"."""
    changes: list[WordChange]
    """The text word by word; empty when the words are the same on both sides."""
    old_title: str | None = None
    new_title: str | None = None
    """Both set when a matched section's (or appendix's) title itself changed."""


@dataclass(frozen=True, slots=True)
class ReportDiff:
    parts: list[PartDiff]
    """In the order of the newer report; removed parts where they stood in the old one."""

    @property
    def changed(self) -> bool:
        return any(part.status != "unchanged" for part in self.parts)

    def count(self, status: PartStatus) -> int:
        return sum(1 for part in self.parts if part.status == status)

    def summary(self) -> str:
        """Vietnamese one-liner: "3 mục sửa, 1 mục thêm, 0 mục xóa" (and how many moved, if any)."""
        text = f"{self.count('changed')} mục sửa, {self.count('added')} mục thêm, {self.count('removed')} mục xóa"
        moved = self.count("moved")
        return f"{text}, {moved} mục chuyển chỗ" if moved else text


# ---------------------------------------------------------------------------------------------
# Comparing


def diff_reports(old: Report, new: Report) -> ReportDiff:
    """What changed from `old` to `new`, part by part, in the order of `new`."""
    parts: list[PartDiff] = []
    for key, label, text_of in _HEADER_FIELDS:
        parts.extend(_text_part(key, label, text_of(old), text_of(new)))
    parts.extend(_sibling_parts(old.sections, new.sections, 1, _Place("sections", (), "")))
    for key, label, text_of in _FOOTER_FIELDS:
        parts.extend(_text_part(key, label, text_of(old), text_of(new)))
    parts.extend(_appendix_parts(old, new))
    return ReportDiff(parts)


def word_changes(old_words: Sequence[str], new_words: Sequence[str]) -> list[WordChange]:
    """The word runs turning `old_words` into `new_words`; empty when they are the same."""
    if old_words == new_words:
        return []
    # A common head and tail cost nothing to find and spare SequenceMatcher most of its work.
    head = 0
    limit = min(len(old_words), len(new_words))
    while head < limit and old_words[head] == new_words[head]:
        head += 1
    tail = 0
    while tail < limit - head and old_words[-1 - tail] == new_words[-1 - tail]:
        tail += 1
    old_middle = old_words[head : len(old_words) - tail]
    new_middle = new_words[head : len(new_words) - tail]

    changes: list[WordChange] = []
    if head:
        same = " ".join(old_words[:head])
        changes.append(WordChange("equal", same, same))
    matcher = SequenceMatcher(None, old_middle, new_middle, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        changes.append(WordChange(op, " ".join(old_middle[i1:i2]), " ".join(new_middle[j1:j2])))
    if tail:
        same = " ".join(old_words[len(old_words) - tail :])
        changes.append(WordChange("equal", same, same))
    return changes


def title_key(title: str) -> str:
    """A heading reduced to what identifies it: NFC, case-folded, no numbering label, punctuation or years."""
    text = unicodedata.normalize("NFC", title).casefold().strip()
    text = _NUMBERING_LABEL.sub("", text, count=1)
    text = _YEAR.sub(" ", text)
    text = _PUNCTUATION.sub(" ", text)
    return " ".join(text.split())


_NUMBERING_LABEL = re.compile(r"^(?:(?:[ivxlcdm]+|\d+(?:\.\d+)*)[.)]|[a-zđ]\)|[-–+•])\s*")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_PART_LABEL = re.compile(r"(phần|chương)\b", re.IGNORECASE)


def _text_part(key: str, label: str, old_text: str, new_text: str) -> list[PartDiff]:
    """A header or footer field as a part; nothing when it is empty on both sides."""
    old_words, new_words = old_text.split(), new_text.split()
    if not old_words and not new_words:
        return []
    status: PartStatus
    if old_words == new_words:
        status = "unchanged"
    elif not old_words:
        status = "added"
    elif not new_words:
        status = "removed"
    else:
        status = "changed"
    return [PartDiff(key, label, status, False, word_changes(old_words, new_words))]


# -- header and footer fields, as the reader sees them printed ---------------------------------


def _issuer_text(report: Report) -> str:
    return f"{report.issuer.parent or ''}\n{report.issuer.name}"


def _number_date_text(report: Report) -> str:
    number = document_number(
        report.number,
        report.document_kind.abbreviation,
        report.issuer.code.strip(),
        party=report.profile == "party",
    )
    return f"{number} {date_line(report.issuer.place.strip(), report.date)}"


def _kind_text(report: Report) -> str:
    return report.title or report.document_kind.title


def _lines_text(lines: Sequence[str]) -> str:
    return "\n".join(f"- {line.strip()}" for line in lines if line.strip())


def _recipients_text(report: Report) -> str:
    lines = [*report.recipients, f"Lưu: {report.archive}"]
    text = _lines_text(lines)
    return f"{text}\n{report.drafter}" if report.drafter else text


def _signature_text(report: Report) -> str:
    signature = report.signature
    lines = []
    if signature.on_behalf_of:
        lines.append(f"TM. {signature.on_behalf_of}")
    if signature.mode and signature.head_title:
        lines.append(f"{signature.mode}. {signature.head_title}")
    lines.extend((signature.title, signature.name))
    return "\n".join(lines)


def _paragraphs_text(paragraphs: Sequence[Paragraph]) -> str:
    return "\n".join(_inline_text(paragraph.inline) for paragraph in paragraphs)


_TextOf: TypeAlias = Callable[[Report], str]

_HEADER_FIELDS: tuple[tuple[str, str, _TextOf], ...] = (
    ("issuer", "Cơ quan ban hành", _issuer_text),
    ("number-date", "Số, ngày", _number_date_text),
    ("kind", "Tên loại", _kind_text),
    ("summary", "Trích yếu", lambda report: report.summary or ""),
    ("to", "Kính gửi", lambda report: _lines_text(report.to)),
    ("basis", "Căn cứ", lambda report: _lines_text(report.basis)),
    ("opening", "Mở đầu", lambda report: _paragraphs_text(report.opening)),
)
_FOOTER_FIELDS: tuple[tuple[str, str, _TextOf], ...] = (
    ("closing", "Kết thúc", lambda report: _paragraphs_text(report.closing)),
    ("recipients", "Nơi nhận", _recipients_text),
    ("signature", "Chữ ký", _signature_text),
)


# -- a section's own text ----------------------------------------------------------------------


def section_words(section: Section) -> list[str]:
    """The words of a section's own blocks (not its sub-sections), in order."""
    words: list[str] = []
    for block in section.blocks:
        if not isinstance(block, Section):
            words.extend(_block_text(block).split())
    return words


def _block_text(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _inline_text(block.inline)
    if isinstance(block, Bullet):
        return f"- {_inline_text(block.inline)}"
    if isinstance(block, Table):
        lines = [block.caption or ""]
        lines.extend(" | ".join(cell_text(cell) for cell in row) for row in (*block.header, *block.rows))
        lines.append(block.notes or "")
        return "\n".join(lines)
    return ""


def _inline_text(inline: Inline) -> str:
    """The text with each footnote as "[chú thích: …]" where it is anchored."""
    pieces = []
    for part in inline:
        if isinstance(part, Span):
            pieces.append(part.text)
        elif isinstance(part, Footnote):
            pieces.append(f" [chú thích: {part.text}] ")
    return "".join(pieces)


# -- sections ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a list of sibling sections sits: the key of their parent and the labels above them."""

    key: str
    crumbs: tuple[str, ...]
    label_prefix: str


def _sibling_parts(old: list[Section], new: list[Section], depth: int, place: _Place) -> Iterator[PartDiff]:
    """Parts for one level of sections and, after each, for its sub-sections."""
    old_numbered = numbered_children(old, depth)
    new_numbered = numbered_children(new, depth)
    pairs = match_sections(old, new)
    moved = _out_of_order(pairs)
    old_unique_roles = _unique_roles(old)
    new_unique_roles = _unique_roles(new)
    for i, j in _interleave(pairs, len(old), len(new)):
        if j is not None:
            numbered = new_numbered[j]
            segment = numbered.section.role if numbered.section.role in new_unique_roles else str(j + 1)
        else:
            assert i is not None
            numbered = old_numbered[i]
            segment = numbered.section.role if numbered.section.role in old_unique_roles else f"old-{i + 1}"
        key = f"{place.key}/{segment}"
        label = _section_label(numbered, place)
        old_section = old[i] if i is not None else None
        new_section = new[j] if j is not None else None
        yield _section_part(key, label, old_section, new_section, j in moved)
        children = _Place(key, (*place.crumbs, _crumb(numbered)), place.label_prefix)
        yield from _sibling_parts(
            old_section.subsections() if old_section else [],
            new_section.subsections() if new_section else [],
            depth + 1,
            children,
        )


def _section_part(
    key: str, label: str, old: Section | None, new: Section | None, moved: bool, *, words: bool = True
) -> PartDiff:
    old_words = section_words(old) if old and words else []
    new_words = section_words(new) if new and words else []
    changes = word_changes(old_words, new_words)
    if old is None:
        return PartDiff(key, label, "added", False, changes)
    if new is None:
        return PartDiff(key, label, "removed", False, changes)
    old_title, new_title = " ".join(old.title.split()), " ".join(new.title.split())
    retitled = old_title != new_title
    status: PartStatus = "changed" if changes or retitled else "moved" if moved else "unchanged"
    if retitled:
        return PartDiff(key, label, status, moved, changes, old_title, new_title)
    return PartDiff(key, label, status, moved, changes)


def match_sections(old: Sequence[Section], new: Sequence[Section]) -> dict[int, int]:
    """Sibling sections that are the same section, as {new index: old index}.

    First by role, when both have it and it is unique among the siblings on each side; then by
    title similarity (`title_key`, difflib ratio ≥ TITLE_SIMILARITY), best pairs first.
    """
    pairs: dict[int, int] = {}
    old_unique, new_unique = _unique_roles(old), _unique_roles(new)
    old_by_role = {section.role: i for i, section in enumerate(old) if section.role in old_unique}
    for j, section in enumerate(new):
        if section.role in new_unique and section.role in old_by_role:
            pairs[j] = old_by_role[section.role]

    taken = set(pairs.values())
    old_keys = {i: title_key(section.title) for i, section in enumerate(old) if i not in taken}
    new_keys = {j: title_key(section.title) for j, section in enumerate(new) if j not in pairs}
    # Identical headings (ratio 1) are the best pairs and need no difflib at all.
    exact = [(abs(i - j), j, i) for j, key in new_keys.items() for i, other in old_keys.items() if key == other]
    _take_greedily(pairs, [(0.0, *candidate) for candidate in exact], old_keys, new_keys)

    candidates: list[tuple[float, int, int, int]] = []
    matcher: SequenceMatcher[str] = SequenceMatcher(None, autojunk=False)
    for j, new_key in new_keys.items():
        matcher.set_seq2(new_key)
        for i, old_key in old_keys.items():
            matcher.set_seq1(old_key)
            if matcher.real_quick_ratio() < TITLE_SIMILARITY or matcher.quick_ratio() < TITLE_SIMILARITY:
                continue
            ratio = matcher.ratio()
            if ratio >= TITLE_SIMILARITY:
                candidates.append((-ratio, abs(i - j), j, i))
    _take_greedily(pairs, candidates, old_keys, new_keys)
    return pairs


def _take_greedily(
    pairs: dict[int, int],
    candidates: list[tuple[float, int, int, int]],
    old_free: dict[int, str],
    new_free: dict[int, str],
) -> None:
    """Pair (−ratio, distance, new, old) candidates best first, each index at most once."""
    for _, _, j, i in sorted(candidates):
        if j in new_free and i in old_free:
            pairs[j] = i
            del new_free[j], old_free[i]


def _interleave(pairs: dict[int, int], old_count: int, new_count: int) -> list[tuple[int | None, int | None]]:
    """(old index, new index) in the order of the new list, each unmatched old item placed
    right after the new position of the matched old item before it (or first, if none)."""
    new_of_old = {i: j for j, i in pairs.items()}
    entries: list[tuple[tuple[int, int, int], int | None, int | None]] = [
        ((j, 0, 0), pairs.get(j), j) for j in range(new_count)
    ]
    anchor = -1
    for i in range(old_count):
        if i in new_of_old:
            anchor = new_of_old[i]
        else:
            entries.append(((anchor, 1, i), i, None))
    entries.sort(key=lambda entry: entry[0])
    return [(i, j) for _, i, j in entries]


def _unique_roles(sections: Sequence[Section]) -> set[str]:
    counts = Counter(section.role for section in sections if section.role)
    return {role for role, count in counts.items() if count == 1}


def _out_of_order(pairs: dict[int, int]) -> set[int]:
    """New indices of the matched sections outside the longest run kept in the old order."""
    order = sorted(pairs)
    old_positions = [pairs[j] for j in order]
    tail_values: list[int] = []
    tail_indices: list[int] = []
    previous = [-1] * len(old_positions)
    for k, value in enumerate(old_positions):
        slot = bisect_left(tail_values, value)
        if slot:
            previous[k] = tail_indices[slot - 1]
        if slot == len(tail_values):
            tail_values.append(value)
            tail_indices.append(k)
        else:
            tail_values[slot] = value
            tail_indices[slot] = k
    kept = set()
    k = tail_indices[-1] if tail_indices else -1
    while k >= 0:
        kept.add(k)
        k = previous[k]
    return {order[k] for k in range(len(order)) if k not in kept}


def _section_label(numbered: NumberedSection, place: _Place) -> str:
    """ "Mục II. KẾT QUẢ ĐẠT ĐƯỢC", "Mục II › 1. Công tác …": the label as printed, with its parents'."""
    title = _shorten(" ".join(numbered.section.title.split()), 100)
    if numbered.depth == 1:
        title = title.upper()
    label = numbered.label if numbered.label != "-" else None
    separator = ": " if numbered.is_part else " "
    own = f"{label}{separator}{title}" if label else title
    path = " › ".join((*place.crumbs, own))
    return f"{place.label_prefix}{'' if _PART_LABEL.match(path) else 'Mục '}{path}"


def _crumb(numbered: NumberedSection) -> str:
    """A section as its children's labels mention it: its number ("II"), else its shortened title."""
    if numbered.label and numbered.label != "-":
        return numbered.label.rstrip(".)")
    return _shorten(" ".join(numbered.section.title.split()), 30)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else textwrap.shorten(text, width, placeholder=" …")


# -- appendices --------------------------------------------------------------------------------


def _appendix_parts(old: Report, new: Report) -> Iterator[PartDiff]:
    """Each appendix (matched by title like sections) and then its sections."""

    def as_section(title: str, sections: list[Section]) -> Section:
        blocks: list[Block] = [*sections]
        return Section(title, blocks)

    old_sections = [as_section(appendix.title, appendix.sections) for appendix in old.appendices]
    new_sections = [as_section(appendix.title, appendix.sections) for appendix in new.appendices]
    pairs = match_sections(old_sections, new_sections)
    moved = _out_of_order(pairs)
    for i, j in _interleave(pairs, len(old_sections), len(new_sections)):
        if j is not None:
            key, word = f"appendices/{j + 1}", _appendix_word(j, len(new_sections))
            title = new_sections[j].title
        else:
            assert i is not None
            key, word = f"appendices/old-{i + 1}", _appendix_word(i, len(old_sections))
            title = old_sections[i].title
        old_section = old_sections[i] if i is not None else None
        new_section = new_sections[j] if j is not None else None
        label = f"{word}: {_shorten(' '.join(title.split()), 100)}"
        yield _section_part(key, label, old_section, new_section, j in moved, words=False)
        yield from _sibling_parts(
            old_section.subsections() if old_section else [],
            new_section.subsections() if new_section else [],
            1,
            _Place(key, (), f"{word} › "),
        )


def _appendix_word(index: int, count: int) -> str:
    return f"Phụ lục {roman(index + 1)}" if count > 1 else "Phụ lục"


# ---------------------------------------------------------------------------------------------
# Showing


def format_diff(diff: ReportDiff, *, color: bool = False) -> str:
    """The differences as terminal text: a header per changed part, then its words with
    deletions as [-…-] and insertions as {+…+} (red and green with `color`); long unchanged
    runs are shortened. Unchanged parts are only counted, on the last line."""
    blocks: list[str] = []
    for part in diff.parts:
        if part.status == "unchanged":
            continue
        status = STATUS_WORDS[part.status]
        if part.moved and part.status != "moved":
            status += f", {STATUS_WORDS['moved']}"
        header = f"== {part.label} ({status}) =="
        lines = [f"{_BOLD}{header}{_RESET}" if color else header]
        if part.old_title is not None and part.new_title is not None:
            title_changes = word_changes(part.old_title.split(), part.new_title.split())
            lines.extend(_wrap(f"Tiêu đề: {line}") for line in _marked_lines(title_changes, color))
        lines.extend(_wrap(line) for line in _marked_lines(part.changes, color))
        if part.status == "moved":
            lines.append("Nội dung không đổi.")
        blocks.append("\n".join(lines))

    unchanged = diff.count("unchanged")
    if diff.changed:
        blocks.append(f"{diff.summary()}; {unchanged} mục {STATUS_WORDS['unchanged']}.")
    else:
        blocks.append(f"Hai báo cáo giống nhau ({unchanged} mục {STATUS_WORDS['unchanged']}).")
    return "\n\n".join(blocks) + "\n"


def _marked_lines(changes: Sequence[WordChange], color: bool) -> list[str]:
    """The changes as text lines, each shortened unchanged run on a line of its own."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            lines.append(" ".join(current))
            current.clear()

    last = len(changes) - 1
    for index, change in enumerate(changes):
        if change.op == "equal":
            words = change.before.split()
            keep_head = CONTEXT_WORDS if index > 0 else 0
            keep_tail = CONTEXT_WORDS if index < last else 0
            if len(words) > ELIDE_EQUAL_OVER and len(words) > keep_head + keep_tail:
                current.extend(words[:keep_head])
                flush()
                lines.append(f"… ({len(words) - keep_head - keep_tail} từ giống nhau) …")
                current.extend(words[len(words) - keep_tail :])
            else:
                current.extend(words)
            continue
        deleted = _mark(f"[-{change.before}-]", _RED, color) if change.before else ""
        inserted = _mark(f"{{+{change.after}+}}", _GREEN, color) if change.after else ""
        current.append(deleted + inserted)
    flush()
    return lines


def _mark(text: str, ansi: str, color: bool) -> str:
    return f"{ansi}{text}{_RESET}" if color else text


def _wrap(line: str) -> str:
    return textwrap.fill(line, LINE_WIDTH, break_long_words=False, break_on_hyphens=False)


def diff_to_data(diff: ReportDiff) -> dict[str, Any]:
    """The comparison as JSON-ready data (for `--json`)."""
    statuses: tuple[PartStatus, ...] = ("changed", "added", "removed", "moved", "unchanged")
    return {
        "changed": diff.changed,
        "summary": diff.summary(),
        "counts": {status: diff.count(status) for status in statuses},
        "parts": [
            {
                "key": part.key,
                "label": part.label,
                "status": part.status,
                "moved": part.moved,
                "old_title": part.old_title,
                "new_title": part.new_title,
                "changes": [{"op": c.op, "before": c.before, "after": c.after} for c in part.changes],
            }
            for part in diff.parts
        ],
    }
