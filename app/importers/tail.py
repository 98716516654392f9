"""The end of a report as typed: the closing sentence, Nơi nhận with its `Lưu` line, the signature block,
and the appendices after it — in a two-column table, in paragraphs, or side by side with tabs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

from app.core.model import SignatureMode
from app.core.signature import typed_authority
from app.importers.front import HeaderLine, paragraph_lines, table_lines
from app.importers.labels import parse_label
from app.importers.result import ImportNote
from app.importers.source import SourceItem, SourceParagraph, SourceTable
from app.importers.wording import clean, fold, is_upper_text, quoted_list

TERMINATORS = ("./.", "/.", "./")
SIGNATURE_LINE_WORDS = 10
APPENDIX_HEADING_WORDS = 8

_SIGNING_NOTES = re.compile(r"^\(?\s*(đã ký|ký|ký tên|ký, đóng dấu|ký và đóng dấu|ký, ghi rõ họ tên)[^)]*\)?$", re.I)
_ACADEMIC = re.compile(r"^(?:(?:ThS|TS|PGS\.\s*TS|GS\.\s*TS|KS|BS|CN|Ths)\.\s*)+")
_ARCHIVE = re.compile(r"^lưu\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)


@dataclass(slots=True)
class Tail:
    """What the end of the document says, and where the body ends."""

    body_end: int
    closing: list[SourceParagraph] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    archive: str | None = None
    on_behalf_of: str | None = None
    mode: SignatureMode | None = None
    head_title: str | None = None
    title: str = ""
    name: str = ""
    appendix_start: int | None = None
    leftover: list[str] = field(default_factory=list)
    """Lines of the signature zone that are neither recipients nor signature: kept as closing paragraphs."""


def is_closing_start(text: str) -> bool:
    """ "Trên đây là báo cáo …" (also with the common typo "Trân đây")."""
    folded = fold(text)
    return folded.startswith(("tren day", "tran day", "tren đay"))


def ends_content(text: str) -> bool:
    return text.rstrip().endswith(TERMINATORS)


def strip_terminator(text: str) -> str:
    stripped = text.rstrip()
    for terminator in TERMINATORS:
        if stripped.endswith(terminator):
            return stripped[: -len(terminator)].rstrip()
    return stripped


def _lines(item: SourceItem) -> list[HeaderLine]:
    return table_lines(item) if isinstance(item, SourceTable) else paragraph_lines(item, None)


def _has_recipients_heading(item: SourceItem) -> bool:
    return any(fold(line.text).startswith("noi nhan") for line in _lines(item))


def _is_appendix_heading(item: SourceItem) -> bool:
    if not isinstance(item, SourceParagraph):
        return False
    text = clean(item.text)
    return fold(text).startswith("phu luc") and len(text.split()) <= APPENDIX_HEADING_WORDS


def _is_heading_like(text: str) -> bool:
    label = parse_label(text)
    return label is not None and not label.is_bullet


def read_tail(items: list[SourceItem], start: int, notes: list[ImportNote]) -> Tail:
    """Closing, Nơi nhận and signature between `start` (the end of the front matter) and the end."""
    recipients_at = next(
        (index for index in range(len(items) - 1, start - 1, -1) if _has_recipients_heading(items[index])), None
    )
    search_end = recipients_at if recipients_at is not None else len(items)
    closing_end = None
    for index in range(search_end - 1, start - 1, -1):
        item = items[index]
        if isinstance(item, SourceParagraph) and ends_content(item.text):
            closing_end = index
            break
        if isinstance(item, SourceParagraph) and len(item.text.split()) > SIGNATURE_LINE_WORDS * 3:
            break  # a long paragraph without "./.": the content ended without the terminator
    closing_start = _closing_start(items, start, closing_end if closing_end is not None else search_end - 1)
    if closing_end is None and closing_start is None:
        signature_from = _trailing_signature(items, start, search_end)
        body_end = signature_from
    else:
        first = closing_start if closing_start is not None else closing_end
        assert first is not None
        last = closing_end if closing_end is not None else _last_closing(items, first, search_end)
        body_end = first
        signature_from = last + 1
    tail = Tail(body_end=body_end)
    tail.closing = [item for item in items[body_end:signature_from] if isinstance(item, SourceParagraph)]
    tables = [item for item in items[body_end:signature_from] if isinstance(item, SourceTable)]
    if tables:  # a table among the closing paragraphs: back to the body
        tail.body_end = signature_from
        tail.closing = []
    appendix_from = next(
        (index for index in range(signature_from, len(items)) if _is_appendix_heading(items[index])), None
    )
    tail.appendix_start = appendix_from
    zone = items[signature_from : appendix_from if appendix_from is not None else len(items)]
    _read_zone(zone, tail, notes)
    _note_tail(tail, recipients_at is not None, notes)
    return tail


def _closing_start(items: list[SourceItem], start: int, last: int) -> int | None:
    """The "Trên đây là …" paragraph that opens the closing, searched back from `last` to the last heading."""
    for index in range(last, start - 1, -1):
        item = items[index]
        if not isinstance(item, SourceParagraph):
            return None
        if is_closing_start(item.text):
            return index
        if _is_heading_like(clean(item.text)) or item.bold:
            return None
    return None


def _last_closing(items: list[SourceItem], first: int, end: int) -> int:
    """Without "./.": the closing runs on while paragraphs are sentences (not signature lines)."""
    last = first
    for index in range(first + 1, end):
        item = items[index]
        if not isinstance(item, SourceParagraph) or _looks_like_signature_line(clean(item.text)):
            break
        last = index
    return last


def _looks_like_signature_line(text: str) -> bool:
    authority = typed_authority(text)
    return (
        (len(text.split()) <= SIGNATURE_LINE_WORDS and not text.rstrip().endswith((".", ";", ":")))
        or (authority is not None and bool(authority.rest))
        or "\t" in text
    )


def _trailing_signature(items: list[SourceItem], start: int, end: int) -> int:
    """Without Nơi nhận and closing: the short lines at the very end, if they read as a signature block."""
    index = end
    while index > start:
        item = items[index - 1]
        if not isinstance(item, SourceParagraph) or not _looks_like_signature_line(clean(item.text)):
            break
        if _is_heading_like(clean(item.text)):
            break
        index -= 1
    lines = [clean(item.text) for item in items[index:end] if isinstance(item, SourceParagraph)]
    has_title = any(is_upper_text(line) for line in lines)
    has_name = bool(lines) and not is_upper_text(lines[-1])
    return index if has_title and has_name else end


def _read_zone(zone: list[SourceItem], tail: Tail, notes: list[ImportNote]) -> None:
    """Recipients and signature lines, wherever they stand: columns of a table, tabs, or one after the other."""
    recipient_lines: list[str] = []
    signature_lines: list[str] = []
    in_recipients = False
    for item in zone:
        if isinstance(item, SourceTable):
            columns: dict[int, list[str]] = {}
            for column in range(item.column_count):
                for paragraph in item.column_paragraphs(column):
                    columns.setdefault(column, []).extend(
                        line.text for line in paragraph_lines(paragraph, 0 if column == 0 else 1)
                    )
            for lines in columns.values():
                if any(fold(line).startswith("noi nhan") for line in lines):
                    recipient_lines.extend(lines)
                else:
                    signature_lines.extend(lines)
            in_recipients = False
            continue
        for line in paragraph_lines(item, None):
            text = line.text
            folded = fold(text)
            if folded.startswith("noi nhan"):
                in_recipients = True
                recipient_lines.append(text)
                continue
            label = parse_label(text)
            is_item = label is not None and label.is_bullet
            if line.column == 1:
                signature_lines.append(text)
            elif in_recipients and (is_item or _ARCHIVE.match(text)):
                recipient_lines.append(text)
                if _ARCHIVE.match(text.lstrip("-–+• ")):
                    in_recipients = False
            elif in_recipients and line.column == 0:
                recipient_lines.append(text)
            else:
                in_recipients = False
                signature_lines.append(text)
    _read_recipients(recipient_lines, tail)
    _read_signature(signature_lines, tail, notes)


def _read_recipients(lines: list[str], tail: Tail) -> None:
    for line in lines:
        text = line
        if fold(text).startswith("noi nhan"):
            text = re.sub(r"^\s*nơi\s*nhận\s*:?", "", text, flags=re.IGNORECASE)
        label = parse_label(text)
        if label is not None and label.is_bullet:
            text = text[label.end :]
        text = clean(text).rstrip(";,")
        if not text:
            continue
        archive = _ARCHIVE.match(text)
        if archive is not None:
            tail.archive = clean(archive["rest"]).rstrip(".") or None
            continue
        tail.recipients.append(text.rstrip("."))


def _read_signature(lines: list[str], tail: Tail, notes: list[ImportNote]) -> None:
    titles: list[str] = []
    names: list[str] = []
    for line in lines:
        text = clean(line)
        if not text or _SIGNING_NOTES.match(text) or set(text) <= set("-_.…*"):
            continue
        authority = typed_authority(text)
        if authority is not None and is_upper_text(authority.rest):
            if authority.key == "TM":
                tail.on_behalf_of = authority.rest
            else:
                tail.mode = cast(SignatureMode, authority.key)
                tail.head_title = authority.rest
            continue
        if is_upper_text(text) and not names:
            titles.append(text)
            continue
        if len(text.split()) <= SIGNATURE_LINE_WORDS and not text.endswith((".", ";", ":")):
            names.append(text)
            continue
        tail.leftover.append(text)
    tail.title = " ".join(titles)
    if not tail.title and tail.mode == "Q" and tail.head_title:
        tail.title = tail.head_title
    if names:
        name = names[-1]
        stripped = _ACADEMIC.sub("", name).strip()
        if stripped != name:
            notes.append(
                ImportNote("guessed", f"Đã bỏ học hàm, học vị trước tên người ký (“{name}”).", "signature.name")
            )
        tail.name = stripped
        tail.leftover.extend(names[:-1])


def _note_tail(tail: Tail, found_recipients: bool, notes: list[ImportNote]) -> None:
    if tail.closing:
        notes.append(ImportNote("recognised", f"Phần kết thúc: {len(tail.closing)} đoạn.", "closing"))
    else:
        notes.append(
            ImportNote("check", "Không thấy câu kết thúc (“Trên đây là …./.”): hãy kiểm tra đoạn cuối.", "closing")
        )
    if found_recipients:
        shown = f"{len(tail.recipients)} nơi nhận"
        if tail.archive:
            shown += f", lưu “{tail.archive}”"
        notes.append(ImportNote("recognised", f"Nơi nhận: {shown}.", "recipients"))
    else:
        notes.append(ImportNote("check", "Không thấy mục “Nơi nhận”: hãy thêm nơi nhận.", "recipients"))
    if not tail.title:
        notes.append(ImportNote("check", "Không thấy chức vụ người ký: hãy nhập chức vụ.", "signature.title"))
    if not tail.name:
        notes.append(ImportNote("check", "Không thấy họ tên người ký: hãy nhập họ tên.", "signature.name"))
    if tail.leftover:
        shown = quoted_list(tail.leftover)
        notes.append(
            ImportNote(
                "check",
                f"Ở khối chữ ký có dòng không rõ là gì: {shown}; đã giữ ở cuối phần kết thúc, hãy kiểm tra.",
                "closing",
            )
        )
