"""The top of a report as typed: header (chủ quản, cơ quan, số và ký hiệu, địa danh và ngày), title word,
trích yếu, Kính gửi and căn cứ — in a borderless table or in plain paragraphs, state or Party style."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from app.core import conformance_layout
from app.core.model import DOCUMENT_KINDS, Footnote, Profile, ReportDate
from app.importers.labels import parse_label
from app.importers.result import ImportNote
from app.importers.source import SourceItem, SourceParagraph, SourceTable
from app.importers.wording import clean, fold, initials, is_upper_text, quoted_list, sentence_case, title_case_place

NATIONAL_NAME = fold(conformance_layout.NATIONAL_NAME)
PARTY_NAME = fold(conformance_layout.PARTY_NAME)
PARTY_ONLY_TITLES = ("KẾT LUẬN", "THÔNG TRI")
TITLE_SEARCH_LIMIT = 40
"""Items searched for the title word; a report's title stands well before that."""
BODY_WORDS = 40
"""A paragraph this long is body text: the header and the title are over."""
SUMMARY_MAX_PARAGRAPHS = 4
TITLE_LINE_WORDS = 25

_NUMBER = re.compile(r"^số\s*:?\s*(?P<number>\d+)?\s*(?P<separator>[/\-–])\s*(?P<symbol>[^\s].*?)\s*$", re.IGNORECASE)
_DATE = re.compile(
    r"^(?P<place>[^,]{2,60}?)\s*,\s*ngày\s*(?P<day>\d{1,2})?[\s.…_]*tháng\s*(?P<month>\d{1,2})?[\s.…_]*"
    r"năm\s*(?P<year>\d{4})?",
    re.IGNORECASE,
)
_DATE_IN_FIGURES = re.compile(
    r"^(?P<place>[^,]{2,60}?)\s*,\s*ngày\s*(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})\s*[/.\-]\s*(?P<year>\d{4})\b",
    re.IGNORECASE,
)
_RULE = re.compile(r"^[\s_\-–—=.*]*$")
_KIND_BY_TITLE = {fold(kind.title): kind.key for kind in DOCUMENT_KINDS.values()}
_KIND_BY_ABBREVIATION = {kind.abbreviation.lower(): kind.key for kind in DOCUMENT_KINDS.values()}
_OTHER_TITLES = frozenset(
    fold(title)
    for title in (*conformance_layout.KIND_ABBREVIATIONS, *PARTY_ONLY_TITLES)
    if fold(title) not in _KIND_BY_TITLE
)
"""Title words of other document types (Phụ lục III, and the Party's): the document is kept as a báo cáo under
that title."""
_LOCAL_UNITS = (
    "xa",
    "phuong",
    "thi tran",
    "huyen",
    "quan",
    "thi xa",
    "thanh pho",
    "tinh",
)
_BODY_STARTS = ("thuc hien", "can cu", "theo ", "nham ", "de ", "trong ", "qua ", "tiep ")


@dataclass(slots=True)
class HeaderLine:
    text: str
    column: int | None
    """0 for the issuer's column, 1 for the national heading's column, None when the layout does not say."""
    bold: bool | None
    paragraph: SourceParagraph


@dataclass(slots=True)
class Front:
    """What the top of the document says, and where the body starts."""

    end: int = 0
    profile: Profile = "state"
    parent: str | None = None
    name: str = ""
    code: str = ""
    place: str = ""
    number: int | None = None
    date: ReportDate = None
    kind: str = "bao-cao"
    title: str | None = None
    summary: str | None = None
    to: list[str] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    extra_lines: list[str] = field(default_factory=list)
    """Header lines that belong to nothing the model holds ("DỰ THẢO", "MẬT"): kept at the top of the opening."""
    footnotes: list[Footnote] = field(default_factory=list)
    """Footnotes anchored in the header, title or trích yếu (which hold plain text): kept in the opening."""
    found_header: bool = False


def paragraph_lines(paragraph: SourceParagraph, column: int | None) -> list[HeaderLine]:
    """A header paragraph as lines: split at line breaks, and at tabs into the two columns."""
    lines: list[HeaderLine] = []
    for line in paragraph.text.split("\n"):
        parts = [part for part in re.split(r"\t+", line)]
        if len(parts) > 1 and column is None:
            cleaned = [clean(part) for part in parts]
            filled = [part for part in cleaned if part]
            if len(filled) >= 2:
                lines.append(HeaderLine(filled[0], 0, paragraph.bold, paragraph))
                lines.extend(HeaderLine(part, 1, paragraph.bold, paragraph) for part in filled[1:])
                continue
            if filled:
                # One cell of a two-column line: a leading tab pushes it to the right.
                side = 1 if not cleaned[0] else 0
                lines.append(HeaderLine(filled[0], side, paragraph.bold, paragraph))
                continue
            continue
        text = clean(line)
        if text:
            lines.append(HeaderLine(text, column, paragraph.bold, paragraph))
    return lines


def table_lines(table: SourceTable) -> list[HeaderLine]:
    """A layout table read column by column, left to right."""
    lines: list[HeaderLine] = []
    for column in range(table.column_count):
        side = 0 if column == 0 else 1
        for paragraph in table.column_paragraphs(column):
            lines.extend(paragraph_lines(paragraph, side))
    return lines


def _is_header_line(text: str) -> bool:
    folded = fold(text)
    return (
        NATIONAL_NAME in folded
        or PARTY_NAME in folded
        or _is_motto(folded)
        or _NUMBER.match(text) is not None
        or _match_date(text) is not None
    )


def _match_date(text: str) -> re.Match[str] | None:
    """ "Trà Tây, ngày 05 tháng 6 năm 2023" (blanks allowed) or "Trà Tây, ngày 05/6/2023"."""
    return _DATE.match(text) or _DATE_IN_FIGURES.match(text)


def _without_words(text: str, folded_phrase: str) -> str:
    """The line without a phrase (given folded) standing in it as whole words; "" when it is not found so."""
    words = text.split()
    folded = [fold(word) for word in words]
    target = folded_phrase.split()
    for start in range(len(words) - len(target) + 1):
        if folded[start : start + len(target)] == target:
            return " ".join(words[:start] + words[start + len(target) :])
    return ""


def _without_motto(text: str) -> str:
    """The line without the Tiêu ngữ (from «Độc» to «phúc», however the hyphens were typed)."""
    words = text.split()
    folded = [fold(word) for word in words]
    start = next((index for index, word in enumerate(folded) if word.startswith("doc")), None)
    if start is None:
        return ""
    end = next((index for index in range(start, len(words)) if "phuc" in folded[index]), None)
    return "" if end is None else " ".join(words[:start] + words[end + 1 :])


def _is_motto(folded: str) -> bool:
    return "doc lap" in folded and "tu do" in folded and "hanh phuc" in folded


def title_kind(text: str) -> tuple[str, str | None] | None:
    """(kind, title override) when a line is a title word: "BÁO CÁO" → ("bao-cao", None)."""
    if not text or not is_upper_text(text):
        return None
    folded = fold(text)
    squeezed = folded.replace(" ", "")
    for title, kind in _KIND_BY_TITLE.items():
        if folded == title or squeezed == title.replace(" ", ""):
            return kind, None
    if folded in _OTHER_TITLES:
        return "bao-cao", " ".join(text.split())
    return None


def title_and_summary(text: str) -> tuple[str, str] | None:
    """(kind, the rest) for a title word run on with the trích yếu: "BÁO CÁO TỔNG KẾT CÔNG TÁC NĂM 2023"."""
    if not text or not is_upper_text(text) or len(text.split()) > TITLE_LINE_WORDS:
        return None
    words = text.split()
    for title, kind in _KIND_BY_TITLE.items():
        size = len(title.split())
        if fold(" ".join(words[:size])) == title and len(words) > size + 1:
            return kind, " ".join(words[size:])
    return None


def _looks_like_body(item: SourceItem) -> bool:
    if isinstance(item, SourceTable):
        return not any(_is_header_line(line.text) for line in table_lines(item))
    text = item.text
    if len(text.split()) >= BODY_WORDS or item.list_label:
        return True
    label = parse_label(text)
    return label is not None and not label.is_bullet and label.kind != "upper"


def find_title(items: list[SourceItem]) -> int | None:
    """The index of the paragraph holding the title word (BÁO CÁO, KẾ HOẠCH, …), or None."""
    for index, item in enumerate(items[:TITLE_SEARCH_LIMIT]):
        if isinstance(item, SourceParagraph) and (
            title_kind(clean(item.text)) is not None or title_and_summary(clean(item.text)) is not None
        ):
            return index
        if _looks_like_body(item):
            return None
    return None


def read_front(items: list[SourceItem], notes: list[ImportNote]) -> Front:
    """The header, title, trích yếu, Kính gửi and căn cứ at the top of the document."""
    front = Front()
    title_index = find_title(items)
    if title_index is None:
        header_end = 0
        while header_end < len(items) and header_end < TITLE_SEARCH_LIMIT:
            item = items[header_end]
            lines = table_lines(item) if isinstance(item, SourceTable) else paragraph_lines(item, None)
            if not lines or not (
                any(_is_header_line(line.text) for line in lines)
                or (isinstance(item, SourceParagraph) and _is_issuer_like(item, items, header_end))
            ):
                break
            header_end += 1
        start = header_end
    else:
        header_end = title_index
        start = title_index
    header: list[HeaderLine] = []
    for item in items[:header_end]:
        header.extend(table_lines(item) if isinstance(item, SourceTable) else paragraph_lines(item, None))
    _read_header(header, front, notes)
    index = start
    title_item = items[title_index] if title_index is not None else None
    if title_index is not None and isinstance(title_item, SourceParagraph):
        text = clean(title_item.text)
        run_on = title_and_summary(text)
        kind, title = title_kind(text) or (run_on[0] if run_on else "bao-cao", None)
        front.kind, front.title = kind, title
        notes.append(ImportNote("recognised", f"Tên loại văn bản: {DOCUMENT_KINDS[kind].title}.", "kind"))
        first_line = (sentence_case(run_on[1]), title_item) if run_on else None
        index = _read_summary(items, title_index + 1, front, notes, first_line=first_line)
        if run_on:
            notes.append(
                ImportNote(
                    "guessed",
                    "Tên loại văn bản viết liền với trích yếu trên một dòng: đã tách, phần sau là trích yếu.",
                    "summary",
                )
            )
    else:
        notes.append(
            ImportNote(
                "check",
                "Không thấy tên loại văn bản (BÁO CÁO, KẾ HOẠCH…): chương trình coi đây là báo cáo, "
                "hãy chọn lại loại văn bản nếu khác.",
                "kind",
            )
        )
    index = _read_salutation(items, index, front, notes)
    index = _read_basis(items, index, front, notes)
    front.end = index
    for item in items[:index]:
        if isinstance(item, SourceParagraph):
            front.footnotes.extend(item.footnotes)
        else:
            front.footnotes.extend(
                note for row in item.rows for cell in row for inner in cell for note in inner.footnotes
            )
    if front.footnotes:
        notes.append(
            ImportNote(
                "check",
                f"{len(front.footnotes)} chú thích cuối trang ở phần đầu văn bản đã chuyển vào đầu phần mở đầu; "
                "hãy chuyển chúng về đúng chỗ hoặc xóa.",
                "opening",
            )
        )
    return front


def _is_issuer_like(item: SourceParagraph, items: list[SourceItem], index: int) -> bool:
    """An upper-case line at the top with a header line soon after it (the issuer typed in paragraphs)."""
    text = clean(item.text)
    if not is_upper_text(text) or len(text.split()) > 12:
        return False
    for following in items[index + 1 : index + 4]:
        if isinstance(following, SourceParagraph) and any(
            _is_header_line(line.text) for line in paragraph_lines(following, None)
        ):
            return True
    return False


def _read_header(lines: list[HeaderLine], front: Front, notes: list[ImportNote]) -> None:
    issuer_lines: list[HeaderLine] = []
    for line in lines:
        text = line.text
        folded = fold(text)
        if NATIONAL_NAME in folded or PARTY_NAME in folded:
            front.found_header = True
            if PARTY_NAME in folded:
                front.profile = "party"
            rest = _without_words(text, NATIONAL_NAME if NATIONAL_NAME in folded else PARTY_NAME)
        elif _is_motto(folded):
            rest = _without_motto(text)
        elif _RULE.match(text):
            continue
        elif (number := _NUMBER.match(text)) is not None:
            _read_number(number, front, notes)
            continue
        elif (date := _match_date(text)) is not None:
            _read_date(date, front, notes)
            rest = clean(text[date.end() :])
            rest = rest if any(character.isalpha() for character in rest) else ""  # "năm 20__": blanks
        elif line.column in (0, None) and is_upper_text(text):
            issuer_lines.append(line)
            continue
        else:
            rest = text
        if rest:  # what a plain-text file ran on to a header line, or a line that belongs nowhere: kept
            front.extra_lines.append(rest)
    _read_issuer(issuer_lines, front, notes)
    if front.profile == "party":
        notes.append(ImportNote("recognised", "Văn bản của Đảng (có tiêu đề ĐẢNG CỘNG SẢN VIỆT NAM).", "profile"))
    elif front.found_header:
        notes.append(ImportNote("recognised", "Văn bản Nhà nước (có Quốc hiệu và Tiêu ngữ).", "profile"))
    if front.extra_lines:
        shown = quoted_list(front.extra_lines)
        notes.append(
            ImportNote(
                "check",
                f"Phần đầu văn bản có dòng không xếp được vào đâu ({shown}): đã giữ ở đầu phần mở đầu, "
                "hãy xóa hoặc chuyển đi.",
                "opening",
            )
        )


def _read_number(match: re.Match[str], front: Front, notes: list[ImportNote]) -> None:
    front.found_header = True
    if match["number"]:
        front.number = int(match["number"])
    symbol = match["symbol"].strip().rstrip(".")
    party = match["separator"] != "/" and "/" in symbol
    if party:
        front.profile = "party"
        kind_part, _, code = symbol.partition("/")
    else:
        kind_part, _, code = symbol.partition("-")
        if not code:  # "Số: 12/UBND" (no type abbreviation)
            kind_part, code = "", kind_part
    kind = _KIND_BY_ABBREVIATION.get(kind_part.strip().lower())
    if kind is not None:
        front.kind = kind
    front.code = code.strip()
    shown = f"số {front.number}" if front.number is not None else "số để trống"
    notes.append(ImportNote("recognised", f"Số và ký hiệu: {shown}, ký hiệu cơ quan “{front.code}”.", "issuer.code"))


def _read_date(match: re.Match[str], front: Front, notes: list[ImportNote]) -> None:
    front.found_header = True
    front.place = clean(match["place"])
    year = int(match["year"]) if match["year"] else None
    if year is not None and match["day"] and match["month"]:
        try:
            front.date = dt.date(year, int(match["month"]), int(match["day"]))
        except ValueError:
            front.date = year
            notes.append(
                ImportNote(
                    "check",
                    f"Ngày ban hành “{match.group(0)}” không có thật; chỉ giữ năm {year}, hãy nhập lại ngày.",
                    "date",
                )
            )
            return
        notes.append(ImportNote("recognised", f"Địa danh “{front.place}”, ngày {front.date:%d/%m/%Y}.", "date"))
        return
    front.date = year
    if year is not None:
        notes.append(ImportNote("recognised", f"Địa danh “{front.place}”, năm {year} (ngày, tháng để trống).", "date"))
    else:
        notes.append(
            ImportNote(
                "check",
                f"Địa danh “{front.place}”; ngày ban hành còn để trống: hãy chọn ngày, hoặc để trống cho văn thư điền.",
                "date",
            )
        )


def _read_issuer(lines: list[HeaderLine], front: Front, notes: list[ImportNote]) -> None:
    if not lines:
        notes.append(
            ImportNote("check", "Không thấy tên cơ quan ban hành ở phần đầu: hãy nhập tên cơ quan.", "issuer.name")
        )
        return
    texts = [line.text for line in lines]
    bolds = [line.bold for line in lines]
    guessed = False
    if any(bold is True for bold in bolds) and any(bold is False for bold in bolds[: bolds.index(True)]):
        # Nghị định 30: the parent body is not bold, the issuing body is.
        first_bold = bolds.index(True)
        parent, name = texts[:first_bold], texts[first_bold:]
    elif len(texts) == 1:
        parent, name = [], texts
    elif (
        len(texts) == 2
        and fold(texts[0]).startswith(("uy ban nhan dan", "hoi dong nhan dan", "dang uy"))
        and fold(texts[1]).startswith(_LOCAL_UNITS)
    ):
        parent, name = [], texts  # "ỦY BAN NHÂN DÂN" / "XÃ TRÀ TÂY" is one name on two lines
    else:
        parent, name = texts[:1], texts[1:]
        guessed = True
    front.parent = " ".join(parent) or None
    front.name = "\n".join(name)
    shown = front.name.replace("\n", " ")
    if front.parent:
        message = f"Cơ quan chủ quản “{front.parent}”, cơ quan ban hành “{shown}”."
    else:
        message = f"Cơ quan ban hành “{shown}”."
    notes.append(ImportNote("guessed" if guessed else "recognised", message, "issuer"))


def _read_summary(
    items: list[SourceItem],
    index: int,
    front: Front,
    notes: list[ImportNote],
    *,
    first_line: tuple[str, SourceParagraph] | None = None,
) -> int:
    """The trích yếu: the lines under the title word laid out like the first of them (centred or bold in Word;
    in plain text, up to the first blank line)."""
    lines: list[str] = [first_line[0]] if first_line else []
    first: SourceParagraph | None = first_line[1] if first_line else None
    while index < len(items) and len(lines) < SUMMARY_MAX_PARAGRAPHS:
        item = items[index]
        if not isinstance(item, SourceParagraph):
            break
        text = clean(item.text)
        if lines and item.blank_before:
            break
        if _RULE.match(text):
            index += 1
            if lines:
                break
            continue
        folded = fold(text)
        if folded.startswith(("kinh gui", "can cu")) or parse_label(text) is not None or item.list_label:
            break
        if first is None:
            if item.alignment is not None and item.alignment != "center" and not item.bold:
                break  # body text right under the title: no trích yếu
            if item.alignment is None and len(text.split()) >= BODY_WORDS and text.endswith(":"):
                break
        elif _ends_summary(item, first, text):
            break
        first = first or item
        lines.extend(clean(line) for line in item.text.split("\n") if clean(line))
        index += 1
    if lines:
        front.summary = "\n".join(lines)
        notes.append(ImportNote("recognised", f"Trích yếu: “{' '.join(lines)}”.", "summary"))
    elif DOCUMENT_KINDS[front.kind].summary_required:
        notes.append(ImportNote("check", "Không thấy trích yếu dưới tên loại văn bản: hãy nhập trích yếu.", "summary"))
    return index


def _ends_summary(item: SourceParagraph, first: SourceParagraph, text: str) -> bool:
    """A line after the first of the trích yếu that is laid out differently, or (plain text) opens the body."""
    if item.alignment is None:
        return _ends_opening(text)
    return (item.alignment, item.bold) != (first.alignment, first.bold)


def _ends_opening(text: str) -> bool:
    return fold(text).startswith(_BODY_STARTS) and len(text.split()) > 12


def _read_salutation(items: list[SourceItem], index: int, front: Front, notes: list[ImportNote]) -> int:
    """Kính gửi: one recipient on its line, or one "- …;" line each (also typed in a small table)."""
    if index >= len(items):
        return index
    item = items[index]
    lines = table_lines(item) if isinstance(item, SourceTable) else paragraph_lines(item, None)
    if not lines or not fold(lines[0].text).startswith("kinh gui"):
        return index
    index += 1
    texts = [line.text for line in lines]
    texts[0] = re.sub(r"^\s*kính\s*gửi\s*:?\s*", "", texts[0], flags=re.IGNORECASE)
    while index < len(items):
        following = items[index]
        if not isinstance(following, SourceParagraph):
            break
        text = clean(following.text)
        label = parse_label(text)
        if label is None or not label.is_bullet:
            break
        texts.append(text)
        index += 1
    for text in texts:
        for piece in re.split(r"\t+", text):
            label = parse_label(piece)
            entry = piece[label.end :] if label is not None and label.is_bullet else piece
            entry = clean(entry).rstrip(";.,")
            if entry:
                front.to.append(entry)
    if front.to:
        notes.append(ImportNote("recognised", f"Kính gửi: {'; '.join(front.to)}.", "to"))
    return index


def _read_basis(items: list[SourceItem], index: int, front: Front, notes: list[ImportNote]) -> int:
    """Căn cứ lines; "Căn cứ … báo cáo như sau:" is the opening paragraph, not a căn cứ."""
    start = index
    while index < len(items):
        item = items[index]
        if not isinstance(item, SourceParagraph):
            break
        text = clean(item.text)
        folded = fold(text)
        if not folded.startswith("can cu") or text.endswith(":") or " bao cao " in f" {folded} ":
            break
        front.basis.append(text.rstrip(";.,"))
        index += 1
    if index > start:
        notes.append(ImportNote("recognised", f"{index - start} dòng căn cứ.", "basis"))
    return index


def guess_missing(front: Front, notes: list[ImportNote]) -> None:
    """Code and place guessed from the issuer's name when the header does not give them."""
    name_lines = front.name.split("\n") if front.name else []
    if not front.code and name_lines:
        first = fold(name_lines[0])
        if first.startswith("uy ban nhan dan"):
            front.code = "UBND"
        elif first.startswith("hoi dong nhan dan"):
            front.code = "HĐND"
        else:
            front.code = initials(name_lines[0])
        notes.append(
            ImportNote(
                "guessed", f"Ký hiệu cơ quan “{front.code}” đoán từ tên cơ quan; hãy sửa nếu khác.", "issuer.code"
            )
        )
    elif not front.code:
        notes.append(ImportNote("check", "Không có ký hiệu cơ quan (ví dụ UBND): hãy nhập.", "issuer.code"))
    if not front.place and name_lines:
        last = name_lines[-1]
        folded = fold(last)
        place = ""
        for unit in sorted(_LOCAL_UNITS, key=len, reverse=True):
            if folded.startswith(unit + " "):
                place = title_case_place(" ".join(last.split()[len(unit.split()) :]))
                break
        if place:
            front.place = place
            notes.append(
                ImportNote("guessed", f"Địa danh “{place}” đoán từ tên cơ quan; hãy sửa nếu khác.", "issuer.place")
            )
    if not front.place:
        notes.append(ImportNote("check", "Không thấy địa danh ở dòng ngày tháng: hãy nhập địa danh.", "issuer.place"))
