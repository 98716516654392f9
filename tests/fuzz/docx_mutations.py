"""Broken .docx files for fuzzing the importer: real documents with bytes, zip entries or XML damaged.

The documents damaged are what the importer meets: the shared example reports typed into Word the way officers
type them (tests/importers/word_typed.py, two ways of typing) and as this program renders them. A damage is a
small frozen dataclass, so hypothesis prints a failing case as code that rebuilds the file and shrinks a list
of damages to the one that matters.
"""

from __future__ import annotations

import functools
import io
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from hypothesis import strategies as st

from app.core.report_file import read_report
from app.render.docx import render_docx
from tests.conftest import EXAMPLE_NAMES, example_path
from tests.importers.word_typed import Typing, type_report

TYPINGS = (Typing(), Typing(header="paragraphs", numbering="word", signature="paragraphs", legacy_font=True))
BASE_COUNT = len(EXAMPLE_NAMES) * (len(TYPINGS) + 1)


@functools.cache
def base_documents() -> tuple[bytes, ...]:
    """Each example report typed in each way, then as rendered by this program: BASE_COUNT documents."""
    documents: list[bytes] = []
    for name in EXAMPLE_NAMES:
        report = read_report(example_path(name))
        documents.extend(type_report(report, typing) for typing in TYPINGS)
        documents.append(render_docx(report))
    assert len(documents) == BASE_COUNT
    return tuple(documents)


def _at(position: float, length: int) -> int:
    """A position given as a fraction (0 ≤ position ≤ 1) turned into an index below `length`."""
    return min(max(0, int(position * length)), max(0, length - 1))


# ---------------------------------------------------------------------------------------------
# Damage to the bytes of the file


@dataclass(frozen=True, slots=True)
class FlipBits:
    position: float
    mask: int

    def apply(self, data: bytes) -> bytes:
        at = _at(self.position, len(data))
        return data[:at] + bytes([data[at] ^ (self.mask or 1)]) + data[at + 1 :] if data else data


@dataclass(frozen=True, slots=True)
class InsertBytes:
    position: float
    payload: bytes

    def apply(self, data: bytes) -> bytes:
        at = _at(self.position, len(data) + 1)
        return data[:at] + self.payload + data[at:]


@dataclass(frozen=True, slots=True)
class DeleteBytes:
    position: float
    length: int

    def apply(self, data: bytes) -> bytes:
        at = _at(self.position, len(data))
        return data[:at] + data[at + self.length :]


@dataclass(frozen=True, slots=True)
class Truncate:
    position: float

    def apply(self, data: bytes) -> bytes:
        return data[: int(self.position * len(data))]


# ---------------------------------------------------------------------------------------------
# Damage inside the zip: parts taken out, renamed, doubled, stored differently


def _parts(data: bytes) -> list[tuple[str, bytes]] | None:
    """The parts of a zip, or None when the bytes are no longer a readable zip (earlier damage)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info.filename, archive.read(info)) for info in archive.infolist()]
    except Exception:  # zipfile raises a dozen kinds (BadZipFile, zlib.error, EOFError, …): all mean "not any more"
        return None


def _zip(parts: list[tuple[str, bytes]], *, stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a part written twice on purpose ("Duplicate name")
        for name, content in parts:
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content, compress_type=method)
    return buffer.getvalue()


ZipKind: TypeAlias = Literal["drop", "rename", "duplicate", "stored", "junk", "swap", "empty"]


@dataclass(frozen=True, slots=True)
class ZipDamage:
    kind: ZipKind
    part: float
    """Which part, as a fraction of the list of parts."""
    name: str = "word/document.xml"

    def apply(self, data: bytes) -> bytes:
        parts = _parts(data)
        if not parts:
            return data
        index = _at(self.part, len(parts))
        name, content = parts[index]
        if self.kind == "drop":
            del parts[index]
        elif self.kind == "rename":
            parts[index] = (self.name, content)
        elif self.kind == "duplicate":
            parts.append((name, content))
        elif self.kind == "junk":
            parts.append((self.name, b"<?xml version='1.0'?><a>" + b"x" * 1000 + b"</a>"))
        elif self.kind == "swap":  # the contents of two parts exchanged
            names = [part_name for part_name, _ in parts]
            other = names.index(self.name) if self.name in names else index
            parts[index], parts[other] = (name, parts[other][1]), (parts[other][0], content)
        elif self.kind == "empty":
            parts[index] = (name, b"")
        return _zip(parts, stored=self.kind == "stored")


# ---------------------------------------------------------------------------------------------
# Damage to the XML of one part, then zipped again

XML_PARTS = (
    "word/document.xml", "word/document.xml", "word/document.xml", "word/styles.xml", "word/footnotes.xml",
    "word/numbering.xml", "word/settings.xml", "[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
    "word/header1.xml", "docProps/core.xml",
)  # fmt: skip
ELEMENTS = (
    "<w:p>", "</w:p>", "<w:tbl>", "<w:tbl><w:tr><w:tc>", "<w:tr>", "<w:tc><w:p/></w:tc>", "<w:r><w:t>chữ</w:t></w:r>",
    "<w:t>", "<w:br/>", "<w:tab/>", '<w:footnoteReference w:id="999"/>', '<w:footnoteReference w:id="-1"/>',
    '<w:numPr><w:ilvl w:val="9"/><w:numId w:val="77"/></w:numPr>', '<w:pStyle w:val="Không có"/>',
    '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>', '<w:instrText> PAGE </w:instrText>',
    '<w:fldChar w:fldCharType="begin"/>',
    '<w:sdt><w:sdtContent><w:p><w:r><w:t>x</w:t></w:r></w:p></w:sdtContent></w:sdt>',
    '<mc:AlternateContent xmlns:mc="urn:x"><mc:Choice/></mc:AlternateContent>', '<x:y xmlns:x="urn:lạ"/>',
    "<w:gridCol/>", '<w:gridSpan w:val="100000"/>', '<w:vMerge w:val="restart"/>', "<w:tblHeader/>",
    '<w:ins w:id="1"><w:r><w:t>chèn</w:t></w:r></w:ins>',
    '<w:del w:id="2"><w:r><w:delText>xóa</w:delText></w:r></w:del>',
    "<![CDATA[ <w:p> ]]>", "<!-- ghi chú -->", "<?pi x?>", "<w:t>" + "a" * 20000 + "</w:t>",
    '<w:drawing><wp:inline xmlns:wp="urn:wp"/></w:drawing>', "<w:body>", "<w:document>", "<>", "</", "<w:",
)  # fmt: skip
ATTRIBUTES = (
    ' w:val="99999999999999999999"', ' w:val="-1"', ' w:id="-3"', ' w:ilvl="abc"', ' w:numId="0"', ' r:id="rId999"',
    ' w:type="separator"', ' w:w="-100"', ' w:gridSpan="100000"', ' xml:space="bogus"', ' w:val=""',
    ' w:val="1e9"', ' w:val="NaN"', ' w:val="0x10"', ' w:val="&#1;"', ' w:val="\'"', " w:val", ' w:val="a" w:val="b"',
    ' xmlns:w="urn:khác"', ' xmlns="urn:mặc-định"', " é='1'",
)  # fmt: skip
ENTITIES = ("&amp;", "&#0;", "&#1;", "&#xD800;", "&#xFFFE;", "&nope;", "&#1114112;", "&lt;", "&#x1F600;", "&", "&#;")
NUMBERS = ("-1", "0", "99999999999999999999", "abc", "", "1e9", "NaN", "0x10", "2147483648", "-2147483649", " 1 ")
NESTING = ("<w:r>", "<w:p>", "<w:tbl><w:tr><w:tc>", "<w:sdt><w:sdtContent>", "<w:hyperlink>", "<w:smartTag>")
DOCTYPES = (
    '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    '<!DOCTYPE d SYSTEM "file:///etc/passwd">',
    '<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
)  # fmt: skip
_TAG_START = re.compile(rb"<(?![?!/])")
_START_TAG_END = re.compile(rb"<[A-Za-z][^<>]*?(/?)>")
_CLOSING_TAG = re.compile(rb"</[^<>]*>")
_NUMBER_ATTRIBUTE = re.compile(rb'(w:(?:val|id|ilvl|numId|w|gridSpan|start|abstractNumId|pos|line|left)=")([^"]*)"')
_TEXT = re.compile(rb"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")

XmlKind: TypeAlias = Literal[
    "drop-closing-tag", "insert-element", "insert-attribute", "insert-entity", "nest", "doctype", "replace-number",
    "replace-text", "truncate",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class XmlDamage:
    part: str
    kind: XmlKind
    position: float
    payload: str = ""
    times: int = 1

    def apply(self, data: bytes) -> bytes:
        parts = _parts(data)
        if parts is None:
            return data
        names = [name for name, _ in parts]
        if self.part not in names:
            return data
        index = names.index(self.part)
        parts[index] = (self.part, self.damage(parts[index][1]))
        return _zip(parts)

    def damage(self, xml: bytes) -> bytes:
        payload = self.payload.encode("utf-8", "surrogatepass")
        if self.kind == "drop-closing-tag":
            return _replace_match(list(_CLOSING_TAG.finditer(xml)), self.position, xml, lambda match: b"")
        if self.kind == "insert-attribute":

            def with_attribute(match: re.Match[bytes]) -> bytes:
                end = match.start(1) - match.start()  # before "/>" or ">"
                return match[0][:end] + payload + match[0][end:]

            return _replace_match(list(_START_TAG_END.finditer(xml)), self.position, xml, with_attribute)
        if self.kind == "replace-number":
            return _replace_match(
                list(_NUMBER_ATTRIBUTE.finditer(xml)), self.position, xml, lambda match: match[1] + payload + b'"'
            )
        if self.kind == "replace-text":
            return _replace_match(
                list(_TEXT.finditer(xml)), self.position, xml, lambda match: match[1] + payload + match[3]
            )
        if self.kind == "truncate":
            return xml[: int(self.position * len(xml))]
        if self.kind == "doctype":
            end = xml.find(b"?>") + 2 if xml.startswith(b"<?xml") else 0
            body = xml[end:].replace(b"<w:t>", b"<w:t>&d;", 1).replace(b'<w:t xml:space="preserve">', b"<w:t>&d;", 1)
            return xml[:end] + payload + body
        starts = [match.start() for match in _TAG_START.finditer(xml)] or [len(xml)]
        at = starts[_at(self.position, len(starts))]
        if self.kind == "nest":
            closing = b"".join(_closing(tag) for tag in reversed(re.findall(rb"<([\w:]+)", payload)))
            return xml[:at] + payload * self.times + closing * self.times + xml[at:]
        return xml[:at] + payload * self.times + xml[at:]  # insert-element, insert-entity


def _closing(tag: bytes) -> bytes:
    return b"</" + tag + b">"


def _replace_match(
    matches: list[re.Match[bytes]], position: float, xml: bytes, replacement: Callable[[re.Match[bytes]], bytes]
) -> bytes:
    if not matches:
        return xml
    match = matches[_at(position, len(matches))]
    return xml[: match.start()] + replacement(match) + xml[match.end() :]


Damage: TypeAlias = FlipBits | InsertBytes | DeleteBytes | Truncate | ZipDamage | XmlDamage

fraction = st.floats(0, 1)
byte_damage = st.one_of(
    st.builds(FlipBits, fraction, st.integers(1, 255)),
    st.builds(
        InsertBytes,
        fraction,
        st.binary(min_size=1, max_size=64) | st.sampled_from([b"PK\x03\x04", b"PK\x05\x06", b"\x00" * 30]),
    ),
    st.builds(DeleteBytes, fraction, st.integers(1, 4096)),
    st.builds(Truncate, fraction),
)  # fmt: skip
zip_damage = st.builds(
    ZipDamage,
    st.sampled_from(("drop", "rename", "duplicate", "stored", "junk", "swap", "empty")),
    fraction,
    st.sampled_from(["word/document.xml", "word/styles.xml", "../../x.xml", "word/document.xml/", "/abs.xml",
                     "word\\document.xml", "WORD/DOCUMENT.XML", "word/tài liệu.xml", "", "[Content_Types].xml"]),
)  # fmt: skip
part = st.sampled_from(XML_PARTS)
xml_damage = st.one_of(
    st.builds(XmlDamage, part, st.just("drop-closing-tag"), fraction),
    st.builds(XmlDamage, part, st.just("insert-element"), fraction, st.sampled_from(ELEMENTS), st.integers(1, 3)),
    st.builds(XmlDamage, part, st.just("insert-attribute"), fraction, st.sampled_from(ATTRIBUTES)),
    st.builds(XmlDamage, part, st.just("insert-entity"), fraction, st.sampled_from(ENTITIES)),
    st.builds(
        XmlDamage,
        part,
        st.just("nest"),
        fraction,
        st.sampled_from(NESTING),
        st.sampled_from([10, 100, 250, 300, 3000, 30000]),
    ),
    st.builds(XmlDamage, part, st.just("doctype"), fraction, st.sampled_from(DOCTYPES)),
    st.builds(XmlDamage, part, st.just("replace-number"), fraction, st.sampled_from(NUMBERS)),
    st.builds(
        XmlDamage,
        part,
        st.just("replace-text"),
        fraction,
        st.sampled_from(["", "\u0301", "a\u0301", "𠀀", "&#1;", "&amp;amp;", "]]>", "x" * 100000]),
    ),
    st.builds(XmlDamage, part, st.just("truncate"), fraction),
)


@dataclass(frozen=True, slots=True)
class DamagedDocx:
    """One of the base documents with damages applied in order."""

    base: int
    damages: tuple[Damage, ...]

    def content(self, bases: tuple[bytes, ...]) -> bytes:
        data = bases[self.base]
        for damage in self.damages:
            data = damage.apply(data)
        return data


damaged_docx = st.builds(
    DamagedDocx,
    st.integers(0, BASE_COUNT - 1),
    st.lists(st.one_of(xml_damage, xml_damage, byte_damage, zip_damage), min_size=1, max_size=3).map(tuple),
)
"""A base document with one to three damages: half of them to its XML, the rest to its bytes or its zip."""


# ---------------------------------------------------------------------------------------------
# A minimal Word file, for reproducing what fuzzing found in as few lines of XML as possible

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORDML = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def minimal_docx(body: str, numbering: str | None = None) -> bytes:
    """A .docx holding `body` (the children of w:body) and, when given, `numbering` (children of w:numbering)."""
    overrides = f'<Override PartName="/word/document.xml" ContentType="{_WORDML}.document.main+xml"/>'
    relationships = ""
    parts = []
    if numbering is not None:
        overrides += f'<Override PartName="/word/numbering.xml" ContentType="{_WORDML}.numbering+xml"/>'
        relationships = f'<Relationship Id="rId1" Type="{_OFFICE_RELATIONSHIPS}/numbering" Target="numbering.xml"/>'
        parts.append(("word/numbering.xml", f'<w:numbering xmlns:w="{_W}">{numbering}</w:numbering>'))
    parts += [
        ("[Content_Types].xml",
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'),
        ("_rels/.rels",
         f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
         f'Type="{_OFFICE_RELATIONSHIPS}/officeDocument" Target="word/document.xml"/></Relationships>'),
        ("word/_rels/document.xml.rels",
         f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">{relationships}</Relationships>'),
        ("word/document.xml", f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'),
    ]  # fmt: skip
    return _zip([(name, content.encode()) for name, content in parts])
