"""Pasted or dropped text and HTML → model blocks, and model blocks → the clipboard's formats.

Plain Python (no Qt): the block editor uses it for pastes and copies, the importers for plain-text files.
Pastes keep paragraphs, bullets, bold, italic and footnotes, and drop everything else; a table from Word or a
web page becomes a report table, or one paragraph per row with the cells joined by " | " where tables are not
allowed.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from app.core.cells import cell_text, parse_cell
from app.core.model import Block, Bullet, Cell, Footnote, Inline, Paragraph, Span, Table, inline_text
from app.core.text import clean_input, find_forbidden_character, normalize_text

BULLET_MARK = "-"
OBJECT_CHARACTER = "\ufffc"
"""Qt's object replacement character: the editor's footnote and marker placeholder, never pasted text."""
_BOLD_WEIGHT = 600
"""CSS font-weight from which pasted text counts as bold."""

# ---------------------------------------------------------------------------------------------
# Pasted text → model blocks

_BULLET_LINE = re.compile(r"[ \t\u00a0]*[-+•–](?:[ \t\u00a0]+|(?=[^\d\s\-+•–]))")


def bullet_text(line: str) -> str | None:
    """The text of a line written as a bullet ("- ", "+ ", "• ", "– "), or None for any other line.

    "-5 độ" (a negative number) and "---" (a rule) are not bullets.
    """
    match = _BULLET_LINE.match(line)
    return None if match is None else line[match.end() :]


@functools.cache
def _forbidden_characters() -> dict[int, None]:
    """A str.translate table deleting what clean_input deletes, built from the same rule in app.core.text."""
    return {code: None for code in range(0x10000) if find_forbidden_character(chr(code)) is not None}


def clean_pasted(text: str) -> tuple[str, str | None]:
    """clean_input for text of any size, in one pass however many characters must go.

    Word's line and page breaks (U+000B, U+000C) become line breaks instead of being deleted;
    stray object replacement characters are dropped (they would pass for footnotes).
    """
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    text = normalize_text(text)
    found = find_forbidden_character(text)
    note: str | None = None
    if found is not None:
        _, note = clean_input(text[: found[0]])
        cleaned = text.translate(_forbidden_characters())
        removed = len(text) - len(cleaned)
        if removed > 1:
            note = f"{note} Tổng cộng đã xóa {removed} ký tự như vậy."
        text = cleaned
    return text.replace(OBJECT_CHARACTER, ""), note


def blocks_from_plain_text(text: str) -> list[Block]:
    """Pasted plain text: one paragraph per line, blank lines skipped, lines written as bullets become bullets.

    A line break at the start or the end is kept as an empty paragraph there, so the pasted lines do not
    join the paragraph at the cursor on that side (as when pasting in Word).
    """
    lines = text.splitlines()
    blocks: list[Block] = [Paragraph([])] if lines and not lines[0].strip() else []
    for line in lines:
        bullet = bullet_text(line)
        if bullet is not None:
            stripped = bullet.strip()
            if stripped:
                blocks.append(Bullet([Span(stripped)]))
            continue
        stripped = line.strip()
        if stripped:
            blocks.append(Paragraph([Span(stripped)]))
    if text[-1:] in ("\n", "\r", "\u2028", "\u2029") and blocks:
        blocks.append(Paragraph([]))
    return blocks


# Tag names as words, for reading (ruff's SIM905 would make each set one name per line).
_BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre table tr caption section article header footer "  # noqa: SIM905
    "address center figure figcaption main nav aside form fieldset legend details summary".split()
)
_SKIPPED_TAGS = frozenset("head style script title xml template noscript svg math select button object iframe".split())  # noqa: SIM905
_VOID_TAGS = frozenset("br img meta link hr input col wbr area base embed param source track basefont frame".split())  # noqa: SIM905
_BOLD_TAGS = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"})
_ITALIC_TAGS = frozenset({"i", "em", "cite", "dfn", "var"})
_WHITESPACE = re.compile(r"[ \t\n\r\f\u00a0]+")
_LIBREOFFICE_NOTE = re.compile(r"#?(sd(?:foot|end)note\d+)(?:anc|sym)?$")
_TABLE_PARTS = frozenset({"td", "th", "thead", "tbody", "tfoot", "body", "html"})
_IMPLIED_ENDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "table"})),
    "tr": (frozenset({"tr"}), frozenset({"table", "thead", "tbody", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
}


def _style(value: str) -> dict[str, str]:
    declarations: dict[str, str] = {}
    for declaration in value.split(";"):
        name, _, setting = declaration.partition(":")
        if setting:
            declarations[name.strip().lower()] = setting.strip().strip("'\"").lower()
    return declarations


def _weight(value: str | None) -> bool | None:
    if value is None:
        return None
    if value in ("bold", "bolder"):
        return True
    if value.isdigit():
        return int(value) >= _BOLD_WEIGHT
    return False


@dataclass
class _Element:
    tag: str
    bold: bool | None = None
    italic: bool | None = None
    skip: bool = False
    bullet: bool = False
    note_body: str | None = None


@dataclass
class _TableBuilder:
    """The cells of a pasted table, with merged cells spread out (the model has no merged cells)."""

    rows: list[list[str]] = field(default_factory=list)
    header_flags: list[bool] = field(default_factory=list)
    caption: list[str] | None = None
    row: list[str] | None = None
    row_is_header: bool = True
    cell: list[str] | None = None
    cell_span: int = 1
    cell_rows: int = 1
    pending: dict[int, int] = field(default_factory=dict)
    """Column → rows still covered by a cell above (rowspan)."""
    nested: int = 0
    in_head: bool = False
    in_caption: bool = False

    def start_row(self) -> None:
        self.end_row()
        self.row = []
        self.row_is_header = True

    def start_cell(self, *, header_cell: bool, span: int, rows: int) -> None:
        if self.row is None:
            self.start_row()
        self.end_cell()
        self.cell = []
        self.cell_span = span
        self.cell_rows = rows
        self.row_is_header = self.row_is_header and (header_cell or self.in_head)

    def end_cell(self) -> None:
        if self.cell is None or self.row is None:
            return
        self._skip_covered()
        column = len(self.row)
        self.row.append(_WHITESPACE.sub(" ", "".join(self.cell)).strip())
        self.row.extend("" for _ in range(self.cell_span - 1))
        if self.cell_rows > 1:
            for covered in range(column, column + self.cell_span):
                self.pending[covered] = self.cell_rows - 1
        self.cell = None

    def end_row(self) -> None:
        self.end_cell()
        if self.row is None:
            return
        while self.pending and max(self.pending) >= len(self.row):
            if len(self.row) in self.pending:
                self._skip_covered()
            else:
                self.row.append("")
        if any(self.row):
            self.rows.append(self.row)
            self.header_flags.append(self.row_is_header and bool(self.row))
        self.row = None

    def _skip_covered(self) -> None:
        assert self.row is not None
        while len(self.row) in self.pending:
            column = len(self.row)
            self.row.append("")
            self.pending[column] -= 1
            if self.pending[column] <= 0:
                del self.pending[column]

    def blocks(self, *, as_table: bool) -> list[Block]:
        self.end_row()
        caption = _WHITESPACE.sub(" ", "".join(self.caption or [])).strip() or None
        if not self.rows:
            return []
        if not as_table:
            flattened: list[Block] = [Paragraph([Span(caption)])] if caption else []
            for row in self.rows:
                text = " | ".join(cell for cell in row if cell)
                if text:
                    flattened.append(Paragraph([Span(text)]))
            return flattened
        header_count = 0
        while header_count < len(self.rows) and self.header_flags[header_count]:
            header_count += 1
        if header_count == len(self.rows):
            header_count = 1 if len(self.rows) > 1 else 0
        if header_count == 0 and len(self.rows) > 1 and not any(self.header_flags):
            header_count = 1  # tables in reports nearly always start with a header row
        width = max(len(row) for row in self.rows)
        cells: list[list[Cell]] = [
            [
                parse_cell(row[column], header=index < header_count) if column < len(row) else None
                for column in range(width)
            ]
            for index, row in enumerate(self.rows)
        ]
        return [Table(header=cells[:header_count], rows=cells[header_count:], caption=caption)]


class _HtmlReader(HTMLParser):
    """Paragraphs, bullets, bold, italic, footnotes and tables out of pasted HTML; everything else is dropped.

    Understands what Word (MsoListParagraph, mso-list:Ignore, mso-footnote-id), LibreOffice (sdfootnote),
    Google Docs (font-weight in styles) and browsers put on the clipboard.
    """

    def __init__(self, *, keep_tables: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_tables = keep_tables
        self.blocks: list[Block] = []
        self.dropped_footnotes = 0
        self._open: list[_Element] = []
        self._skipping = 0
        self._conditional_skip = False
        self._parts: list[Span | Footnote] = []
        self._bullet: bool | None = None
        self._after_break = False
        self._pre = 0
        self._table: _TableBuilder | None = None
        self._note_key: str | None = None
        self._note_parts: list[str] = []
        self._notes: dict[str, str] = {}
        self._placeholders: list[tuple[str, Footnote]] = []

    # -- parser callbacks --------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        attributes = {name.lower(): value or "" for name, value in attrs}
        style = _style(attributes.get("style", ""))
        if tag in _VOID_TAGS:
            if self._skipping or self._conditional_skip:
                return
            if tag == "br":
                self._line_break()
            elif tag == "hr":
                self._block_boundary()
            return
        if tag in _BLOCK_TAGS:
            self._close_implied(tag)
            self._block_boundary()
        element = _Element(tag)
        element.skip = (
            tag in _SKIPPED_TAGS
            or style.get("display") == "none"
            or style.get("visibility") == "hidden"
            or style.get("mso-list") == "ignore"
            or style.get("mso-hide") == "all"
        )
        element.bold = _weight(style.get("font-weight")) if "font-weight" in style else (tag in _BOLD_TAGS or None)
        if "font-style" in style:
            element.italic = style["font-style"] in ("italic", "oblique")
        elif tag in _ITALIC_TAGS:
            element.italic = True
        css_class = attributes.get("class", "")
        element.bullet = tag == "li" or (
            tag == "p" and (css_class.lower().startswith("msolist") or style.get("mso-list", "").startswith("l"))
        )
        if tag == "a":
            self._anchor(attributes, style, element)
        elif tag == "div":
            note = self._note_id(attributes, style)
            if note is not None:
                element.note_body = note
                self._note_key = note
                self._note_parts = []
        if tag == "pre":
            self._pre += 1
        self._table_start(tag, attributes)
        self._open.append(element)
        if element.skip:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                self._close_to(index)
                return

    def handle_data(self, data: str) -> None:
        if self._skipping or self._conditional_skip:
            return
        table = self._table
        if table is not None:
            if table.cell is not None:
                table.cell.append(data)
            elif table.in_caption and table.caption is not None:
                table.caption.append(data)
            return
        if self._pre:
            lines = data.replace("\u00a0", " ").split("\n")
            for number, line in enumerate(lines):
                if number:
                    self._block_boundary()
                self._add_text(line)
            return
        self._add_text(_WHITESPACE.sub(" ", data))

    def unknown_decl(self, data: str) -> None:
        # Word's <![if !supportLists]> … <![endif]>: the bullet glyph and footnote rule drawn for old browsers.
        declaration = data.strip().lower()
        if declaration.startswith("if") and "!support" in declaration:
            self._conditional_skip = True
        elif declaration.startswith("endif"):
            self._conditional_skip = False

    def close(self) -> None:
        super().close()
        while self._open:
            self._close(self._open.pop())
        self._block_boundary()
        self._resolve_footnotes()

    # -- structure ---------------------------------------------------------------------------

    def _close_implied(self, tag: str) -> None:
        """HTML's implied end tags: a block ends an open <p>, <li> ends the previous <li>, <td> the previous <td>."""
        for index in range(len(self._open) - 1, -1, -1):
            open_tag = self._open[index].tag
            if open_tag == "p":
                self._close_to(index)
                break
            if open_tag in _BLOCK_TAGS or open_tag in _TABLE_PARTS:
                break
        rule = _IMPLIED_ENDS.get(tag)
        if rule is None:
            return
        targets, stops = rule
        for index in range(len(self._open) - 1, -1, -1):
            open_tag = self._open[index].tag
            if open_tag in targets:
                self._close_to(index)
                return
            if open_tag in stops:
                return

    def _close_to(self, index: int) -> None:
        while len(self._open) > index:
            self._close(self._open.pop())

    def _close(self, element: _Element) -> None:
        if element.skip:
            self._skipping -= 1
        if element.tag in _BLOCK_TAGS:
            self._block_boundary()
        if element.tag == "pre":
            self._pre -= 1
        if element.note_body is not None:
            self._block_boundary()
            self._notes[element.note_body] = " ".join(self._note_parts).strip()
            self._note_key = None
        self._table_end(element.tag)

    def _block_boundary(self) -> None:
        self._break(after_line_break=False)

    def _line_break(self) -> None:
        self._break(after_line_break=True)

    def _break(self, *, after_line_break: bool) -> None:
        """A paragraph ends (inside a table cell: a space instead)."""
        table = self._table
        if table is not None:
            if table.cell is not None:
                table.cell.append(" ")
            return
        self._end_paragraph()
        self._after_break = after_line_break

    def _add_text(self, text: str) -> None:
        if not text:
            return
        if self._bullet is None and text.strip():
            self._bullet = any(element.bullet for element in self._open) and not self._after_break
        bold = next((element.bold for element in reversed(self._open) if element.bold is not None), False)
        italic = next((element.italic for element in reversed(self._open) if element.italic is not None), False)
        self._parts.append(Span(text, bold=bool(bold), italic=bool(italic)))

    def _end_paragraph(self) -> None:
        inline = _tidy_inline(self._parts)
        bullet = bool(self._bullet)
        self._parts = []
        self._bullet = None
        if not inline:
            return
        first = inline[0]
        if isinstance(first, Span):
            rest = bullet_text(first.text)
            if rest is not None and (rest.strip() or len(inline) > 1):
                bullet = True
                first.text = rest.lstrip()
                if not first.text:
                    inline.pop(0)
        if not inline:
            return
        if self._note_key is not None:
            self._note_parts.append(inline_text(inline))
            return
        self.blocks.append(Bullet(inline) if bullet else Paragraph(inline))

    # -- footnotes ---------------------------------------------------------------------------

    def _anchor(self, attributes: dict[str, str], style: dict[str, str], element: _Element) -> None:
        key = style.get("mso-footnote-id") or style.get("mso-endnote-id")
        css_class = attributes.get("class", "").lower()
        if key is None and css_class in ("sdfootnoteanc", "sdendnoteanc", "sdfootnotesym", "sdendnotesym"):
            match = _LIBREOFFICE_NOTE.match(attributes.get("href", ""))
            key = match.group(1) if match else ""
            if css_class.endswith("sym"):
                element.skip = True
                return
        if key is None:
            return
        element.skip = True  # the reference mark ("[1]", "¹") itself
        if self._note_key is not None or self._table is not None or self._skipping or self._conditional_skip:
            return
        footnote = Footnote("")
        self._placeholders.append((key, footnote))
        self._parts.append(footnote)

    def _note_id(self, attributes: dict[str, str], style: dict[str, str]) -> str | None:
        identifier = attributes.get("id", "").lower()
        if style.get("mso-element") in ("footnote", "endnote") and identifier:
            return identifier
        match = _LIBREOFFICE_NOTE.match(identifier)
        return match.group(1) if match else None

    def _resolve_footnotes(self) -> None:
        unresolved: set[int] = set()
        for key, footnote in self._placeholders:
            text = self._notes.get(key)
            if text is None:
                unresolved.add(id(footnote))
            else:
                footnote.text = text
        if not unresolved:
            return
        self.dropped_footnotes = len(unresolved)
        kept: list[Block] = []
        for block in self.blocks:
            if isinstance(block, (Paragraph, Bullet)):
                block.inline = [part for part in block.inline if id(part) not in unresolved]
                if not block.inline:
                    continue
            kept.append(block)
        self.blocks = kept

    # -- tables ------------------------------------------------------------------------------

    def _table_start(self, tag: str, attributes: dict[str, str]) -> None:
        table = self._table
        if tag == "table":
            if table is not None:
                table.nested += 1
            else:
                self._table = _TableBuilder()
            return
        if table is None:
            return
        if table.nested:
            if tag in ("td", "th", "tr") and table.cell is not None:
                table.cell.append(" ")
            return
        if tag == "thead":
            table.in_head = True
        elif tag == "tr":
            table.start_row()
        elif tag in ("td", "th"):
            table.start_cell(
                header_cell=tag == "th",
                span=_count(attributes.get("colspan")),
                rows=_count(attributes.get("rowspan")),
            )
        elif tag == "caption":
            table.caption = []
            table.in_caption = True

    def _table_end(self, tag: str) -> None:
        table = self._table
        if table is None:
            return
        if tag == "table":
            if table.nested:
                table.nested -= 1
                return
            self._table = None
            self.blocks.extend(table.blocks(as_table=self.keep_tables))
        elif table.nested:
            return
        elif tag in ("td", "th"):
            table.end_cell()
        elif tag == "tr":
            table.end_row()
        elif tag == "thead":
            table.end_row()
            table.in_head = False
        elif tag == "caption":
            table.in_caption = False


def _count(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _tidy_inline(parts: Sequence[Span | Footnote]) -> Inline:
    """Spans as a browser shows them: no space at either end, no double space across spans, equal spans merged."""
    result: Inline = []
    at_space = True
    for part in parts:
        if isinstance(part, Footnote):
            result.append(part)
            at_space = False
            continue
        text = part.text.lstrip(" ") if at_space else part.text
        if not text:
            continue
        at_space = text.endswith(" ")
        last = result[-1] if result else None
        if isinstance(last, Span) and (last.bold, last.italic) == (part.bold, part.italic):
            last.text += text
        else:
            result.append(Span(text, bold=part.bold, italic=part.italic))
    while result and isinstance(result[-1], Span):
        last_span = result[-1]
        last_span.text = last_span.text.rstrip(" ")
        if last_span.text:
            break
        result.pop()
    return result


def blocks_from_html(markup: str, *, keep_tables: bool = True) -> tuple[list[Block], int]:
    """Blocks out of pasted HTML and the number of footnote marks dropped because their text was not pasted."""
    start = markup.find("<!--StartFragment-->")
    end = markup.find("<!--EndFragment-->")
    if 0 <= start < end:
        notes = markup.find("mso-element:footnote-list", end)
        tail = markup[end:] if notes >= 0 else ""
        markup = markup[start + len("<!--StartFragment-->") : end] + tail
    reader = _HtmlReader(keep_tables=keep_tables)
    reader.feed(markup)
    reader.close()
    return reader.blocks, reader.dropped_footnotes


# ---------------------------------------------------------------------------------------------
# Model blocks → clipboard (for the editor itself, for Word, for plain text)


def inline_to_data(inline: Inline) -> list[Any]:
    return [{"f": part.text} if isinstance(part, Footnote) else [part.text, part.bold, part.italic] for part in inline]


def inline_from_data(data: list[Any]) -> Inline:
    inline: Inline = []
    for part in data:
        if isinstance(part, dict):
            inline.append(Footnote(str(part.get("f", ""))))
        else:
            text, bold, italic = part
            inline.append(Span(str(text), bold=bool(bold), italic=bool(italic)))
    return inline


def table_summary(table: Table) -> str:
    """What a table marker shows: the caption, or else the cells of the first row."""
    if table.caption:
        return table.caption
    first = table.header[0] if table.header else table.rows[0] if table.rows else []
    cells = [cell_text(cell) for cell in first if cell not in (None, "")]
    return ", ".join(cells) or "(bảng chưa có tên)"


def blocks_to_plain_text(blocks: Sequence[Block]) -> str:
    """Text for other programs: bullets as "- " lines, footnotes as [n] with their texts at the end."""
    lines: list[str] = []
    notes: list[str] = []

    def inline(parts: Inline) -> str:
        pieces = []
        for part in parts:
            if isinstance(part, Footnote):
                notes.append(part.text)
                pieces.append(f"[{len(notes)}]")
            else:
                pieces.append(part.text)
        return "".join(pieces)

    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(inline(block.inline))
        elif isinstance(block, Bullet):
            lines.append(f"{BULLET_MARK} {inline(block.inline)}")
        elif isinstance(block, Table):
            if block.caption:
                lines.append(block.caption)
            lines.extend("\t".join(cell_text(cell) for cell in row) for row in (*block.header, *block.rows))
            if block.notes:
                lines.append(block.notes)
        else:
            lines.append(block.title)
    if notes:
        lines.append("")
        lines.extend(f"[{number}] {text}" for number, text in enumerate(notes, 1))
    return "\n".join(lines)


def blocks_to_html(blocks: Sequence[Block]) -> str:
    """HTML for Word and LibreOffice: paragraphs, "-" bullets, bold, italic, bordered tables, real footnotes."""
    body: list[str] = []
    notes: list[str] = []
    in_list = False

    def inline(parts: Inline) -> str:
        pieces = []
        for part in parts:
            if isinstance(part, Footnote):
                notes.append(part.text)
                number = len(notes)
                pieces.append(
                    f'<a style="mso-footnote-id:ftn{number}" href="#_ftn{number}" name="_ftnref{number}">'
                    f"<sup>[{number}]</sup></a>"
                )
                continue
            text = html.escape(part.text).replace("\n", "<br>")
            if part.bold:
                text = f"<b>{text}</b>"
            if part.italic:
                text = f"<i>{text}</i>"
            pieces.append(text)
        return "".join(pieces)

    for block in blocks:
        if isinstance(block, Bullet) != in_list:
            body.append("<ul style=\"list-style-type:'- '\">" if not in_list else "</ul>")
            in_list = not in_list
        if isinstance(block, Paragraph):
            body.append(f"<p>{inline(block.inline)}</p>")
        elif isinstance(block, Bullet):
            body.append(f"<li>{inline(block.inline)}</li>")
        elif isinstance(block, Table):
            if block.caption:
                body.append(f"<p><b>{html.escape(block.caption)}</b></p>")
            rows = [("th", row) for row in block.header] + [("td", row) for row in block.rows]
            cells = "".join(
                "<tr>" + "".join(f"<{tag}>{html.escape(cell_text(cell))}</{tag}>" for cell in row) + "</tr>"
                for tag, row in rows
            )
            body.append(f'<table border="1" style="border-collapse:collapse">{cells}</table>')
            if block.notes:
                body.append(f"<p><i>{html.escape(block.notes)}</i></p>")
        else:
            body.append(f"<p><b>{html.escape(block.title)}</b></p>")
    if in_list:
        body.append("</ul>")
    if notes:
        body.append('<div style="mso-element:footnote-list">')
        body.extend(
            f'<div style="mso-element:footnote" id="ftn{number}"><p><a style="mso-footnote-id:ftn{number}" '
            f'href="#_ftnref{number}" name="_ftn{number}"><sup>[{number}]</sup></a> {html.escape(text)}</p></div>'
            for number, text in enumerate(notes, 1)
        )
        body.append("</div>")
    return '<html><head><meta charset="utf-8"></head><body>' + "".join(body) + "</body></html>"
