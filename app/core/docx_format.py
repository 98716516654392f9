"""Read any .docx and report its formatting the way Word resolves it.

Word keeps formatting in layers: direct properties on a run or paragraph, a character style,
a paragraph style chain (basedOn), a table style and the document defaults. Fonts may name a
theme slot instead of a face, and list labels exist only as counters in numbering.xml. This
module flattens all of that into frozen dataclasses, so that a rule such as "every run is
Times New Roman 14 pt" becomes a one-line assertion in a test or in the conformance checker.

Only zipfile and lxml are used (no python-docx object model, no Qt), so a 30-page document
is read in a few tens of milliseconds.

Known simplifications, each chosen because Word-made and our own documents do not need more:

* Toggle properties (bold, italic, caps, ...) set in styles are inherited plainly; the OOXML
  rule that a toggle in a character style flips the paragraph style's value is not applied.
* Table styles contribute their whole-table pPr/rPr only; conditional formatting (first row,
  banding, ...) is skipped. Table-style properties rank below the paragraph style.
* Text boxes, drawings and endnotes are not read (a paragraph only counts the drawings anchored in
  it); strict-OOXML namespaces are not supported.
* A property set nowhere stays None (font, size, line spacing) instead of Word's built-in
  fallback (Times New Roman 10 pt, single spacing), so a checker can tell "unset" from "set".
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TypeAlias

from lxml import etree

from app.core.docx_package import DocxPackage, PackageRefused, open_docx
from app.core.vietnamese import roman

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_BODY = _W + "body"
_P = _W + "p"
_PPR = _W + "pPr"
_RUN = _W + "r"
_RPR = _W + "rPr"
_TBL = _W + "tbl"
_TR = _W + "tr"
_TC = _W + "tc"
_SDT = _W + "sdt"
_SDT_CONTENT = _W + "sdtContent"
_CUSTOM_XML = _W + "customXml"
_FLD_SIMPLE = _W + "fldSimple"
_SECT_PR = _W + "sectPr"
_ALTERNATE_CONTENT = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_DRAWING_NAMES = frozenset({"drawing", "pict", "object"})
_VAL = _W + "val"

# Inline wrappers whose runs Word displays; w:del and w:moveFrom are deliberately absent.
_INLINE_CONTAINERS = frozenset(
    _W + name for name in ("hyperlink", "ins", "smartTag", "customXml", "moveTo", "dir", "bdo")
)
_BLOCK_CONTAINERS = frozenset({_CUSTOM_XML, _W + "ins", _W + "moveTo"})

_FONT_SLOTS: tuple[tuple[str, str], ...] = (
    ("ascii", "asciiTheme"),
    ("hAnsi", "hAnsiTheme"),
    ("eastAsia", "eastAsiaTheme"),
    ("cs", "cstheme"),
)
_THEME_ATTRIBUTES = tuple(_W + theme for _, theme in _FONT_SLOTS)
_RUN_TOGGLES = frozenset({"b", "i", "caps", "smallCaps", "strike", "dstrike", "vanish"})
_PARAGRAPH_TOGGLES = frozenset({"keepNext", "keepLines", "pageBreakBefore"})
_BORDER_SIDE_NAMES = {"start": "left", "end": "right"}
_NO_BORDER = frozenset({"nil", "none"})
_ALIGNMENT_NAMES = {"start": "left", "end": "right"}
_FALSE_VALUES = frozenset({"0", "false", "off"})
_MAX_GRID_COLUMNS = 63
"""Word's limit on a table's columns; a larger w:gridSpan or w:gridBefore (a damaged file) counts as this."""

_UNITS_PER_INCH = {"in": 1.0, "mm": 25.4, "cm": 2.54, "pt": 72.0, "pc": 6.0, "pi": 6.0}
_MEASURE = re.compile(r"(-?[0-9]*\.?[0-9]+)(mm|cm|in|pt|pc|pi)")
_TWIPS_PER_INCH = 1440
_HALF_POINTS_PER_INCH = 144
_LEVEL_PLACEHOLDER = re.compile(r"%([1-9])")

# Theme East Asian / complex-script faces are often empty; Word then takes the face the
# theme lists for the script of the document's theme language (settings.xml themeFontLang).
_LANGUAGE_SCRIPTS = {
    "ja": "Jpan",
    "ko": "Hang",
    "zh-cn": "Hans",
    "zh-sg": "Hans",
    "zh-tw": "Hant",
    "zh-hk": "Hant",
    "zh-mo": "Hant",
    "zh": "Hans",
    "ar": "Arab",
    "fa": "Arab",
    "ur": "Arab",
    "he": "Hebr",
    "th": "Thai",
}

_Element: TypeAlias = etree._Element
_PropertyValue: TypeAlias = "str | int | bool | dict[str, str]"
_Properties: TypeAlias = "dict[str, _PropertyValue]"


# --------------------------------------------------------------------------- public results


@dataclass(frozen=True)
class RunFormat:
    """One run with every character property resolved through Word's inheritance."""

    text: str
    font: str | None
    fonts: dict[str, str] = field(hash=False)
    size_pt: float | None
    bold: bool
    italic: bool
    underline: bool
    caps: bool
    superscript: bool
    is_footnote_reference: bool
    footnote_id: int | None
    style_id: str | None = None
    small_caps: bool = False
    strike: bool = False
    hidden: bool = False
    color: str | None = None
    # The w:footnoteRef mark that prints the number at the start of a footnote's text.
    is_footnote_number: bool = False


@dataclass(frozen=True)
class ParagraphFormat:
    """One paragraph of a story with its resolved paragraph properties and runs."""

    index: int
    story: str
    text: str
    label: str | None
    style_id: str | None
    style_name: str | None
    alignment: str
    first_line_indent_twips: int
    left_indent_twips: int
    right_indent_twips: int
    space_before_twips: int
    space_after_twips: int
    line_spacing: float | None
    line_spacing_rule: str | None
    line_twips: int | None
    outline_level: int | None
    keep_next: bool
    keep_lines: bool
    page_break_before: bool
    in_table: bool
    table_index: int | None
    cell: tuple[int, int] | None
    runs: tuple[RunFormat, ...]
    borders: dict[str, dict[str, str]] = field(hash=False)
    num_id: int | None = None
    list_level: int | None = None
    drawings: int = 0
    """Shapes, pictures and VML drawings anchored in the paragraph (their content is not read)."""

    @property
    def text_runs(self) -> tuple[RunFormat, ...]:
        """The runs that carry visible text (what a font rule should be checked on)."""
        return tuple(run for run in self.runs if run.text.strip())


@dataclass(frozen=True)
class PageSetup:
    """Page size, margins and title-page flag of one section."""

    width_twips: int
    height_twips: int
    orientation: str
    top_twips: int
    bottom_twips: int
    left_twips: int
    right_twips: int
    header_twips: int
    footer_twips: int
    title_page: bool
    gutter_twips: int = 0
    page_number_start: int | None = None
    page_number_format: str | None = None

    @property
    def width_mm(self) -> float:
        return _twips_to_mm(self.width_twips)

    @property
    def height_mm(self) -> float:
        return _twips_to_mm(self.height_twips)

    @property
    def top_mm(self) -> float:
        return _twips_to_mm(self.top_twips)

    @property
    def bottom_mm(self) -> float:
        return _twips_to_mm(self.bottom_twips)

    @property
    def left_mm(self) -> float:
        return _twips_to_mm(self.left_twips)

    @property
    def right_mm(self) -> float:
        return _twips_to_mm(self.right_twips)

    @property
    def header_mm(self) -> float:
        return _twips_to_mm(self.header_twips)

    @property
    def footer_mm(self) -> float:
        return _twips_to_mm(self.footer_twips)


@dataclass(frozen=True)
class TableFormat:
    """A top-level body table: cell texts, grid, header rows and resolved borders."""

    index: int
    style_id: str | None
    rows: tuple[tuple[str, ...], ...]
    column_widths_twips: tuple[int, ...]
    header_rows: tuple[int, ...]  # indices of rows marked w:tblHeader
    borders: dict[str, dict[str, str]] = field(hash=False)  # visible sides only
    cell_borders: dict[tuple[int, int], dict[str, dict[str, str]]] = field(hash=False)
    alignment: str | None = None
    cell_columns: tuple[tuple[int, ...], ...] = ()
    """Per row, the grid column each cell starts at (w:gridBefore and w:gridSpan honoured): merged cells leave gaps."""
    column_count: int = 0
    """Grid columns: the widest row or the declared grid (w:tblGrid), whichever is more."""

    def grid_column(self, row: int, cell: int) -> int:
        """The grid column where cell `cell` of row `row` starts; `cell` itself when the table does not say."""
        if 0 <= row < len(self.cell_columns) and 0 <= cell < len(self.cell_columns[row]):
            return self.cell_columns[row][cell]
        return cell

    @property
    def has_borders(self) -> bool:
        return bool(self.borders) or any(self.cell_borders.values())

    @property
    def repeated_header_rows(self) -> int:
        """How many rows Word repeats on each page: the unbroken run of header rows at the top."""
        count = 0
        while count in self.header_rows:
            count += 1
        return count


@dataclass(frozen=True)
class StyleInfo:
    """A style's identity plus its character properties resolved through basedOn and defaults."""

    style_id: str
    name: str | None
    type: str
    based_on: str | None
    outline_level: int | None
    is_default: bool
    linked_style: str | None
    next_style: str | None
    font: str | None
    size_pt: float | None
    bold: bool
    italic: bool


@dataclass(frozen=True)
class FieldInfo:
    """A simple (w:fldSimple) or complex (w:fldChar) field and where it sits."""

    story: str
    paragraph_index: int
    instruction: str
    result: str
    kind: str  # "simple" | "complex"

    @property
    def name(self) -> str:
        """The field code word in upper case, e.g. "PAGE" for " PAGE  \\* MERGEFORMAT "."""
        words = self.instruction.split()
        return words[0].upper() if words else ""


@dataclass(frozen=True)
class DocxFormat:
    """Everything the checker needs about a document's formatting."""

    page: PageSetup
    paragraphs: tuple[ParagraphFormat, ...]
    headers: dict[str, tuple[ParagraphFormat, ...]] = field(hash=False)
    footnotes: dict[int, tuple[ParagraphFormat, ...]] = field(hash=False)
    tables: tuple[TableFormat, ...]
    styles: dict[str, StyleInfo] = field(hash=False)
    default_fonts: dict[str, str] = field(hash=False)
    theme_font_attributes: list[str] = field(hash=False)
    fields: list[FieldInfo] = field(hash=False)
    footers: dict[str, tuple[ParagraphFormat, ...]] = field(hash=False, default_factory=dict)
    sections: tuple[PageSetup, ...] = ()
    default_size_pt: float | None = None
    even_and_odd_headers: bool = False

    def all_paragraphs(self) -> Iterator[ParagraphFormat]:
        """Body, then headers, footers and footnotes, each in order."""
        yield from self.paragraphs
        for stories in (self.headers, self.footers):
            for paragraphs in stories.values():
                yield from paragraphs
        for note in self.footnotes.values():
            yield from note

    def fields_named(self, name: str) -> list[FieldInfo]:
        return [found for found in self.fields if found.name == name.upper()]


def read_docx_format(source: str | os.PathLike[str] | bytes | IO[bytes]) -> DocxFormat:
    """Open a .docx (path, bytes or binary file) and resolve its formatting as Word would.

    PackageRefused (with a Vietnamese message) when the file cannot be read as a Word document.
    """
    with open_docx(source) as package:
        return _DocumentReader(package).read()


# --------------------------------------------------------------------------- small helpers


def _twips_to_mm(twips: int) -> float:
    return round(twips * 25.4 / 1440, 1)


def _is_on(value: str | None) -> bool:
    """OOXML on/off: absent val, "1", "true" and "on" are on; "0", "false", "off" are off."""
    return value is None or value.strip().lower() not in _FALSE_VALUES


def _parse_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        try:
            return round(float(value))
        except ValueError:
            return None


def _parse_measure(value: str | None, per_inch: int) -> int | None:
    """A twips or half-point number, also accepting universal measures such as "2cm"."""
    if value is None:
        return None
    number = _parse_int(value)
    if number is not None:
        return number
    match = _MEASURE.fullmatch(value.strip())
    if match is None:
        return None
    return round(float(match.group(1)) / _UNITS_PER_INCH[match.group(2)] * per_inch)


def _local_name(element: _Element) -> str | None:
    tag = element.tag
    if isinstance(tag, str) and tag.startswith(_W):
        return tag[len(_W) :]
    return None


def _child_val(element: _Element | None, name: str) -> str | None:
    if element is None:
        return None
    child = element.find(_W + name)
    return None if child is None else child.get(_VAL)


def _prop_int(props: _Properties, key: str) -> int | None:
    value = props.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _prop_str(props: _Properties, key: str) -> str | None:
    value = props.get(key)
    return value if isinstance(value, str) else None


def _prop_bool(props: _Properties, key: str) -> bool:
    return props.get(key) is True


def _visible_borders(props: _Properties) -> dict[str, dict[str, str]]:
    borders: dict[str, dict[str, str]] = {}
    for key, value in props.items():
        if key.startswith("border.") and isinstance(value, dict) and value.get("val", "none") not in _NO_BORDER:
            borders[key[len("border.") :]] = dict(value)
    return borders


def _parse_borders(container: _Element | None, into: _Properties) -> None:
    """Border sides of a pBdr/tblBorders/tcBorders as "border.<side>" -> attributes."""
    if container is None:
        return
    for side in container:
        name = _local_name(side)
        if name is None:
            continue
        attributes = {
            key[len(_W) :]: str(value)
            for key, value in side.attrib.items()
            if isinstance(key, str) and key.startswith(_W)
        }
        into["border." + _BORDER_SIDE_NAMES.get(name, name)] = attributes


# --------------------------------------------------------------------------- package and theme


def _first_target(relationships: dict[str, tuple[str, str]], kind: str) -> str | None:
    for relationship_type, target in relationships.values():
        if relationship_type.endswith("/" + kind):
            return target
    return None


class _ThemeFonts:
    """Theme font names ("minorHAnsi", "majorEastAsia", ...) -> typeface."""

    def __init__(self, theme: _Element | None, settings: _Element | None) -> None:
        self._faces: dict[str, str] = {}
        if theme is None:
            return
        language = settings.find(_W + "themeFontLang") if settings is not None else None
        east_asia_script = self._script(language.get(_W + "eastAsia") if language is not None else None)
        bidi_script = self._script(language.get(_W + "bidi") if language is not None else None)
        for prefix in ("major", "minor"):
            font = theme.find(f".//{_A}{prefix}Font")
            if font is None:
                continue
            latin = self._face(font, "latin", None)
            east_asian = self._face(font, "ea", east_asia_script)
            complex_script = self._face(font, "cs", bidi_script)
            for suffix, face in (
                ("Ascii", latin),
                ("HAnsi", latin),
                ("EastAsia", east_asian),
                ("Bidi", complex_script),
            ):
                if face:
                    self._faces[prefix + suffix] = face

    @staticmethod
    def _script(language: str | None) -> str | None:
        if not language:
            return None
        language = language.lower()
        return _LANGUAGE_SCRIPTS.get(language) or _LANGUAGE_SCRIPTS.get(language.split("-")[0])

    @staticmethod
    def _face(font: _Element, slot: str, script: str | None) -> str | None:
        element = font.find(_A + slot)
        face = element.get("typeface") if element is not None else None
        if face:
            return face
        if script is not None:
            for fallback in font.iter(_A + "font"):
                if fallback.get("script") == script:
                    return fallback.get("typeface") or None
        return None

    def resolve(self, theme_name: str) -> str | None:
        return self._faces.get(theme_name)


# --------------------------------------------------------------------------- property parsing


def _parse_run_properties(rpr: _Element | None, theme: _ThemeFonts) -> _Properties:
    props: _Properties = {}
    if rpr is None:
        return props
    for child in rpr:
        name = _local_name(child)
        if name is None:
            continue
        if name in _RUN_TOGGLES:
            props[name] = _is_on(child.get(_VAL))
        elif name == "sz":
            size = _parse_measure(child.get(_VAL), _HALF_POINTS_PER_INCH)
            if size is not None:
                props["sz"] = size
        elif name == "u":
            props["u"] = child.get(_VAL, "single") != "none"
        elif name == "vertAlign":
            props["vertAlign"] = child.get(_VAL, "baseline")
        elif name == "color":
            props["color"] = child.get(_VAL, "auto")
        elif name == "rFonts":
            for slot, theme_attribute in _FONT_SLOTS:
                # At one level a theme attribute wins over the explicit face (as in Word).
                theme_name = child.get(_W + theme_attribute)
                face = theme.resolve(theme_name) if theme_name else None
                face = face or child.get(_W + slot)
                if face:
                    props["font." + slot] = face
    return props


def _parse_paragraph_properties(ppr: _Element | None) -> _Properties:
    props: _Properties = {}
    if ppr is None:
        return props
    for child in ppr:
        name = _local_name(child)
        if name is None:
            continue
        if name == "jc":
            value = child.get(_VAL)
            if value:
                props["jc"] = _ALIGNMENT_NAMES.get(value, value)
        elif name == "ind":
            _parse_indentation(child, props)
        elif name == "spacing":
            _parse_spacing(child, props)
        elif name == "outlineLvl":
            level = _parse_int(child.get(_VAL))
            if level is not None:
                props["outlineLvl"] = level
        elif name in _PARAGRAPH_TOGGLES:
            props[name] = _is_on(child.get(_VAL))
        elif name == "pBdr":
            _parse_borders(child, props)
        elif name == "numPr":
            num_id = _parse_int(_child_val(child, "numId"))
            level = _parse_int(_child_val(child, "ilvl"))
            if num_id is not None:
                props["numId"] = num_id
            if level is not None:
                props["ilvl"] = level
    return props


def _parse_indentation(ind: _Element, props: _Properties) -> None:
    for key, names in (
        ("ind.left", ("start", "left")),
        ("ind.right", ("end", "right")),
    ):
        for attribute in names:
            value = _parse_measure(ind.get(_W + attribute), _TWIPS_PER_INCH)
            if value is not None:
                props[key] = value
                break
    # firstLine and hanging are one property; hanging wins when both are present.
    hanging = _parse_measure(ind.get(_W + "hanging"), _TWIPS_PER_INCH)
    first_line = _parse_measure(ind.get(_W + "firstLine"), _TWIPS_PER_INCH)
    if hanging is not None:
        props["ind.first"] = -hanging
    elif first_line is not None:
        props["ind.first"] = first_line


def _parse_spacing(spacing: _Element, props: _Properties) -> None:
    for attribute in ("before", "after"):
        value = _parse_measure(spacing.get(_W + attribute), _TWIPS_PER_INCH)
        if value is not None:
            props["spacing." + attribute] = value
    line = _parse_int(spacing.get(_W + "line"))
    rule = spacing.get(_W + "lineRule")
    if line is not None:
        # A line value without lineRule is "auto" at this level, whatever a style said.
        props["spacing.line"] = line
        props["spacing.lineRule"] = rule or "auto"
    elif rule:
        props["spacing.lineRule"] = rule


# --------------------------------------------------------------------------- styles


class _StyleSheet:
    """styles.xml: docDefaults, styles by id, and properties merged along basedOn chains."""

    def __init__(self, root: _Element | None, theme: _ThemeFonts) -> None:
        self.theme = theme
        self.elements: dict[str, _Element] = {}
        self.types: dict[str, str] = {}
        self.default_ids: dict[str, str] = {}
        self.document_run_props: _Properties = {}
        self.document_paragraph_props: _Properties = {}
        self._run_cache: dict[str, _Properties] = {}
        self._paragraph_cache: dict[str, _Properties] = {}
        self._table_cache: dict[str, _Properties] = {}
        if root is None:
            return
        defaults = root.find(_W + "docDefaults")
        if defaults is not None:
            self.document_run_props = _parse_run_properties(defaults.find(f"{_W}rPrDefault/{_W}rPr"), theme)
            self.document_paragraph_props = _parse_paragraph_properties(defaults.find(f"{_W}pPrDefault/{_W}pPr"))
        for style in root.iter(_W + "style"):
            style_id = style.get(_W + "styleId")
            if style_id is None or style_id in self.elements:
                continue
            style_type = style.get(_W + "type", "paragraph")
            self.elements[style_id] = style
            self.types[style_id] = style_type
            default = style.get(_W + "default")
            if default is not None and _is_on(default):
                self.default_ids[style_type] = style_id  # the last default of a type wins

    def effective_id(self, style_id: str | None, style_type: str) -> str | None:
        """The style Word applies: the named one if it exists with that type, else the default."""
        if style_id is not None and self.types.get(style_id) == style_type:
            return style_id
        return self.default_ids.get(style_type)

    def chain(self, style_id: str) -> list[_Element]:
        """The style and its basedOn ancestors, most derived first; cycles are cut."""
        chain: list[_Element] = []
        seen: set[str] = set()
        current: str | None = style_id
        style_type = self.types.get(style_id)
        while current is not None and current not in seen and self.types.get(current) == style_type:
            seen.add(current)
            element = self.elements[current]
            chain.append(element)
            current = _child_val(element, "basedOn")
        return chain

    def run_props(self, style_id: str) -> _Properties:
        cached = self._run_cache.get(style_id)
        if cached is None:
            cached = {}
            for element in reversed(self.chain(style_id)):
                cached.update(_parse_run_properties(element.find(_RPR), self.theme))
            self._run_cache[style_id] = cached
        return cached

    def paragraph_props(self, style_id: str) -> _Properties:
        cached = self._paragraph_cache.get(style_id)
        if cached is None:
            cached = {}
            for element in reversed(self.chain(style_id)):
                cached.update(_parse_paragraph_properties(element.find(_PPR)))
            self._paragraph_cache[style_id] = cached
        return cached

    def table_props(self, style_id: str) -> _Properties:
        """Table-level properties of a table style chain: borders and alignment."""
        cached = self._table_cache.get(style_id)
        if cached is None:
            cached = {}
            for element in reversed(self.chain(style_id)):
                _parse_table_properties(element.find(_W + "tblPr"), cached)
            self._table_cache[style_id] = cached
        return cached

    def name(self, style_id: str | None) -> str | None:
        if style_id is None or style_id not in self.elements:
            return None
        return _child_val(self.elements[style_id], "name")


def _parse_table_properties(tbl_pr: _Element | None, into: _Properties) -> None:
    if tbl_pr is None:
        return
    _parse_borders(tbl_pr.find(_W + "tblBorders"), into)
    alignment = _child_val(tbl_pr, "jc")
    if alignment:
        into["jc"] = _ALIGNMENT_NAMES.get(alignment, alignment)


# --------------------------------------------------------------------------- numbering


@dataclass(frozen=True)
class _Level:
    start: int
    number_format: str
    text: str
    restart: int | None
    is_legal: bool
    paragraph_props: _Properties = field(hash=False)
    paragraph_style: str | None


@dataclass
class _Instance:
    abstract_id: str
    level_overrides: dict[int, _Level]
    start_overrides: dict[int, int]


def _parse_level(element: _Element) -> _Level:
    start = _parse_int(_child_val(element, "start"))
    legal = element.find(_W + "isLgl")
    return _Level(
        start=start if start is not None else 0,
        number_format=_child_val(element, "numFmt") or "decimal",
        text=_child_val(element, "lvlText") or "",
        restart=_parse_int(_child_val(element, "lvlRestart")),
        is_legal=legal is not None and _is_on(legal.get(_VAL)),
        paragraph_props=_parse_paragraph_properties(element.find(_PPR)),
        paragraph_style=_child_val(element, "pStyle"),
    )


class _Numbering:
    """numbering.xml: abstract definitions, instances and their overrides."""

    def __init__(self, root: _Element | None, styles: _StyleSheet) -> None:
        self._styles = styles
        self._abstract_levels: dict[str, dict[int, _Level]] = {}
        self._style_links: dict[str, str] = {}  # abstractNumId -> numStyleLink
        self._instances: dict[int, _Instance] = {}
        if root is None:
            return
        for abstract in root.iter(_W + "abstractNum"):
            abstract_id = abstract.get(_W + "abstractNumId")
            if abstract_id is None:
                continue
            levels: dict[int, _Level] = {}
            for level in abstract.iter(_W + "lvl"):
                index = _parse_int(level.get(_W + "ilvl"))
                if index is not None:
                    levels[index] = _parse_level(level)
            self._abstract_levels[abstract_id] = levels
            link = _child_val(abstract, "numStyleLink")
            if link:
                self._style_links[abstract_id] = link
        for num in root.iter(_W + "num"):
            num_id = _parse_int(num.get(_W + "numId"))
            abstract_id = _child_val(num, "abstractNumId")
            if num_id is None or abstract_id is None:
                continue
            instance = _Instance(abstract_id, {}, {})
            for override in num.iter(_W + "lvlOverride"):
                index = _parse_int(override.get(_W + "ilvl"))
                if index is None:
                    continue
                start = _parse_int(_child_val(override, "startOverride"))
                if start is not None:
                    instance.start_overrides[index] = start
                replacement = override.find(_W + "lvl")
                if replacement is not None:
                    instance.level_overrides[index] = _parse_level(replacement)
            self._instances[num_id] = instance

    def abstract_id(self, num_id: int) -> str | None:
        """The abstract definition whose levels (and counters) a list instance uses."""
        instance = self._instances.get(num_id)
        if instance is None:
            return None
        abstract_id = instance.abstract_id
        seen: set[str] = set()
        # numStyleLink: the abstract only points at a numbering style, which names the real list.
        while abstract_id in self._style_links and abstract_id not in seen:
            seen.add(abstract_id)
            style_id = self._style_links[abstract_id]
            linked_num = None
            if style_id in self._styles.elements:
                linked_num = _prop_int(self._styles.paragraph_props(style_id), "numId")
            linked = self._instances.get(linked_num) if linked_num is not None else None
            if linked is None:
                break
            abstract_id = linked.abstract_id
        return abstract_id

    def instance(self, num_id: int) -> _Instance | None:
        return self._instances.get(num_id)

    def level(self, num_id: int, level_index: int) -> _Level | None:
        instance = self._instances.get(num_id)
        if instance is None:
            return None
        if level_index in instance.level_overrides:
            return instance.level_overrides[level_index]
        abstract_id = self.abstract_id(num_id)
        if abstract_id is None:
            return None
        return self._abstract_levels.get(abstract_id, {}).get(level_index)

    def level_for_style(self, num_id: int, style_id: str) -> int | None:
        abstract_id = self.abstract_id(num_id)
        for index, level in self._abstract_levels.get(abstract_id or "", {}).items():
            if level.paragraph_style == style_id:
                return index
        return None


class _ListCounters:
    """Word's running list counters for one story.

    Counters belong to the abstract definition, not to the w:num instance: two instances of one
    abstract continue each other's numbering, and a startOverride restarts the shared counter
    the first time its instance is used at that level (this is what Word does, see ECMA-376
    17.9 and Word's "Restart at 1", which writes a new w:num with startOverride).
    """

    def __init__(self, numbering: _Numbering) -> None:
        self._numbering = numbering
        self._values: dict[str, dict[int, int]] = {}
        self._seen: set[tuple[int, int]] = set()

    def _start(self, num_id: int, level_index: int) -> int:
        instance = self._numbering.instance(num_id)
        if instance is not None and level_index in instance.start_overrides:
            return instance.start_overrides[level_index]
        level = self._numbering.level(num_id, level_index)
        return level.start if level is not None else 1

    def advance(self, num_id: int, level_index: int) -> str | None:
        """Count one paragraph at this level and return the label Word draws for it."""
        level = self._numbering.level(num_id, level_index)
        abstract_id = self._numbering.abstract_id(num_id)
        instance = self._numbering.instance(num_id)
        if level is None or abstract_id is None or instance is None:
            return None
        values = self._values.setdefault(abstract_id, {})
        if (num_id, level_index) not in self._seen:
            self._seen.add((num_id, level_index))
            if level_index in instance.start_overrides:
                values.pop(level_index, None)
        values[level_index] = values.get(level_index, self._start(num_id, level_index) - 1) + 1
        for deeper in [index for index in values if index > level_index]:
            deeper_level = self._numbering.level(num_id, deeper)
            restart = deeper_level.restart if deeper_level is not None else None
            # Default: restart whenever any shallower level is used; 0 means never restart;
            # n means restart when level n (1-based) or a shallower one is used.
            if restart is None or (restart != 0 and level_index <= restart - 1):
                del values[deeper]
        return self._label(num_id, level_index, level, values)

    def _label(self, num_id: int, level_index: int, level: _Level, values: dict[int, int]) -> str:
        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            referenced = level if index == level_index else self._numbering.level(num_id, index)
            value = values.get(index, self._start(num_id, index) - 1)
            number_format = referenced.number_format if referenced is not None else "decimal"
            if level.is_legal and number_format not in ("bullet", "none"):
                number_format = "decimal"
            return _format_number(value, number_format)

        return _LEVEL_PLACEHOLDER.sub(number, level.text)


_WORD_MAX_COUNTER = 32767
"""The largest list start Word accepts."""


def _format_number(value: int, number_format: str) -> str:
    """One counter value in a w:numFmt; unknown formats fall back to decimal."""
    if number_format in ("bullet", "none"):
        return ""
    if value <= 0 or value > _WORD_MAX_COUNTER:
        return str(value)  # a damaged w:start: a plain number rather than a numeral of millions of letters
    if number_format in ("upperRoman", "lowerRoman") and value < 4000:
        return roman(value) if number_format == "upperRoman" else roman(value).lower()
    if number_format in ("upperLetter", "lowerLetter"):
        # Word's letters: A..Z, then AA..ZZ, then AAA..., not spreadsheet-style AB.
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if number_format == "upperLetter" else letter.lower()
    if number_format == "decimalZero":
        return f"{value:02d}"
    return str(value)


# --------------------------------------------------------------------------- fields


@dataclass
class _FieldDraft:
    paragraph_index: int
    kind: str
    instruction: list[str]
    result: list[str]
    in_result: bool


class _FieldCollector:
    """Follows w:fldChar begin/separate/end (possibly nested, across paragraphs) in one story."""

    def __init__(self, story: str) -> None:
        self._story = story
        self._drafts: list[_FieldDraft] = []
        self._open: list[_FieldDraft] = []

    def begin(self, paragraph_index: int, kind: str, instruction: str | None = None) -> None:
        draft = _FieldDraft(paragraph_index, kind, [], [], in_result=False)
        if instruction is not None:
            draft.instruction.append(instruction)
            draft.in_result = True
        self._drafts.append(draft)
        self._open.append(draft)

    def separate(self) -> None:
        if self._open:
            self._open[-1].in_result = True

    def end(self) -> None:
        if self._open:
            self._open.pop()

    def instruction(self, text: str) -> None:
        if self._open and not self._open[-1].in_result:
            self._open[-1].instruction.append(text)

    def text(self, text: str) -> None:
        for draft in self._open:
            if draft.in_result:
                draft.result.append(text)

    def finish(self) -> list[FieldInfo]:
        return [
            FieldInfo(
                story=self._story,
                paragraph_index=draft.paragraph_index,
                instruction="".join(draft.instruction),
                result="".join(draft.result),
                kind=draft.kind,
            )
            for draft in self._drafts
        ]


# --------------------------------------------------------------------------- document reading


@dataclass(frozen=True)
class TablePlace:
    """Where a paragraph inside a table sits: its top-level table and that table's (row, cell)."""

    table_index: int
    """Index of the top-level table among those met in the story (DocxFormat.tables for the body)."""
    cell: tuple[int, int]
    """(row, cell) of the top-level table, also for a paragraph of a table nested in that cell."""
    table: _Element
    """The innermost w:tbl holding the paragraph (its style applies)."""


@dataclass
class _ParagraphState:
    has_text: bool = False
    page_break: bool = False
    drawings: int = 0


def story_paragraphs(
    container: _Element, tables: list[_Element] | None = None
) -> Iterator[tuple[_Element, TablePlace | None]]:
    """The w:p elements of a story (the body, a header, a footnote) in the order Word shows them, each with its
    place when it is inside a table.

    The walk goes through tables row by row and cell by cell, content controls (w:sdt), custom XML and tracked
    insertions (w:ins, w:moveTo); deleted text (w:del, w:moveFrom) is not shown, so not walked. Top-level tables
    are appended to `tables` as they are met. `read_docx_format` reads its paragraphs in this order: the n-th
    paragraph walked is `DocxFormat.paragraphs[n]` for the body.
    """
    yield from _story_paragraphs(container, None, tables if tables is not None else [])


def _story_paragraphs(
    container: _Element, place: TablePlace | None, tables: list[_Element]
) -> Iterator[tuple[_Element, TablePlace | None]]:
    for child in container:
        tag = child.tag
        if tag == _P:
            yield child, place
        elif tag == _TBL:
            table_index = place.table_index if place is not None else len(tables)
            if place is None:
                tables.append(child)
            for row_index, row in enumerate(_table_rows(child)):
                for cell_index, cell in enumerate(_row_cells(row)):
                    position = place.cell if place is not None else (row_index, cell_index)
                    yield from _story_paragraphs(cell, TablePlace(table_index, position, child), tables)
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _story_paragraphs(content, place, tables)
        elif tag in _BLOCK_CONTAINERS:
            yield from _story_paragraphs(child, place, tables)


def _table_rows(table: _Element) -> Iterator[_Element]:
    yield from _children_through_wrappers(table, _TR)


def _row_cells(row: _Element) -> Iterator[_Element]:
    yield from _children_through_wrappers(row, _TC)


def _children_through_wrappers(parent: _Element, tag: str) -> Iterator[_Element]:
    """Children with this tag, looking through content controls and custom XML wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children_through_wrappers(content, tag)
        elif child.tag == _CUSTOM_XML:
            yield from _children_through_wrappers(child, tag)


def _grid_count(element: _Element | None, default: int, least: int) -> int:
    """w:gridSpan or w:gridBefore as a count of grid columns, at least `least` and at most Word's 63 columns."""
    value = _parse_int(element.get(_VAL)) if element is not None else None
    return default if value is None else min(max(least, value), _MAX_GRID_COLUMNS)


def _iter_inline(parent: _Element) -> Iterator[tuple[str, _Element]]:
    """("run", w:r) for every displayed run, with ("simple_begin"/"simple_end", w:fldSimple)."""
    for child in parent:
        tag = child.tag
        if tag == _RUN:
            yield "run", child
        elif tag in _INLINE_CONTAINERS:
            yield from _iter_inline(child)
        elif tag == _FLD_SIMPLE:
            yield "simple_begin", child
            yield from _iter_inline(child)
            yield "simple_end", child
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _iter_inline(content)


class _DocumentReader:
    def __init__(self, package: DocxPackage) -> None:
        self._package = package
        root_relationships = package.relationships("")
        self._main_part = _first_target(root_relationships, "officeDocument") or "word/document.xml"
        self._relationships = package.relationships(self._main_part)
        self._styles_part = _first_target(self._relationships, "styles")
        self._numbering_part = _first_target(self._relationships, "numbering")
        self._footnotes_part = _first_target(self._relationships, "footnotes")
        self._theme = _ThemeFonts(
            package.xml(_first_target(self._relationships, "theme")),
            package.xml(_first_target(self._relationships, "settings")),
        )
        self._settings = package.xml(_first_target(self._relationships, "settings"))
        self._styles = _StyleSheet(package.xml(self._styles_part), self._theme)
        self._numbering = _Numbering(package.xml(self._numbering_part), self._styles)
        self._base_run_cache: dict[tuple[str | None, str | None], _Properties] = {}

    def read(self) -> DocxFormat:
        document = self._package.xml(self._main_part)
        body = document.find(_BODY) if document is not None else None
        if body is None:
            raise PackageRefused(
                f"Tệp Word không có phần nội dung chính ({self._main_part}) nên không đọc được. Hãy mở tệp "
                "trong Word, chọn Tệp → Lưu thành → Tài liệu Word (.docx), rồi thử lại.",
                "missing-document",
            )

        tables: list[_Element] = []
        paragraphs, fields = self._read_story(body, "body", tables)
        section_elements = [element for element in body.iter(_SECT_PR) if _is_section_break(element)]
        sections = tuple(_page_setup(element) for element in section_elements)
        page = sections[-1] if sections else _page_setup(None)

        headers = self._read_header_stories(section_elements, "header", fields)
        footers = self._read_header_stories(section_elements, "footer", fields)
        footnotes = self._read_footnotes(fields)

        doc_props = self._styles.document_run_props
        default_size = _prop_int(doc_props, "sz")
        return DocxFormat(
            page=page,
            paragraphs=tuple(paragraphs),
            headers=headers,
            footnotes=footnotes,
            tables=tuple(self._table_format(index, table, paragraphs) for index, table in enumerate(tables)),
            styles=self._style_infos(),
            default_fonts=_fonts_of(doc_props),
            theme_font_attributes=self._theme_font_attributes(),
            fields=fields,
            footers=footers,
            sections=sections,
            default_size_pt=default_size / 2 if default_size is not None else None,
            even_and_odd_headers=self._even_and_odd_headers(),
        )

    def _even_and_odd_headers(self) -> bool:
        flag = self._settings.find(_W + "evenAndOddHeaders") if self._settings is not None else None
        return flag is not None and _is_on(flag.get(_VAL))

    # ---- stories

    def _read_story(
        self, container: _Element, story: str, tables: list[_Element]
    ) -> tuple[list[ParagraphFormat], list[FieldInfo]]:
        counters = _ListCounters(self._numbering)
        collector = _FieldCollector(story)
        table_styles: dict[_Element, str | None] = {}
        paragraphs = []
        for index, (paragraph, place) in enumerate(story_paragraphs(container, tables)):
            table_style = None
            if place is not None:
                if place.table not in table_styles:
                    table_styles[place.table] = self._styles.effective_id(
                        _child_val(place.table.find(_W + "tblPr"), "tblStyle"), "table"
                    )
                table_style = table_styles[place.table]
            paragraphs.append(self._read_paragraph(paragraph, index, story, place, table_style, counters, collector))
        return paragraphs, collector.finish()

    def _paragraph_numbering(self, direct: _Properties, style_id: str | None) -> tuple[int, int, bool] | None:
        """(numId, ilvl, whether the list comes from the style) or None when not numbered."""
        num_id = _prop_int(direct, "numId")
        level = _prop_int(direct, "ilvl")
        from_style = num_id is None
        if num_id is None and style_id is not None:
            style_props = self._styles.paragraph_props(style_id)
            num_id = _prop_int(style_props, "numId")
            if level is None:
                level = _prop_int(style_props, "ilvl")
        if not num_id:  # absent, or numId 0, which removes a style's list
            return None
        if level is None and style_id is not None:
            level = self._numbering.level_for_style(num_id, style_id)
        return num_id, level or 0, from_style

    def _read_paragraph(
        self,
        paragraph: _Element,
        index: int,
        story: str,
        place: TablePlace | None,
        table_style: str | None,
        counters: _ListCounters,
        collector: _FieldCollector,
    ) -> ParagraphFormat:
        ppr = paragraph.find(_PPR)
        direct = _parse_paragraph_properties(ppr)
        style_id = self._styles.effective_id(_child_val(ppr, "pStyle"), "paragraph")
        numbering = self._paragraph_numbering(direct, style_id)
        level = self._numbering.level(numbering[0], numbering[1]) if numbering else None

        props: _Properties = dict(self._styles.document_paragraph_props)
        if table_style is not None:
            props.update(self._styles.paragraph_props(table_style))
        # A list applied directly overrides the style's indents; one inherited from the style
        # gives way to the style's own indents.
        if level is not None and numbering is not None and numbering[2]:
            props.update(level.paragraph_props)
        if style_id is not None:
            props.update(self._styles.paragraph_props(style_id))
        if level is not None and numbering is not None and not numbering[2]:
            props.update(level.paragraph_props)
        props.update(direct)

        label = counters.advance(numbering[0], numbering[1]) if numbering and level else None

        base_run_props = self._base_run_props(table_style, style_id)
        state = _ParagraphState()
        runs: list[RunFormat] = []
        for kind, element in _iter_inline(paragraph):
            if kind == "run":
                runs.append(self._read_run(element, base_run_props, collector, index, state))
            elif kind == "simple_begin":
                collector.begin(index, "simple", element.get(_W + "instr", ""))
            else:
                collector.end()

        line = _prop_int(props, "spacing.line")
        rule = _prop_str(props, "spacing.lineRule")
        outline = _prop_int(props, "outlineLvl")
        return ParagraphFormat(
            index=index,
            story=story,
            text="".join(run.text for run in runs),
            label=label,
            style_id=style_id,
            style_name=self._styles.name(style_id),
            alignment=_prop_str(props, "jc") or "left",
            first_line_indent_twips=_prop_int(props, "ind.first") or 0,
            left_indent_twips=_prop_int(props, "ind.left") or 0,
            right_indent_twips=_prop_int(props, "ind.right") or 0,
            space_before_twips=_prop_int(props, "spacing.before") or 0,
            space_after_twips=_prop_int(props, "spacing.after") or 0,
            line_spacing=line / 240 if line is not None and rule in (None, "auto") else None,
            line_spacing_rule=rule,
            line_twips=line,
            outline_level=outline if outline is not None and 0 <= outline < 9 else None,
            keep_next=_prop_bool(props, "keepNext"),
            keep_lines=_prop_bool(props, "keepLines"),
            page_break_before=_prop_bool(props, "pageBreakBefore") or state.page_break,
            in_table=place is not None,
            table_index=place.table_index if place is not None else None,
            cell=place.cell if place is not None else None,
            runs=tuple(runs),
            borders=_visible_borders(props),
            num_id=numbering[0] if numbering and level else None,
            list_level=numbering[1] if numbering and level else None,
            drawings=state.drawings,
        )

    def _base_run_props(self, table_style: str | None, paragraph_style: str | None) -> _Properties:
        """docDefaults < table style < paragraph style, cached per combination."""
        key = (table_style, paragraph_style)
        cached = self._base_run_cache.get(key)
        if cached is None:
            cached = dict(self._styles.document_run_props)
            if table_style is not None:
                cached.update(self._styles.run_props(table_style))
            if paragraph_style is not None:
                cached.update(self._styles.run_props(paragraph_style))
            self._base_run_cache[key] = cached
        return cached

    def _read_run(
        self,
        run: _Element,
        base_props: _Properties,
        collector: _FieldCollector,
        paragraph_index: int,
        state: _ParagraphState,
    ) -> RunFormat:
        rpr = run.find(_RPR)
        character_style = self._styles.effective_id(_child_val(rpr, "rStyle"), "character")
        props = dict(base_props)
        if character_style is not None:
            props.update(self._styles.run_props(character_style))
        props.update(_parse_run_properties(rpr, self._theme))

        pieces: list[str] = []
        footnote_id: int | None = None
        is_reference = is_number = False
        for child in run:
            name = _local_name(child)
            piece: str | None = None
            if name == "t":
                piece = child.text or ""
            elif name in ("tab", "ptab"):
                piece = "\t"
            elif name == "br":
                break_type = child.get(_W + "type", "textWrapping")
                if break_type == "page":
                    state.page_break = state.page_break or not state.has_text
                elif break_type != "column":
                    piece = "\n"
            elif name == "cr":
                piece = "\n"
            elif name == "noBreakHyphen":
                piece = "-"
            elif name == "softHyphen":
                # Invisible in Unicode text, but TCVN3's ư is byte 0xAD, which Word saves as this element.
                piece = "\u00ad"
            elif name == "footnoteReference":
                is_reference = True
                footnote_id = _parse_int(child.get(_W + "id"))
            elif name == "footnoteRef":
                is_number = True
            elif name == "fldChar":
                char_type = child.get(_W + "fldCharType")
                if char_type == "begin":
                    collector.begin(paragraph_index, "complex")
                elif char_type == "separate":
                    collector.separate()
                elif char_type == "end":
                    collector.end()
            elif name == "instrText":
                collector.instruction(child.text or "")
            elif name in _DRAWING_NAMES or child.tag == _ALTERNATE_CONTENT:
                state.drawings += 1
            if piece:
                pieces.append(piece)
                collector.text(piece)
                state.has_text = True

        size = _prop_int(props, "sz")
        fonts = _fonts_of(props)
        return RunFormat(
            text="".join(pieces),
            font=fonts.get("ascii"),
            fonts=fonts,
            size_pt=size / 2 if size is not None else None,
            bold=_prop_bool(props, "b"),
            italic=_prop_bool(props, "i"),
            underline=_prop_bool(props, "u"),
            caps=_prop_bool(props, "caps"),
            superscript=_prop_str(props, "vertAlign") == "superscript",
            is_footnote_reference=is_reference,
            footnote_id=footnote_id,
            style_id=character_style,
            small_caps=_prop_bool(props, "smallCaps"),
            strike=_prop_bool(props, "strike") or _prop_bool(props, "dstrike"),
            hidden=_prop_bool(props, "vanish"),
            color=_prop_str(props, "color"),
            is_footnote_number=is_number,
        )

    # ---- headers, footers, footnotes

    def _read_header_stories(
        self, sections: list[_Element], kind: str, fields: list[FieldInfo]
    ) -> dict[str, tuple[ParagraphFormat, ...]]:
        """The header (or footer) of each type in force in the last section.

        A section without a reference of some type inherits the previous section's one.
        """
        references: dict[str, str] = {}
        for section in sections:
            for reference in section.iterfind(f"{_W}{kind}Reference"):
                relationship_id = reference.get(_R + "id")
                if relationship_id:
                    references[reference.get(_W + "type", "default")] = relationship_id
        stories: dict[str, tuple[ParagraphFormat, ...]] = {}
        for header_type in ("default", "first", "even"):
            target = self._relationships.get(references.get(header_type, ""))
            root = self._package.xml(target[1]) if target is not None else None
            if root is None:
                stories[header_type] = ()
                continue
            paragraphs, story_fields = self._read_story(root, f"{kind}:{header_type}", [])
            stories[header_type] = tuple(paragraphs)
            fields.extend(story_fields)
        return stories

    def _read_footnotes(self, fields: list[FieldInfo]) -> dict[int, tuple[ParagraphFormat, ...]]:
        root = self._package.xml(self._footnotes_part)
        footnotes: dict[int, tuple[ParagraphFormat, ...]] = {}
        if root is None:
            return footnotes
        for note in root.iter(_W + "footnote"):
            note_id = _parse_int(note.get(_W + "id"))
            if note_id is None or note.get(_W + "type", "normal") != "normal":
                continue  # separator, continuationSeparator, continuationNotice
            paragraphs, story_fields = self._read_story(note, f"footnote:{note_id}", [])
            footnotes[note_id] = tuple(paragraphs)
            fields.extend(story_fields)
        return footnotes

    # ---- tables, styles, theme audit

    def _table_format(self, index: int, table: _Element, paragraphs: list[ParagraphFormat]) -> TableFormat:
        texts: dict[tuple[int, int], list[str]] = {}
        for paragraph in paragraphs:
            if paragraph.table_index == index and paragraph.cell is not None:
                texts.setdefault(paragraph.cell, []).append(paragraph.text)
        tbl_pr = table.find(_W + "tblPr")
        style_id = self._styles.effective_id(_child_val(tbl_pr, "tblStyle"), "table")
        props: _Properties = dict(self._styles.table_props(style_id)) if style_id else {}
        _parse_table_properties(tbl_pr, props)

        rows: list[tuple[str, ...]] = []
        header_rows: list[int] = []
        cell_borders: dict[tuple[int, int], dict[str, dict[str, str]]] = {}
        cell_columns: list[tuple[int, ...]] = []
        column_count = 0
        for row_index, row in enumerate(_table_rows(table)):
            cells = list(_row_cells(row))
            rows.append(tuple("\n".join(texts.get((row_index, c), [])) for c in range(len(cells))))
            column = _grid_count(row.find(f"{_W}trPr/{_W}gridBefore"), 0, 0)
            starts = []
            for cell in cells:
                starts.append(column)
                column += _grid_count(cell.find(f"{_W}tcPr/{_W}gridSpan"), 1, 1)
            cell_columns.append(tuple(starts))
            column_count = max(column_count, column)
            header = row.find(f"{_W}trPr/{_W}tblHeader")
            if header is not None and _is_on(header.get(_VAL)):
                header_rows.append(row_index)
            for cell_index, cell in enumerate(cells):
                cell_props: _Properties = {}
                _parse_borders(cell.find(f"{_W}tcPr/{_W}tcBorders"), cell_props)
                borders = _visible_borders(cell_props)
                if borders:
                    cell_borders[(row_index, cell_index)] = borders
        widths = tuple(
            _parse_measure(column.get(_W + "w"), _TWIPS_PER_INCH) or 0
            for column in table.iterfind(f"{_W}tblGrid/{_W}gridCol")
        )
        return TableFormat(
            index=index,
            style_id=style_id,
            rows=tuple(rows),
            column_widths_twips=widths,
            header_rows=tuple(header_rows),
            borders=_visible_borders(props),
            cell_borders=cell_borders,
            alignment=_prop_str(props, "jc"),
            cell_columns=tuple(cell_columns),
            column_count=max(column_count, len(widths)),
        )

    def _style_infos(self) -> dict[str, StyleInfo]:
        infos: dict[str, StyleInfo] = {}
        for style_id, element in self._styles.elements.items():
            style_type = self._styles.types[style_id]
            props = dict(self._styles.document_run_props)
            props.update(self._styles.run_props(style_id))
            outline = _prop_int(self._styles.paragraph_props(style_id), "outlineLvl")
            size = _prop_int(props, "sz")
            infos[style_id] = StyleInfo(
                style_id=style_id,
                name=_child_val(element, "name"),
                type=style_type,
                based_on=_child_val(element, "basedOn"),
                outline_level=outline if outline is not None and 0 <= outline < 9 else None,
                is_default=self._styles.default_ids.get(style_type) == style_id,
                linked_style=_child_val(element, "link"),
                next_style=_child_val(element, "next"),
                font=_fonts_of(props).get("ascii"),
                size_pt=size / 2 if size is not None else None,
                bold=_prop_bool(props, "b"),
                italic=_prop_bool(props, "i"),
            )
        return infos

    def _theme_font_attributes(self) -> list[str]:
        """Every rFonts that still names a theme font, as "part: xpath (attributes)"."""
        parts = [
            self._main_part,
            self._styles_part,
            self._numbering_part,
            self._footnotes_part,
        ]
        parts += sorted(
            target
            for relationship_type, target in self._relationships.values()
            if relationship_type.endswith(("/header", "/footer"))
        )
        found: list[str] = []
        for part in dict.fromkeys(parts):
            root = self._package.xml(part)
            if root is None:
                continue
            tree = root.getroottree()
            for fonts in root.iter(_W + "rFonts"):
                themed = [
                    f"{attribute[len(_W) :]}={fonts.get(attribute)}"
                    for attribute in _THEME_ATTRIBUTES
                    if fonts.get(attribute) is not None
                ]
                if themed:
                    style = next(fonts.iterancestors(_W + "style"), None)
                    where = tree.getpath(fonts)
                    if style is not None:
                        where += f" [style {style.get(_W + 'styleId')}]"
                    found.append(f"{part}: {where} ({', '.join(themed)})")
        return found


def _is_section_break(section: _Element) -> bool:
    """A body sectPr or one ending a paragraph; not the old copy kept by a tracked change."""
    parent = section.getparent()
    if parent is None:
        return False
    if parent.tag == _BODY:
        return True
    grandparent = parent.getparent()
    return parent.tag == _PPR and grandparent is not None and grandparent.tag == _P


def _fonts_of(props: _Properties) -> dict[str, str]:
    fonts: dict[str, str] = {}
    for slot, _ in _FONT_SLOTS:
        face = _prop_str(props, "font." + slot)
        if face:
            fonts[slot] = face
    return fonts


def _page_setup(section: _Element | None) -> PageSetup:
    """A section's page; absent values take Word's defaults (Letter, 1-inch margins)."""
    size = section.find(_W + "pgSz") if section is not None else None
    margins = section.find(_W + "pgMar") if section is not None else None
    numbering = section.find(_W + "pgNumType") if section is not None else None
    title_page = section.find(_W + "titlePg") if section is not None else None

    def size_value(name: str, default: int) -> int:
        value = _parse_measure(size.get(_W + name), _TWIPS_PER_INCH) if size is not None else None
        return default if value is None else value

    def margin(name: str, default: int) -> int:
        value = _parse_measure(margins.get(_W + name), _TWIPS_PER_INCH) if margins is not None else None
        return default if value is None else value

    width = size_value("w", 12240)
    height = size_value("h", 15840)
    orientation = size.get(_W + "orient") if size is not None else None
    return PageSetup(
        width_twips=width,
        height_twips=height,
        orientation=orientation or ("landscape" if width > height else "portrait"),
        top_twips=margin("top", 1440),
        bottom_twips=margin("bottom", 1440),
        left_twips=margin("left", 1440),
        right_twips=margin("right", 1440),
        header_twips=margin("header", 720),
        footer_twips=margin("footer", 720),
        title_page=title_page is not None and _is_on(title_page.get(_VAL)),
        gutter_twips=margin("gutter", 0),
        page_number_start=_parse_int(numbering.get(_W + "start")) if numbering is not None else None,
        page_number_format=numbering.get(_W + "fmt") if numbering is not None else None,
    )
