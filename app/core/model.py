"""The one report model: what the wizard edits, the database stores, the renderer reads
and the report file (`*.baocao.json`, see docs/report-format.md) serialises."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

Profile: TypeAlias = Literal["state", "party"]
SignatureMode: TypeAlias = Literal["KT", "Q", "TL", "TUQ"]

PROFILES: tuple[str, ...] = ("state", "party")
SIGNATURE_MODES: tuple[str, ...] = ("KT", "Q", "TL", "TUQ")
SECTION_ROLES: tuple[str, ...] = (
    "tinh-hinh",
    "chi-dao",
    "ket-qua",
    "danh-gia",
    "uu-diem",
    "han-che",
    "nguyen-nhan",
    "bai-hoc",
    "phuong-huong",
    "kien-nghi",
)


@dataclass(frozen=True, slots=True)
class DocumentKind:
    """A document type: the word printed as title and its abbreviation in the number."""

    key: str
    title: str
    abbreviation: str
    summary_required: bool


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    kind.key: kind
    for kind in (
        DocumentKind("bao-cao", "BÁO CÁO", "BC", summary_required=True),
        DocumentKind("thong-bao", "THÔNG BÁO", "TB", summary_required=False),
        DocumentKind("ke-hoach", "KẾ HOẠCH", "KH", summary_required=True),
        DocumentKind("to-trinh", "TỜ TRÌNH", "TTr", summary_required=True),
    )
}


@dataclass(slots=True)
class Span:
    """A piece of paragraph text, optionally bold or italic."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(slots=True)
class Footnote:
    """A real Word footnote anchored where it stands in the paragraph."""

    text: str


Inline: TypeAlias = list[Span | Footnote]


@dataclass(slots=True)
class Paragraph:
    inline: Inline

    @property
    def plain_text(self) -> str:
        return inline_text(self.inline)


@dataclass(slots=True)
class Bullet:
    inline: Inline

    @property
    def plain_text(self) -> str:
        return inline_text(self.inline)


Cell: TypeAlias = str | int | float | None


@dataclass(slots=True)
class Table:
    header: list[list[Cell]] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    caption: str | None = None
    notes: str | None = None
    x: dict[str, Any] | None = None

    @property
    def column_count(self) -> int:
        return max((len(row) for row in (*self.header, *self.rows)), default=0)


@dataclass(slots=True)
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    role: str | None = None
    number: str | None = None
    numbered: bool = True
    x: dict[str, Any] | None = None

    def subsections(self) -> list[Section]:
        return [block for block in self.blocks if isinstance(block, Section)]


Block: TypeAlias = Paragraph | Bullet | Table | Section


@dataclass(slots=True)
class Issuer:
    name: str
    code: str
    place: str
    parent: str | None = None
    x: dict[str, Any] | None = None


@dataclass(slots=True)
class Signature:
    title: str
    name: str
    on_behalf_of: str | None = None
    mode: SignatureMode | None = None
    head_title: str | None = None
    x: dict[str, Any] | None = None


@dataclass(slots=True)
class Appendix:
    title: str
    sections: list[Section] = field(default_factory=list)
    x: dict[str, Any] | None = None


ReportDate: TypeAlias = dt.date | int | None
"""A full issue date, a bare year (day and month left blank for the clerk), or nothing."""


@dataclass(slots=True)
class Report:
    issuer: Issuer
    signature: Signature
    profile: Profile = "state"
    kind: str = "bao-cao"
    title: str | None = None
    number: int | None = None
    date: ReportDate = None
    summary: str | None = None
    to: list[str] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    opening: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Paragraph] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    archive: str = "VT"
    drafter: str | None = None
    appendices: list[Appendix] = field(default_factory=list)
    x: dict[str, Any] | None = None

    @property
    def document_kind(self) -> DocumentKind:
        return DOCUMENT_KINDS[self.kind]

    @property
    def year(self) -> int | None:
        if isinstance(self.date, dt.date):
            return self.date.year
        return self.date


def inline_text(inline: Inline) -> str:
    """The text of an inline as a reader sees it, footnotes left out."""
    return "".join(part.text for part in inline if isinstance(part, Span))


def plain_inline(text: str) -> Inline:
    return [Span(text)]


def walk_sections(sections: list[Section], depth: int = 1) -> list[tuple[int, Section]]:
    """Every section of a tree with its depth (1 for top level), in document order."""
    found: list[tuple[int, Section]] = []
    for section in sections:
        found.append((depth, section))
        found.extend(walk_sections(section.subsections(), depth + 1))
    return found
