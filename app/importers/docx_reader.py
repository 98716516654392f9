""".docx → paragraphs and tables for the recogniser, as Word shows them.

The formatting is resolved by app.core.docx_format (styles, inherited bold, Word's list labels, footnotes),
which reads the package through app.core.docx_package (safe against hostile files). This module adds what
an import needs on top: tables laid out on their grid (merged cells), text boxes at their anchor, footnote
texts at their marks, and TCVN3/VNI runs (fonts .VnTime, VNI-Times…) converted to Unicode.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TypeAlias

from lxml import etree

from app.core.docx_format import DocxFormat, ParagraphFormat, RunFormat, read_docx_format
from app.core.docx_package import DocxPackage, open_docx
from app.core.model import Footnote, Inline, Span
from app.importers.legacy import font_encoding, legacy_encoding, legacy_to_unicode
from app.importers.result import ImportNote
from app.importers.source import SourceItem, SourceParagraph, SourceTable

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_SDT, _SDT_CONTENT = _W + "sdt", _W + "sdtContent"
_BLOCK_CONTAINERS = frozenset({_W + "customXml", _W + "ins", _W + "moveTo"})
_ROW_WRAPPERS = frozenset({_SDT, _W + "customXml"})
_TEXT_BOX = _W + "txbxContent"
_ALIGNMENTS = {"both": "both", "distribute": "both", "justify": "both", "center": "center", "right": "right"}
_LAYOUT_MARKERS = (b"gridSpan", b"gridBefore", b"txbxContent")
_SOFT_HYPHEN = "\u00ad"
"""Invisible in Unicode text (dropped), but the letter ư in TCVN3 (converted)."""
_ENCODING_NAMES = {"tcvn3": "TCVN3 (phông .VnTime…)", "vni": "VNI (phông VNI-Times…)"}

_Element: TypeAlias = etree._Element
DocxSource: TypeAlias = "str | os.PathLike[str] | bytes | IO[bytes]"


@dataclass(slots=True)
class _Layout:
    """What docx_format does not say: each paragraph's text boxes, and each top-level table's grid."""

    text_boxes: dict[int, list[str]] = field(default_factory=dict)
    grids: list[dict[tuple[int, int], int]] = field(default_factory=list)
    """Per top-level table: (row, cell index) → grid column."""
    widths: list[int] = field(default_factory=list)
    matched: bool = True


def docx_items(source: DocxSource) -> tuple[list[SourceItem], list[ImportNote]]:
    """The body of a .docx as paragraphs and tables in order, with notes (legacy encodings, hidden text)."""
    data = _as_bytes(source)
    formatting = read_docx_format(data)
    with open_docx(data) as package:
        raw = package.read(package.main_document) or b""
        # Only documents with merged cells or text boxes need their body read a second time.
        needs_layout = any(marker in raw for marker in _LAYOUT_MARKERS)
        layout = _read_layout(package, len(formatting.paragraphs)) if needs_layout else _Layout()
    items, notes = _Converter(formatting, layout).items()
    pictures = raw.count(b"<pic:pic ") + raw.count(b"<v:imagedata ")
    if pictures:
        notes.append(
            ImportNote(
                "check",
                f"Tệp có {pictures} hình ảnh; hình ảnh không được nhập (bản nháp chỉ giữ chữ và bảng), "
                "hãy chèn lại vào tệp Word sau khi xuất nếu cần.",
            )
        )
    return items, notes


def _as_bytes(source: DocxSource) -> bytes:
    """The file's bytes, read only once the package reader has checked the file (size, kind, zip directory)."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, os.PathLike)):
        open_docx(source).close()  # PackageRefused for a file too large, not a .docx, or hostile
        with open(source, "rb") as stream:
            return stream.read()
    start = source.tell()
    open_docx(source).close()
    source.seek(start)
    return source.read()


# ---------------------------------------------------------------------------------------------
# Layout: the walk docx_format makes, again, for what it does not keep


def _read_layout(package: DocxPackage, paragraph_count: int) -> _Layout:
    layout = _Layout()
    document = package.xml(package.main_document)
    body = document.find(_W + "body") if document is not None else None
    if body is None:
        layout.matched = False
        return layout
    paragraphs: list[_Element] = []
    _walk(body, paragraphs, layout, top_level=True)
    if len(paragraphs) != paragraph_count:
        # A document shape docx_format walks differently: keep its view and do without the extras.
        return _Layout(matched=False)
    for index, paragraph in enumerate(paragraphs):
        boxes = _text_boxes(paragraph)
        if boxes:
            layout.text_boxes[index] = boxes
    return layout


def _walk(container: _Element, paragraphs: list[_Element], layout: _Layout, *, top_level: bool) -> None:
    """Paragraphs in the order app.core.docx_format reads them; top-level tables' grids on the way."""
    for child in container:
        tag = child.tag
        if tag == _P:
            paragraphs.append(child)
        elif tag == _TBL:
            if top_level:
                grid, width = _grid(child)
                layout.grids.append(grid)
                layout.widths.append(width)
            for row in _children(child, _TR):
                for cell in _children(row, _TC):
                    _walk(cell, paragraphs, layout, top_level=False)
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _walk(content, paragraphs, layout, top_level=top_level)
        elif tag in _BLOCK_CONTAINERS:
            _walk(child, paragraphs, layout, top_level=top_level)


def _children(parent: _Element, tag: str) -> Iterator[_Element]:
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in _ROW_WRAPPERS:
            yield from _children(child, tag)


def _int_value(element: _Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return max(1, int(element.get(_W + "val", default)))
    except ValueError:
        return default


def _grid(table: _Element) -> tuple[dict[tuple[int, int], int], int]:
    """(row, cell index) → grid column, honouring w:gridBefore and w:gridSpan; and the grid's width."""
    grid: dict[tuple[int, int], int] = {}
    width = 0
    for row_index, row in enumerate(_children(table, _TR)):
        before = row.find(f"{_W}trPr/{_W}gridBefore")
        column = _int_value(before, 0) if before is not None else 0
        for cell_index, cell in enumerate(_children(row, _TC)):
            grid[(row_index, cell_index)] = column
            column += _int_value(cell.find(f"{_W}tcPr/{_W}gridSpan"), 1)
        width = max(width, column)
    columns = len(table.findall(f"{_W}tblGrid/{_W}gridCol"))
    return grid, max(width, columns)


def _text_boxes(paragraph: _Element) -> list[str]:
    """The text of the text boxes anchored in a paragraph, one entry per paragraph inside them."""
    texts: list[str] = []
    for box in paragraph.iter(_TEXT_BOX):
        if any(ancestor.tag == _MC_FALLBACK for ancestor in box.iterancestors()):
            continue  # the same box again, for old versions of Word
        for inner in box.iter(_P):
            text = "".join(node.text or "" for node in inner.iter(_W + "t"))
            if text.strip():
                texts.append(text)
    return texts


# ---------------------------------------------------------------------------------------------
# Conversion


class _Converter:
    def __init__(self, formatting: DocxFormat, layout: _Layout) -> None:
        self.formatting = formatting
        self.layout = layout
        self.notes: list[ImportNote] = []
        self.converted: dict[str, int] = {}
        self.hidden = 0
        self.footnote_texts: dict[int, str] = {}

    def items(self) -> tuple[list[SourceItem], list[ImportNote]]:
        items: list[SourceItem] = []
        paragraphs = self.formatting.paragraphs
        index = 0
        while index < len(paragraphs):
            paragraph = paragraphs[index]
            if paragraph.table_index is None:
                items.append(self.paragraph(paragraph))
                items.extend(self.text_boxes(index))
                index += 1
                continue
            table_index = paragraph.table_index
            end = index
            while end < len(paragraphs) and paragraphs[end].table_index == table_index:
                end += 1
            items.append(self.table(table_index, paragraphs[index:end]))
            for inside in range(index, end):
                items.extend(self.text_boxes(inside))
            index = end
        for encoding, count in self.converted.items():
            self.notes.append(
                ImportNote(
                    "recognised",
                    f"Văn bản mã {_ENCODING_NAMES[encoding]} đã được chuyển sang Unicode ({count} đoạn chữ).",
                )
            )
        if self.hidden:
            self.notes.append(
                ImportNote(
                    "check",
                    f"{self.hidden} đoạn chữ ẩn (không in ra) trong tệp Word đã được bỏ qua; nếu cần chúng, hãy bỏ "
                    "định dạng ẩn trong Word (Phông chữ → Ẩn) rồi nhập lại.",
                )
            )
        if not self.layout.matched:
            self.notes.append(
                ImportNote(
                    "check",
                    "Cấu trúc tệp Word khác thường: ô gộp và khung chữ (text box) có thể bị bỏ sót; hãy so các bảng "
                    "và khung chữ của bản nháp với tệp Word.",
                )
            )
        return items, self.notes

    def text_boxes(self, index: int) -> list[SourceParagraph]:
        texts = self.layout.text_boxes.get(index, [])
        if texts:
            self.notes.append(
                ImportNote(
                    "check",
                    "Chữ trong khung (text box) được đưa vào thành đoạn văn ngay sau chỗ đặt khung; hãy kiểm tra "
                    "vị trí các đoạn này.",
                )
            )
        return [SourceParagraph([Span(self.unicode(text, None))]) for text in texts]

    def table(self, table_index: int, paragraphs: tuple[ParagraphFormat, ...]) -> SourceTable:
        grid = self.layout.grids[table_index] if table_index < len(self.layout.grids) else {}
        cells: dict[tuple[int, int], list[SourceParagraph]] = {}
        for paragraph in paragraphs:
            row, cell = paragraph.cell or (0, 0)
            column = grid.get((row, cell), cell)
            cells.setdefault((row, column), []).append(self.paragraph(paragraph))
        row_count = max((row for row, _ in cells), default=-1) + 1
        width = max(
            (self.layout.widths[table_index] if table_index < len(self.layout.widths) else 0),
            max((column for _, column in cells), default=-1) + 1,
        )
        rows = [[cells.get((row, column), []) for column in range(width)] for row in range(row_count)]
        return SourceTable(rows)

    def paragraph(self, paragraph: ParagraphFormat) -> SourceParagraph:
        inline: Inline = []
        bold_runs: list[bool] = []
        for run in paragraph.runs:
            if run.is_footnote_reference and run.footnote_id is not None:
                inline.append(Footnote(self.footnote(run.footnote_id)))
                continue
            if not run.text:
                continue
            if run.hidden:
                self.hidden += 1
                continue
            text = self.unicode(run.text, run)
            inline.append(Span(text, bold=run.bold, italic=run.italic))
            if text.strip():
                bold_runs.append(run.bold)
        return SourceParagraph(
            inline,
            list_label=paragraph.label or None,
            bold=all(bold_runs) if bold_runs else None,
            alignment=_ALIGNMENTS.get(paragraph.alignment, "left"),
            outline_level=paragraph.outline_level,
        )

    def footnote(self, footnote_id: int) -> str:
        if footnote_id not in self.footnote_texts:
            parts = []
            for paragraph in self.formatting.footnotes.get(footnote_id, ()):
                text = "".join(self.unicode(run.text, run) for run in paragraph.runs if not run.hidden)
                if text.strip():
                    parts.append(text.strip())
            self.footnote_texts[footnote_id] = " ".join(parts)
        return self.footnote_texts[footnote_id]

    def unicode(self, text: str, run: RunFormat | None) -> str:
        """A run's text in Unicode: TCVN3 and VNI fonts (and text that reads as such) converted."""
        font = run.font if run is not None else None
        encoding = None if text.isascii() and font_encoding(font) is None else legacy_encoding(text, font)
        if encoding is None:
            return text.replace(_SOFT_HYPHEN, "")
        self.converted[encoding] = self.converted.get(encoding, 0) + 1
        return legacy_to_unicode(text, encoding, font=font)
