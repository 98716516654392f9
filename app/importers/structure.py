"""The recogniser: a document as typed (paragraphs and tables, see source.py) → a structured report.

Shared by the .docx and plain-text readers. The top of the document (front.py) and its end (tail.py) are read
first; what lies between is the body, where typed labels (`Phần thứ nhất`, `A-`, `I.`, `1.`, `2.1.`, `a)`),
Word's own list numbering, bold-only headings and Word heading styles become nested sections. The model numbers
sections itself: titles are stored without their label, and a label the renderer would not print the same way
(`2.1.`, or `a)` four levels down) is kept in `number`. Whatever is not recognised stays a paragraph where it
stood; every decision that could be wrong leaves a note for the officer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from app.core.cells import parse_cell
from app.core.model import (
    SECTION_ROLES,
    Appendix,
    Block,
    Bullet,
    Cell,
    Footnote,
    Inline,
    Issuer,
    Paragraph,
    Report,
    Section,
    Signature,
    Span,
    Table,
    inline_text,
    walk_sections,
)
from app.core.numbering import automatic_label
from app.core.report_file import validate_report
from app.core.signature import AUTHORITY_PREFIXES, signature_lines
from app.importers.front import guess_missing, read_front
from app.importers.labels import (
    DASH,
    DECIMAL,
    NATURAL_RANK,
    PLUS,
    ROMAN,
    UPPER,
    Label,
    as_letter_label,
    parse_label,
)
from app.importers.result import ImportNote, ImportResult
from app.importers.source import SourceItem, SourceParagraph, SourceTable
from app.importers.tail import read_tail, strip_terminator
from app.importers.wording import (
    clean,
    drop_prefix,
    fold,
    is_upper_text,
    quoted_list,
    sentence_case,
    split_inline,
    split_lines,
    tidy_inline,
)

HEADING_MAX_WORDS = 80
"""A labelled paragraph longer than this is text, whatever its label."""
SHORT_TITLE_WORDS = 20
RUN_IN_TITLE_WORDS = 12
""""1. Ưu điểm: Phong trào …": at most this many words before the colon make a heading with its text."""
RUN_IN_BODY_WORDS = 3
BOLD_HEADING_WORDS = 20
MERGED_TITLE_WORDS = 40
BOLD = "bold"
_CAPTION = re.compile(r"^(bảng|biểu)\s+(\d+|[IVXLC]+)\b", re.IGNORECASE)
_TABLE_NOTES = ("ghi chu", "nguon")
_ROLE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nguyen-nhan", ("nguyen nhan",)),
    ("bai-hoc", ("bai hoc",)),
    ("uu-diem", ("uu diem",)),
    ("han-che", ("han che", "ton tai", "khuyet diem", "yeu kem")),
    ("danh-gia", ("danh gia chung", "danh gia")),
    ("kien-nghi", ("kien nghi", "de xuat", "cac kien nghi", "cac de xuat")),
    ("phuong-huong", ("phuong huong", "nhiem vu", "muc tieu", "giai phap", "ke hoach")),
    ("tinh-hinh", ("tinh hinh", "dac diem")),
    ("ket-qua", ("ket qua",)),
    ("chi-dao", ("cong tac lanh dao", "cong tac chi dao", "cong tac trien khai", "lanh dao, chi dao")),
)
assert all(role in SECTION_ROLES for role, _ in _ROLE_KEYWORDS)


def recognise(items: Sequence[SourceItem], source: str, notes: Sequence[ImportNote] = ()) -> ImportResult:
    """A report out of a document's paragraphs and tables, with notes on what was recognised and guessed."""
    found = list(notes)
    prepared = prepare(items)
    front = read_front(prepared, found)
    tail = read_tail(prepared, front.end, found)
    guess_missing(front, found)
    body = _Body(found)
    opening_blocks, sections = body.build(prepared[front.end : tail.body_end])
    opening = _as_paragraphs(opening_blocks, "opening", found)
    kept: list[Paragraph] = [Paragraph([Span(line)]) for line in front.extra_lines]
    if front.footnotes:
        kept.append(Paragraph(list(front.footnotes)))
    opening[:0] = kept
    closing = [Paragraph(tidy_inline(list(paragraph.inline))) for paragraph in tail.closing]
    closing = [paragraph for paragraph in closing if paragraph.inline]
    if closing:
        _strip_terminator(closing[-1])
    closing.extend(Paragraph([Span(line)]) for line in tail.leftover)
    appendices = _appendices(prepared[tail.appendix_start :], found) if tail.appendix_start is not None else []
    signature = Signature(
        title=tail.title,
        name=tail.name,
        on_behalf_of=tail.on_behalf_of,
        mode=tail.mode,
        head_title=tail.head_title,
    )
    report = Report(
        issuer=Issuer(name=front.name, code=front.code, place=front.place, parent=front.parent),
        signature=signature,
        profile=front.profile,
        kind=front.kind,
        title=front.title,
        number=front.number,
        date=front.date,
        summary=front.summary,
        to=front.to,
        basis=front.basis,
        opening=opening,
        sections=sections,
        closing=closing,
        recipients=tail.recipients,
        archive=tail.archive or "VT",
        appendices=appendices,
    )
    if signature.title or signature.name:
        shown = signature_lines(signature, AUTHORITY_PREFIXES[report.profile]).lines
        found.append(ImportNote("recognised", f"Chữ ký: {' / '.join(line for line in shown if line)}.", "signature"))
    _note_sections(report, body, found)
    _note_unprintable(report, found)
    return ImportResult(report=report, notes=_deduplicated(found), source=source)


# ---------------------------------------------------------------------------------------------
# Preparing the items


def prepare(items: Sequence[SourceItem]) -> list[SourceItem]:
    """Paragraphs split at their line breaks, empty ones dropped (they mark a break), one-cell tables unwrapped."""
    prepared: list[SourceItem] = []
    blank = False
    for item in items:
        if isinstance(item, SourceTable):
            cells = [cell for row in item.rows for cell in row if any(p.text.strip() or p.footnotes for p in cell)]
            if item.column_count == 1 and len(item.rows) == 1:
                inner = prepare(item.rows[0][0]) if item.rows[0] else []
                if inner:
                    inner[0] = replace(inner[0], blank_before=inner[0].blank_before or blank or item.blank_before)
                prepared.extend(inner)
                blank = False
                continue
            if not cells:
                blank = True
                continue
            prepared.append(replace(item, blank_before=item.blank_before or blank))
            blank = False
            continue
        lines = split_lines(item.inline)
        for number, line in enumerate(lines):
            if not inline_text(line).strip() and not any(isinstance(part, Footnote) for part in line):
                blank = True
                continue
            prepared.append(replace(item, inline=line, blank_before=blank or (item.blank_before and number == 0)))
            blank = False
        if not lines:
            blank = True
    return prepared


# ---------------------------------------------------------------------------------------------
# The body


@dataclass(slots=True)
class _Open:
    kind: str
    section: Section
    label: Label | None


@dataclass(slots=True)
class _Heading:
    """What a paragraph would be as a heading: its kind, label and title, and the text run in after it."""

    kind: str
    label: Label | None
    title: Inline
    body: Inline = field(default_factory=list)
    run_in: bool = False
    merged_next: bool = False


def _rank(kind: str) -> int | None:
    if kind in NATURAL_RANK:
        return NATURAL_RANK[kind]
    if kind.startswith("outline"):
        return 100 + int(kind[len("outline") :])
    return None


class _Body:
    """Sections nested by the labels the document uses, in the order it uses them."""

    def __init__(self, notes: list[ImportNote]) -> None:
        self.notes = notes
        self.stack: list[_Open] = []
        self.opening: list[Block] = []
        self.sections: list[Section] = []
        self.labels: dict[int, Label | None] = {}
        self.bold_kinds: Counter[str] = Counter()
        self.any_bold_heading = False
        self.numbered_paragraphs = 0
        self.run_ins = 0
        self.plus_items = 0
        self.fixed_numbers: list[str] = []
        self.cased_titles = 0
        self.footnotes_moved = 0

    # -- pass over the items -------------------------------------------------------------------

    def build(self, items: list[SourceItem]) -> tuple[list[Block], list[Section]]:
        self.items = items
        for item in items:
            if isinstance(item, SourceParagraph):
                label = self._label(item)
                if label is not None and not label.is_bullet and item.bold:
                    self.bold_kinds[label.kind] += 1
                    self.any_bold_heading = True
        index = 0
        while index < len(items):
            index = self._place(index)
        return self.opening, self.sections

    def _container(self) -> list[Block]:
        return self.stack[-1].section.blocks if self.stack else self.opening

    def _label(self, paragraph: SourceParagraph) -> Label | None:
        key = id(paragraph)
        if key not in self.labels:
            self.labels[key] = _paragraph_label(paragraph)
        return self.labels[key]

    def _place(self, index: int) -> int:
        item = self.items[index]
        if isinstance(item, SourceTable):
            table = _table(item, self.notes)
            container = self._container()
            previous = container[-1] if container else None
            if isinstance(previous, Paragraph) and _CAPTION.match(previous.plain_text.strip()):
                container.pop()
                table.caption = previous.plain_text.strip()
            following = self.items[index + 1] if index + 1 < len(self.items) else None
            if isinstance(following, SourceParagraph) and fold(following.text).startswith(_TABLE_NOTES):
                table.notes = clean(following.text)
                index += 1
            container.append(table)
            return index + 1
        paragraph = item
        label = self._label(paragraph)
        if label is not None and label.is_bullet:
            self._bullet(paragraph, label)
            return index + 1
        heading = self._heading(index, paragraph, label)
        if heading is None:
            self._container().append(self._paragraph(paragraph, label))
            return index + 1
        self._open(heading)
        return index + (2 if heading.merged_next else 1)

    def _bullet(self, paragraph: SourceParagraph, label: Label) -> None:
        if paragraph.list_label is not None:
            inline = tidy_inline(list(paragraph.inline))
        else:
            inline = drop_prefix(list(paragraph.inline), label.end)
        if not inline:
            return
        if label.kind == PLUS:
            # The model has one level of bullets: second-level items keep their "+" as typed.
            self.plus_items += 1
            self._container().append(Paragraph(tidy_inline([Span("+ "), *inline])))
            return
        self._container().append(Bullet(inline))

    def _paragraph(self, paragraph: SourceParagraph, label: Label | None) -> Paragraph:
        inline = list(paragraph.inline)
        if paragraph.list_label is not None and label is not None:
            inline = [Span(f"{paragraph.list_label} "), *inline]  # Word's numbering kept as text
        if label is not None:
            self.numbered_paragraphs += 1
        return Paragraph(tidy_inline(inline))

    # -- headings ------------------------------------------------------------------------------

    def _heading(self, index: int, paragraph: SourceParagraph, label: Label | None) -> _Heading | None:
        """The paragraph as a heading, or None when it is text (possibly a numbered paragraph)."""
        if label is None:
            return self._unlabelled_heading(index, paragraph)
        label = self._adjusted(label)
        if paragraph.list_label is not None:
            title = tidy_inline(list(paragraph.inline))
        else:
            title = drop_prefix(list(paragraph.inline), label.end)
        heading = _Heading(label.kind, label, title)
        if not inline_text(title).strip():
            following = self.items[index + 1] if index + 1 < len(self.items) else None
            if (
                isinstance(following, SourceParagraph)
                and self._label(following) is None
                and len(following.text.split()) <= MERGED_TITLE_WORDS
            ):
                heading.title = tidy_inline(list(following.inline))
                heading.merged_next = True
            return heading
        if self._split_run_in(paragraph, label, heading):
            return heading
        words = len(inline_text(title).split())
        if words > HEADING_MAX_WORDS:
            return None
        if paragraph.bold or paragraph.outline_level is not None:
            return heading
        content = self._has_content(index + 1, label.kind)
        title_text = inline_text(title).strip()
        short = words <= SHORT_TITLE_WORDS and not title_text.endswith((".", ";", "!", "?"))
        if paragraph.bold is False and self.bold_kinds[label.kind] and not short:
            return None  # headings of this kind are bold in this document; this one is a numbered paragraph
        if content or short:
            return heading
        return None

    def _adjusted(self, label: Label) -> Label:
        """Typing slips: `C.` after `B.` is a letter, `2.` right after `I.` (no `1.` yet) is the second Roman."""
        kinds = [entry.kind for entry in self.stack]
        if label.kind == ROMAN and UPPER in kinds:
            letter = as_letter_label(label)
            last = next(entry for entry in reversed(self.stack) if entry.kind == UPPER)
            if letter is not None and last.label is not None and letter.value == last.label.value + 1:
                return letter
        if label.kind == DECIMAL and label.value >= 2 and DECIMAL not in kinds and self.stack:
            top = self.stack[-1]
            follows_roman = top.kind == ROMAN and top.label is not None and label.value == top.label.value + 1
            if follows_roman and not any(isinstance(block, Section) for block in top.section.blocks):
                self.fixed_numbers.append(label.text)
                return Label(ROMAN, label.value, label.text, label.end)
        return label

    def _split_run_in(self, paragraph: SourceParagraph, label: Label, heading: _Heading) -> bool:
        """ "1. Ưu điểm: Phong trào …" → the heading "Ưu điểm" and a paragraph "Phong trào …"."""
        text = paragraph.text
        start = 0 if paragraph.list_label is not None else label.end
        cut: int | None = None
        if paragraph.bold is not True and paragraph.bold is not None:
            lead = paragraph.lead_bold
            stripped = lead.rstrip()
            if len(stripped) > start and stripped.endswith((":", ".")):
                cut = len(lead)
        if cut is None and (paragraph.bold is None or not self.any_bold_heading):
            colon = text.find(":", start)
            if colon > start and len(text[start:colon].split()) <= RUN_IN_TITLE_WORDS:
                cut = colon + 1
        if cut is None or len(text[cut:].split()) < RUN_IN_BODY_WORDS:
            return False
        before, after = split_inline(list(paragraph.inline), cut)
        heading.title = drop_prefix(before, start) if start else tidy_inline(before)
        heading.body = tidy_inline(after)
        heading.run_in = True
        self.run_ins += 1
        return True

    def _unlabelled_heading(self, index: int, paragraph: SourceParagraph) -> _Heading | None:
        """A bold-only line ("Thuận lợi") or a Word heading style without a number."""
        text = clean(paragraph.text)
        if not text or _CAPTION.match(text):
            return None
        if paragraph.outline_level is not None and len(text.split()) <= HEADING_MAX_WORDS:
            return _Heading(f"outline{paragraph.outline_level}", None, tidy_inline(list(paragraph.inline)))
        if not paragraph.bold or len(text.split()) > BOLD_HEADING_WORDS or text.endswith((".", ";", ",")):
            return None
        if paragraph.alignment == "center":
            return None
        following = self.items[index + 1] if index + 1 < len(self.items) else None
        if following is None:
            return None
        if isinstance(following, SourceParagraph):
            label = self._label(following)
            if label is not None and not label.is_bullet and label.kind in [entry.kind for entry in self.stack]:
                return None  # nothing under it before the next sibling of an open heading
        return _Heading(BOLD, None, tidy_inline(list(paragraph.inline)))

    def _has_content(self, index: int, kind: str) -> bool:
        """Whether what follows a candidate heading belongs under it (text, or a deeper heading)."""
        if index >= len(self.items):
            return False
        following = self.items[index]
        if isinstance(following, SourceTable):
            return True
        label = self._label(following)
        if label is None or label.is_bullet:
            return True
        label = self._adjusted(label)
        if label.kind == kind:
            return False
        position = self._position(kind)
        kinds = [entry.kind for entry in self.stack[:position]] + [kind]
        if label.kind in kinds:
            return False
        mine, theirs = _rank(kind), _rank(label.kind)
        return not (mine is not None and theirs is not None and theirs < mine)

    def _position(self, kind: str) -> int:
        """How many open headings stay open when a heading of this kind comes."""
        kinds = [entry.kind for entry in self.stack]
        if kind in kinds:
            return kinds.index(kind)
        rank = _rank(kind)
        position = len(self.stack)
        if rank is None:
            return position
        while position > 0:
            above = _rank(self.stack[position - 1].kind)
            if above is None or above > rank:
                position -= 1
                continue
            break
        return position

    def _open(self, heading: _Heading) -> None:
        position = self._position(heading.kind)
        del self.stack[position:]
        title_inline = heading.title
        footnotes = [part for part in title_inline if isinstance(part, Footnote)]
        title = clean(inline_text(title_inline)).rstrip(":").strip()
        if is_upper_text(title):
            title = sentence_case(title)
            self.cased_titles += 1
        section = Section(title=title, numbered=heading.label is not None)
        section.x = {"typed_label": heading.label.text} if heading.label is not None else None
        if footnotes:
            self.footnotes_moved += len(footnotes)
            section.blocks.append(Paragraph(list(footnotes)))
        if heading.body:
            section.blocks.append(Paragraph(heading.body))
        parent = self.stack[-1].section.blocks if self.stack else self.sections
        parent.append(section)
        self.stack.append(_Open(heading.kind, section, heading.label))


def _paragraph_label(paragraph: SourceParagraph) -> Label | None:
    """The label of a paragraph: Word's list label if it has one (bullets included), else the typed one."""
    if paragraph.list_label is not None:
        shown = paragraph.list_label.strip()
        label = parse_label(shown + " x") if shown else None
        if label is not None:
            return replace(label, end=0)
        if not any(character.isalnum() for character in shown) or len(shown) <= 1:
            return Label(DASH, 0, shown or "-", 0)
        return None
    return parse_label(paragraph.text)


# ---------------------------------------------------------------------------------------------
# Tables, opening and closing, appendices


def _table(source: SourceTable, notes: list[ImportNote]) -> Table:
    """A body table: cells as text (merged cells keep their text in the first cell), bold top rows as header."""
    rows: list[list[str]] = []
    bold_rows: list[bool] = []
    footnotes: list[str] = []
    for row in source.rows:
        texts = []
        bold = True
        for cell in row:
            lines = [clean(paragraph.text) for paragraph in cell]
            texts.append("\n".join(line for line in lines if line))
            footnotes.extend(clean(note.text) for paragraph in cell for note in paragraph.footnotes)
            bold = bold and all(paragraph.bold is not False for paragraph in cell if paragraph.text.strip())
        if any(texts):
            rows.append(texts)
            bold_rows.append(bold and any(paragraph.bold for cell in row for paragraph in cell))
    width = max((len(row) for row in rows), default=0)
    header_count = 0
    while header_count < len(rows) and bold_rows[header_count]:
        header_count += 1
    if header_count == len(rows):
        header_count = 1 if len(rows) > 1 else 0
    if header_count == 0 and len(rows) > 1:
        header_count = 1  # report tables nearly always start with a header row
    cells: list[list[Cell]] = [
        [
            parse_cell(row[column], header=number < header_count) if column < len(row) else None
            for column in range(width)
        ]
        for number, row in enumerate(rows)
    ]
    table = Table(header=cells[:header_count], rows=cells[header_count:])
    if footnotes:
        table.notes = " ".join(footnotes)
        notes.append(
            ImportNote(
                "check",
                "Chú thích cuối trang trong ô bảng đã chuyển xuống dòng ghi chú dưới bảng (bảng không có chú thích); "
                "hãy kiểm tra dòng ghi chú đó.",
                "sections",
            )
        )
    return table


def _as_paragraphs(blocks: list[Block], where: str, notes: list[ImportNote]) -> list[Paragraph]:
    """Blocks where only paragraphs are allowed (mở đầu): bullets keep their dash, tables become rows of text."""
    paragraphs: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.inline:
                paragraphs.append(block)
        elif isinstance(block, Bullet):
            paragraphs.append(Paragraph(tidy_inline([Span("- "), *block.inline])))
        elif isinstance(block, Table):
            for row in (*block.header, *block.rows):
                text = " | ".join(str(cell) for cell in row if cell not in (None, ""))
                if text:
                    paragraphs.append(Paragraph([Span(text)]))
            notes.append(
                ImportNote(
                    "check",
                    "Phần mở đầu có một bảng: đã giữ thành các dòng chữ (phần mở đầu không chứa bảng), hãy kiểm tra.",
                    where,
                )
            )
    return paragraphs


def _strip_terminator(paragraph: Paragraph) -> None:
    """The closing without its `./.`: the renderer ends the content with it."""
    for part in reversed(paragraph.inline):
        if isinstance(part, Span):
            part.text = strip_terminator(part.text)
            break
    paragraph.inline = tidy_inline(paragraph.inline)


def _appendices(items: list[SourceItem], notes: list[ImportNote]) -> list[Appendix]:
    """ "PHỤ LỤC" headings after the signature, each with its title lines and its own sections."""
    groups: list[list[SourceItem]] = []
    for item in items:
        if isinstance(item, SourceParagraph) and fold(item.text).startswith("phu luc") and len(item.text.split()) <= 8:
            groups.append([])
        if groups:
            groups[-1].append(item)
    appendices: list[Appendix] = []
    for group in groups:
        rest = group[1:]
        title_lines: list[str] = []
        while rest and isinstance(first := rest[0], SourceParagraph):
            text = clean(first.text)
            folded = fold(text.strip("()"))
            if folded.startswith("kem theo"):
                rest = rest[1:]
                continue
            if (first.alignment == "center" or is_upper_text(text)) and parse_label(text) is None:
                title_lines.append(text)
                rest = rest[1:]
                continue
            break
        heading = group[0]
        title = " ".join(title_lines) or (clean(heading.text) if isinstance(heading, SourceParagraph) else "Phụ lục")
        if is_upper_text(title):
            title = sentence_case(title)
        body = _Body(notes)
        loose, sections = body.build(rest)
        if loose:
            sections.insert(0, Section(title="Nội dung", blocks=loose, numbered=False))
        appendices.append(Appendix(title=title, sections=sections))
    if appendices:
        notes.append(ImportNote("recognised", f"{len(appendices)} phụ lục sau chữ ký.", "appendices"))
    return appendices


# ---------------------------------------------------------------------------------------------
# Numbers, roles and notes


def _settle_numbers(sections: list[Section], depth: int = 1) -> None:
    """Keep a typed label only where the renderer would print another one; sections without a label stay unnumbered."""
    position = 0
    for section in sections:
        typed = (section.x or {}).pop("typed_label", None)
        if not section.x:
            section.x = None
        if typed is None:
            section.numbered = False
        else:
            expected = automatic_label(depth, position + 1)
            if _same_label(typed, expected):
                position += 1
            else:
                section.number = typed
        _settle_numbers(section.subsections(), depth + 1)


def _same_label(typed: str, expected: str) -> bool:
    return typed.rstrip(".)-/ ").lower() == expected.rstrip(".)-/ ").lower() and typed[-1:] == expected[-1:]


def _guess_roles(sections: list[Section]) -> int:
    """Roles from the usual wording of titles ("Đặc điểm tình hình" → tinh-hinh), each role given once."""
    used: set[str] = set()
    given = 0
    for depth, section in walk_sections(sections):
        if depth > 2:
            continue
        title = fold(section.title)
        for role, keywords in _ROLE_KEYWORDS:
            if role in used:
                continue
            if role == "danh-gia" and not (title.startswith("danh gia chung") or title == "danh gia"):
                continue
            if any(title.startswith(keyword) for keyword in keywords):
                section.role = role
                used.add(role)
                given += 1
                break
    return given


def _note_sections(report: Report, body: _Body, notes: list[ImportNote]) -> None:
    _settle_numbers(report.sections)
    for appendix in report.appendices:
        _settle_numbers(appendix.sections)
    found = walk_sections(report.sections)
    if found:
        top = sum(1 for depth, _ in found if depth == 1)
        deepest = max(depth for depth, _ in found)
        notes.append(ImportNote("recognised", f"{len(found)} mục, {top} mục lớn, sâu nhất {deepest} cấp.", "sections"))
    else:
        notes.append(
            ImportNote(
                "check",
                "Không nhận ra mục nào (I., 1., a)…): toàn bộ nội dung nằm ở phần mở đầu, hãy chia mục lại.",
                "sections",
            )
        )
    kept = [(depth, section) for depth, section in found if section.number is not None]
    if kept:
        shown = quoted_list([section.number or "" for _, section in kept], ", ", limit=6)
        notes.append(
            ImportNote(
                "guessed",
                f"{len(kept)} mục giữ số như đã gõ vì khác cách đánh số tự động ({shown}); thêm hay bớt mục thì "
                "các số này không tự đổi.",
                "sections",
            )
        )
    if body.fixed_numbers:
        notes.append(
            ImportNote(
                "check",
                f"Số mục gõ không liền mạch ({', '.join(body.fixed_numbers)} ngay sau mục La Mã): đã xếp ngang hàng "
                "với mục La Mã, hãy kiểm tra.",
                "sections",
            )
        )
    if body.run_ins:
        notes.append(
            ImportNote(
                "guessed",
                f"{body.run_ins} tên mục viết liền với nội dung (“1. Ưu điểm: …”) đã tách thành tên mục và đoạn văn.",
                "sections",
            )
        )
    if body.numbered_paragraphs:
        notes.append(
            ImportNote(
                "guessed",
                f"{body.numbered_paragraphs} đoạn có số thứ tự nhưng không có nội dung riêng được giữ là đoạn văn "
                "(số giữ như đã gõ).",
                "sections",
            )
        )
    if body.cased_titles:
        notes.append(
            ImportNote(
                "guessed",
                f"{body.cased_titles} tên mục viết hoa toàn bộ đã chuyển sang chữ thường (khi in, mục lớn tự viết "
                "hoa); hãy kiểm tra tên riêng trong các tên mục này.",
                "sections",
            )
        )
    if body.plus_items:
        notes.append(
            ImportNote(
                "guessed", f"{body.plus_items} dòng gạch đầu dòng cấp hai (+) được giữ là đoạn văn bắt đầu bằng “+”."
            )
        )
    if body.footnotes_moved:
        notes.append(
            ImportNote(
                "check",
                f"{body.footnotes_moved} chú thích cuối trang nằm trong tên mục đã chuyển xuống đầu nội dung mục; "
                "hãy kiểm tra chỗ đặt chúng.",
                "sections",
            )
        )
    roles = _guess_roles(report.sections)
    if roles:
        notes.append(ImportNote("guessed", f"Đã đoán vai trò của {roles} mục theo tên mục.", "sections"))
    footnotes = sum(
        1
        for _, section in found
        for block in section.blocks
        if isinstance(block, (Paragraph, Bullet))
        for part in block.inline
        if isinstance(part, Footnote)
    ) + sum(
        1 for paragraph in (*report.opening, *report.closing) for part in paragraph.inline if isinstance(part, Footnote)
    )
    tables = sum(1 for _, section in found for block in section.blocks if isinstance(block, Table))
    if footnotes:
        notes.append(ImportNote("recognised", f"{footnotes} chú thích cuối trang."))
    if tables:
        notes.append(ImportNote("recognised", f"{tables} bảng."))


def _note_unprintable(report: Report, notes: list[ImportNote]) -> None:
    """What the report still needs before it prints, when no earlier note said so."""
    checked = {note.path for note in notes if note.kind == "check" and note.path}
    for problem in validate_report(report):
        if problem.path not in checked:
            notes.append(ImportNote("check", problem.message, problem.path))


def _deduplicated(notes: list[ImportNote]) -> list[ImportNote]:
    seen: set[tuple[str, str]] = set()
    result = []
    for note in notes:
        key = (note.kind, note.message)
        if key not in seen:
            seen.add(key)
            result.append(note)
    return result
