"""Find the elements of an administrative document in any .docx, by their content.

Word users lay the header out as a two-column table (with or without borders), as tab-separated
paragraphs, or as plain paragraphs; the signature likewise. So the document is cut into pieces (a
line of a paragraph, or a tab-separated segment of a line) and each element is recognised by what it
says: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số:", "…, ngày … tháng … năm …", "BÁO CÁO", "Nơi nhận:",
"TM. …". The checker (app.core.conformance) then reads each element's formatting.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.docx_format import DocxFormat, ParagraphFormat, RunFormat
from app.core.model import DOCUMENT_KINDS, Profile
from app.core.signature import TypedAuthority, typed_authority
from app.core.text import normalize_text

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TERMINATOR = "./."

# Tên loại (Phụ lục III, mục I) → chữ viết tắt; the keys are written as they print, in capitals. The kinds a
# report can be (app.core.model.DOCUMENT_KINDS) come first, from that table.
KIND_ABBREVIATIONS: dict[str, str] = {
    **{kind.title: kind.abbreviation for kind in DOCUMENT_KINDS.values()},
    "NGHỊ QUYẾT": "NQ",
    "QUYẾT ĐỊNH": "QĐ",
    "CHỈ THỊ": "CT",
    "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC",
    "HƯỚNG DẪN": "HD",
    "CHƯƠNG TRÌNH": "CTr",
    "PHƯƠNG ÁN": "PA",
    "ĐỀ ÁN": "ĐA",
    "DỰ ÁN": "DA",
    "BIÊN BẢN": "BB",
    "HỢP ĐỒNG": "HĐ",
    "CÔNG ĐIỆN": "CĐ",
    "BẢN GHI NHỚ": "BGN",
    "BẢN THỎA THUẬN": "BTT",
    "GIẤY ỦY QUYỀN": "GUQ",
    "GIẤY MỜI": "GM",
    "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY NGHỈ PHÉP": "GNP",
    "PHIẾU GỬI": "PG",
    "PHIẾU CHUYỂN": "PC",
    "PHIẾU BÁO": "PB",
}
# The old tone placement (HOÀ, THOẢ, UỶ) is accepted everywhere the new one is.
_OLD_TONE_PAIRS = (("OÀ", "ÒA"), ("OẢ", "ỎA"), ("UỶ", "ỦY"))

RULE_CHARACTERS = frozenset("_-‐‑‒–—―─━=~.·*")
DASHES = ("-", "–", "—", "+", "•", "·")
ROMAN_HEADING = re.compile(r"^(?P<number>[IVX]+)\s*[.\-–)]\s*\S")
PART_HEADING = re.compile(r"^(phần|chương)\s+(thứ\s+\w+|[ivxlc]+|\d+)\b", re.IGNORECASE)
DATE_WORDS = re.compile(r"\bngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE)
DATE_LINE = re.compile(r"^[^\d:;()]{1,60}?\bngày\b", re.IGNORECASE)
"""A place-and-date line starts with the place name: "Trà Tây, ngày …" (not "V/v … ngày …")."""
NUMBER_START = re.compile(r"^số\b", re.IGNORECASE)

_HEADER_SEARCH = 40
_TITLE_SEARCH = 80


def normalized(text: str) -> str:
    """NFC with runs of white space as single spaces: the form every comparison here uses."""
    return " ".join(normalize_text(text).split())


def _upper_key(text: str) -> str:
    key = normalized(text).upper()
    for old, new in _OLD_TONE_PAIRS:
        key = key.replace(old, new)
    return key


def _letters(text: str) -> str:
    return "".join(character for character in normalized(text) if character.isalpha())


@dataclass(frozen=True)
class Piece:
    """A line of a paragraph, or one tab-separated segment of a line, with the runs that print it."""

    paragraph: ParagraphFormat
    text: str
    runs: tuple[RunFormat, ...] = field(hash=False)
    line: int
    column: int
    """Index of the tab-separated segment on its line: 0 left of any tab."""
    alone: bool
    """No tab on its line, so the paragraph's alignment places it."""

    @property
    def number(self) -> int:
        """1-based paragraph number, as findings show it."""
        return self.paragraph.index + 1

    @property
    def shown(self) -> str:
        """The text as printed: runs with the caps property print in capitals."""
        shown = "".join(run.text.upper() if run.caps else run.text for run in self.runs)
        return normalized(shown) or normalized(self.text)

    @property
    def key(self) -> str:
        return _upper_key(self.text)


def paragraph_pieces(paragraph: ParagraphFormat) -> list[Piece]:
    """The non-blank lines (split at line breaks) and tab segments of a paragraph, in order."""
    lines: list[list[list[RunFormat]]] = [[[]]]
    for run in paragraph.runs:
        for part in re.split(r"([\n\t])", run.text):
            if part == "\n":
                lines.append([[]])
            elif part == "\t":
                lines[-1].append([])
            elif part:
                lines[-1][-1].append(dataclasses.replace(run, text=part))
    pieces: list[Piece] = []
    label = paragraph.label.strip() if paragraph.label else ""
    for line_index, segments in enumerate(lines):
        alone = len(segments) == 1
        for column, runs in enumerate(segments):
            text = "".join(run.text for run in runs)
            if line_index == 0 and column == 0 and label:
                text = f"{label} {text.lstrip()}"
            if not text.strip():
                continue
            visible = tuple(
                run for run in runs if run.text.strip() and not run.hidden and not run.is_footnote_reference
            )
            pieces.append(Piece(paragraph, text.strip(), visible, line_index, column, alone))
    return pieces


def is_rule_text(text: str) -> bool:
    """A line drawn with characters: "________", "-----", "───"."""
    stripped = text.replace(" ", "")
    return len(stripped) >= 3 and set(stripped) <= RULE_CHARACTERS and stripped != TERMINATOR


def is_rule_paragraph(paragraph: ParagraphFormat) -> bool:
    """A paragraph that draws a horizontal line: a border on an empty paragraph, a shape, or rule characters."""
    text = paragraph.text.strip()
    if not text:
        return bool(paragraph.drawings or "bottom" in paragraph.borders or "top" in paragraph.borders)
    return all(is_rule_text(line) for line in text.replace("\t", "\n").split("\n") if line.strip())


def is_blank(paragraph: ParagraphFormat) -> bool:
    return not paragraph.text.strip() and not paragraph.label


@dataclass
class Layout:
    """Where each element of the document stands; None or empty when it was not found."""

    document: DocxFormat
    profile: Profile
    pieces: list[Piece]
    header_end: int
    national: Piece | None = None
    motto: Piece | None = None
    party_name: Piece | None = None
    star: Piece | None = None
    number: Piece | None = None
    date: Piece | None = None
    parent_lines: list[Piece] = field(default_factory=list)
    issuer_lines: list[Piece] = field(default_factory=list)
    official_letter: bool = False
    title: Piece | None = None
    summary: list[Piece] = field(default_factory=list)
    summary_end: int = 0
    salutation: list[Piece] = field(default_factory=list)
    basis: list[Piece] = field(default_factory=list)
    content_start: int = 0
    content_end: int = 0
    recipients_heading: Piece | None = None
    recipient_lines: list[Piece] = field(default_factory=list)
    signer_lines: list[Piece] = field(default_factory=list)
    signature_end: int = 0
    _by_paragraph: dict[int, list[Piece]] = field(default_factory=dict, repr=False)

    def paragraph(self, index: int) -> ParagraphFormat:
        return self.document.paragraphs[index]

    def pieces_in(self, start: int, end: int) -> list[Piece]:
        return [piece for piece in self.pieces if start <= piece.paragraph.index < end]

    def pieces_of(self, paragraph: ParagraphFormat) -> list[Piece]:
        return self.by_paragraph.get(paragraph.index, [])

    @property
    def by_paragraph(self) -> dict[int, list[Piece]]:
        if not self._by_paragraph:
            for piece in self.pieces:
                self._by_paragraph.setdefault(piece.paragraph.index, []).append(piece)
        return self._by_paragraph


def detect_profile(document: DocxFormat) -> Profile:
    """Party when the document carries "ĐẢNG CỘNG SẢN VIỆT NAM" (or Party number/signature forms) at the top."""
    head = [piece for paragraph in document.paragraphs[:_HEADER_SEARCH] for piece in paragraph_pieces(paragraph)]
    keys = [piece.key for piece in head]
    if PARTY_NAME in keys:
        return "party"
    if any(_is_national(key) for key in keys):
        return "state"
    if any(re.match(r"^SỐ\s+\d+\s*-\s*[A-ZĐ]+\s*/", key) for key in keys):
        return "party"
    return "state"


def _is_national(key: str) -> bool:
    return key.rstrip(".") == NATIONAL_NAME


def _is_motto(piece: Piece) -> bool:
    return _letters(piece.text).lower() == _letters(MOTTO).lower()


def locate(document: DocxFormat, profile: Profile) -> Layout:
    """Every element of the document, found by its content."""
    pieces = [piece for paragraph in document.paragraphs for piece in paragraph_pieces(paragraph)]
    layout = Layout(document, profile, pieces, header_end=0)
    layout.title = _find_title(pieces)
    limit = layout.title.paragraph.index if layout.title else min(_HEADER_SEARCH, len(document.paragraphs))
    header = [piece for piece in pieces if piece.paragraph.index < limit]
    _find_header(layout, header)
    if layout.title is None:
        found = [p for p in (layout.national, layout.motto, layout.party_name, layout.number, layout.date) if p]
        last = max((piece.paragraph for piece in found), key=lambda paragraph: paragraph.index, default=None)
        limit = _end_of_container(document, last) if last is not None else 0
    layout.header_end = limit
    _find_title_block(layout)
    _find_signature(layout)
    return layout


def _end_of_container(document: DocxFormat, paragraph: ParagraphFormat) -> int:
    """The index after a paragraph, or after the whole table when it stands in one."""
    if paragraph.table_index is None:
        return paragraph.index + 1
    return 1 + max(p.index for p in document.paragraphs if p.table_index == paragraph.table_index)


def _find_title(pieces: list[Piece]) -> Piece | None:
    for piece in pieces:
        if piece.paragraph.index >= _TITLE_SEARCH:
            break
        if not piece.paragraph.in_table and piece.key in _KIND_KEYS:
            return piece
    return None


_KIND_KEYS = {_upper_key(title): title for title in KIND_ABBREVIATIONS}


def kind_title(piece: Piece) -> str:
    """The title word as listed in KIND_ABBREVIATIONS (new tone placement)."""
    return _KIND_KEYS[piece.key]


def _find_header(layout: Layout, header: list[Piece]) -> None:
    classified: set[int] = set()

    def first(test: Callable[[Piece], object]) -> Piece | None:
        for position, piece in enumerate(header):
            if position not in classified and test(piece):
                classified.add(position)
                return piece
        return None

    layout.national = first(lambda piece: _is_national(piece.key))
    layout.party_name = first(lambda piece: piece.key == PARTY_NAME)
    layout.motto = first(_is_motto)
    layout.number = first(lambda piece: NUMBER_START.match(normalized(piece.text)) and "/" in piece.text)
    layout.date = first(_is_date_line)
    layout.star = first(lambda piece: piece.text.strip() == "*")
    letter = first(lambda piece: normalized(piece.text).lower().startswith("v/v"))
    layout.official_letter = letter is not None
    for position, piece in enumerate(header):
        if is_rule_text(piece.text) or piece.text.strip() == "*":
            classified.add(position)
    known = [p for p in (layout.national, layout.party_name, layout.motto, layout.date) if p is not None]
    candidates = [piece for position, piece in enumerate(header) if position not in classified]
    issuer = _issuer_candidates(layout, candidates, known)
    # The issuing body is printed bold under an optional superior body that is not: split there.
    bold_from = next((i for i, piece in enumerate(issuer) if piece.runs and all(run.bold for run in piece.runs)), None)
    if bold_from is None or bold_from == 0:
        layout.issuer_lines = issuer[-1:] if bold_from is None and len(issuer) > 1 else issuer
        layout.parent_lines = issuer[:-1] if bold_from is None and len(issuer) > 1 else []
    else:
        layout.parent_lines, layout.issuer_lines = issuer[:bold_from], issuer[bold_from:]


def _is_date_line(piece: Piece) -> bool:
    text = normalized(piece.text)
    return not text.lower().startswith("v/v") and bool(DATE_WORDS.search(text)) and bool(DATE_LINE.match(text))


def _issuer_candidates(layout: Layout, candidates: list[Piece], known: list[Piece]) -> list[Piece]:
    """The lines of the issuer's column: above the number, in the column that is not the national heading's."""
    number = layout.number
    if number is not None and number.paragraph.cell is not None:
        table, (row, column) = number.paragraph.table_index, number.paragraph.cell
        return [
            piece
            for piece in candidates
            if piece.paragraph.table_index == table
            and piece.paragraph.cell is not None
            and piece.paragraph.cell[1] == column
            and (piece.paragraph.cell[0], piece.paragraph.index) < (row, number.paragraph.index)
        ]
    if number is not None:
        return [
            piece
            for piece in candidates
            if piece.paragraph.index < number.paragraph.index and piece.paragraph.table_index is None
        ]
    heading = next(iter(known), None)
    if heading is not None and heading.paragraph.cell is not None:
        table, column = heading.paragraph.table_index, heading.paragraph.cell[1]
        return [
            piece
            for piece in candidates
            if piece.paragraph.table_index == table
            and piece.paragraph.cell is not None
            and piece.paragraph.cell[1] != column
        ]
    # Tab-separated header: the segments left of the national heading on the same lines.
    lines = {(piece.paragraph.index, piece.line): piece.column for piece in known}
    return [
        piece
        for piece in candidates
        if (piece.paragraph.index, piece.line) in lines and piece.column < lines[(piece.paragraph.index, piece.line)]
    ]


def _next_paragraphs(layout: Layout, start: int, end: int) -> list[ParagraphFormat]:
    """Non-blank body paragraphs outside tables from `start` to `end`."""
    return [
        layout.paragraph(index)
        for index in range(start, min(end, len(layout.document.paragraphs)))
        if not layout.paragraph(index).in_table and not is_blank(layout.paragraph(index))
    ]


def _find_title_block(layout: Layout) -> None:
    """Trích yếu, its rule, Kính gửi and căn cứ under the title: what comes before the content."""
    document = layout.document
    total = len(document.paragraphs)
    position = layout.header_end
    if layout.title is not None:
        title = layout.title
        same_paragraph = [
            piece for piece in layout.pieces if piece.paragraph is title.paragraph and piece.line > title.line
        ]
        position = title.paragraph.index + 1
        following = _next_paragraphs(layout, position, total)
        candidates = same_paragraph or []
        if not candidates and following and _may_be_summary(following[0]):
            first = following[0]
            candidates = layout.pieces_of(first)
            position = first.index + 1
            # A trích yếu typed over several paragraphs: the bold, centered ones that follow.
            for paragraph in _next_paragraphs(layout, position, total):
                pieces = layout.pieces_of(paragraph)
                if (
                    is_rule_paragraph(paragraph)
                    or _starts_block(paragraph)
                    or paragraph.alignment != "center"
                    or not all(run.bold for piece in pieces for run in piece.runs)
                ):
                    break
                candidates += pieces
                position = paragraph.index + 1
        layout.summary = candidates
    layout.summary_end = position
    # Rules and blank lines under the trích yếu.
    while position < total and (is_blank(layout.paragraph(position)) or is_rule_paragraph(layout.paragraph(position))):
        if layout.paragraph(position).in_table:
            break
        position += 1
    following = _next_paragraphs(layout, position, total)
    if following and normalized(following[0].text).lower().startswith("kính gửi"):
        salutation = list(layout.pieces_of(following[0]))
        position = following[0].index + 1
        for paragraph in _next_paragraphs(layout, position, total):
            if not normalized(paragraph.text).startswith(DASHES):
                break
            salutation += layout.pieces_of(paragraph)
            position = paragraph.index + 1
        layout.salutation = salutation
    for paragraph in _next_paragraphs(layout, position, total):
        if not normalized(paragraph.text).lower().startswith("căn cứ"):
            break
        layout.basis += layout.pieces_of(paragraph)
        position = paragraph.index + 1
    layout.content_start = position


def _may_be_summary(paragraph: ParagraphFormat) -> bool:
    """The paragraph under the title is its trích yếu unless it is plainly something else: Kính gửi, căn cứ,
    a heading, or body text (a long or justified, indented paragraph, or one ending "như sau:")."""
    text = normalized(paragraph.text)
    runs = [run for run in paragraph.runs if run.text.strip()]
    looks_set_apart = paragraph.alignment == "center" or any(run.bold for run in runs)
    return (
        not is_rule_paragraph(paragraph)
        and not _starts_block(paragraph)
        and looks_set_apart
        and len(text) < 400
        and not text.endswith(":")
    )


def _starts_block(paragraph: ParagraphFormat) -> bool:
    """Kính gửi, căn cứ or a numbered heading: what follows the title when there is no trích yếu."""
    text = normalized(paragraph.text).lower()
    printed = normalized(f"{paragraph.label or ''} {paragraph.text}")
    return (
        text.startswith(("kính gửi", "căn cứ"))
        or bool(ROMAN_HEADING.match(printed))
        or bool(PART_HEADING.match(printed))
        or (paragraph.alignment == "both" and paragraph.first_line_indent_twips > 0)
    )


def authority_match(piece: Piece) -> TypedAuthority | None:
    """An authority line ("TM. ỦY BAN NHÂN DÂN", "K/T BÍ THƯ"): a prefix, then words printed in capitals."""
    typed = typed_authority(piece.shown)
    if typed is None:
        return None
    rest = typed.rest
    return typed if rest == rest.upper() and any(character.isalpha() for character in rest) else None


def _find_signature(layout: Layout) -> None:
    document = layout.document
    total = len(document.paragraphs)
    after = [piece for piece in layout.pieces if piece.paragraph.index >= layout.content_start]
    heading = next(
        (piece for piece in after if normalized(piece.text).lower().startswith("nơi nhận") and len(piece.text) < 20),
        None,
    )
    authority = next((piece for piece in after if authority_match(piece)), None)
    starts = []
    for piece in (heading, authority):
        if piece is not None:
            paragraph = piece.paragraph
            if paragraph.table_index is not None:
                starts.append(min(p.index for p in document.paragraphs if p.table_index == paragraph.table_index))
            else:
                starts.append(paragraph.index)
    layout.content_end = min(starts) if starts else total
    layout.signature_end = _appendix_start(layout, layout.content_end) if starts else total
    layout.recipients_heading = heading
    if heading is not None:
        layout.recipient_lines = _recipient_lines(layout, heading)
    anchor = heading or authority
    if anchor is None:
        return
    if anchor.paragraph.table_index is not None and anchor.paragraph.cell is not None:
        table, column = anchor.paragraph.table_index, anchor.paragraph.cell[1]
        same_column = anchor is authority
        signer = [
            piece
            for piece in layout.pieces
            if piece.paragraph.table_index == table
            and piece.paragraph.cell is not None
            and (piece.paragraph.cell[1] == column) == same_column
        ]
    else:
        taken = {id(piece) for piece in [*layout.recipient_lines, *([heading] if heading else [])]}
        text_width = document.page.width_twips - document.page.left_twips - document.page.right_twips
        signer = [
            piece
            for piece in layout.pieces_in(layout.content_end, layout.signature_end)
            if id(piece) not in taken
            and piece.paragraph.table_index is None
            and (
                piece.column > 0
                or (
                    piece.alone
                    and (
                        piece.paragraph.alignment in ("center", "right")
                        or piece.paragraph.left_indent_twips >= text_width // 3
                    )
                )
            )
        ]
    layout.signer_lines = [piece for piece in signer if _is_signer_text(piece.text)]


def _is_signer_text(text: str) -> bool:
    stripped = normalized(text)
    if not stripped or is_rule_text(stripped):
        return False
    return not (stripped.startswith(("(", "[")) or set(stripped) <= set(".…_ "))


def _appendix_start(layout: Layout, start: int) -> int:
    """The first paragraph of the appendices: a page break after the signature, or a "Phụ lục" line."""
    document = layout.document
    for index in range(start + 1, len(document.paragraphs)):
        paragraph = document.paragraphs[index]
        if paragraph.in_table:
            continue
        if paragraph.page_break_before or re.match(r"^phụ lục\b", normalized(paragraph.text).lower()):
            return index
    return len(document.paragraphs)


def _recipient_lines(layout: Layout, heading: Piece) -> list[Piece]:
    """The lines of the Nơi nhận list: the rest of its cell, or the dash lines that follow it."""
    paragraph = heading.paragraph
    if paragraph.table_index is not None and paragraph.cell is not None:
        return [
            piece
            for piece in layout.pieces
            if piece.paragraph.table_index == paragraph.table_index
            and piece.paragraph.cell == paragraph.cell
            and (piece.paragraph.index, piece.line, piece.column) > (paragraph.index, heading.line, heading.column)
        ]
    lines = [
        piece
        for piece in layout.pieces
        if piece.paragraph is paragraph and piece.line > heading.line and piece.column == 0
    ]
    for index in range(paragraph.index + 1, layout.signature_end):
        following = layout.paragraph(index)
        if following.in_table:
            break
        left = [piece for piece in layout.pieces_of(following) if piece.column == 0 and piece.line == 0]
        if not left:
            continue
        text = normalized(left[0].text)
        if not (text.startswith(DASHES) or text.lower().startswith("lưu")):
            break
        lines += [piece for piece in layout.pieces_of(following) if piece.column == 0]
    return lines
