"""Open a .docx package safely: the one way the checker and the importers read Word files.

A .docx is a zip of XML parts. Files from outside the office (e-mail, USB sticks, the web) may be
broken or hostile, so every part is read with limits and parsed without entities, DTDs or network
access; whatever is wrong is refused with a Vietnamese message that says what to do.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from types import TracebackType
from typing import IO, TypeAlias
from urllib.parse import unquote

from lxml import etree

_PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"

_Element: TypeAlias = etree._Element


class PackageRefused(Exception):
    """A file that cannot be read as a .docx; the message says why and what to do, in Vietnamese."""


class DocxPackage:
    """The zip parts of a .docx, parsed on demand and cached. Use as a context manager."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self.names = frozenset(archive.namelist())
        self._parsed: dict[str, _Element | None] = {}
        self._parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
        )

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._archive.close()

    def read(self, name: str) -> bytes | None:
        """The raw bytes of a part, or None when the package has no such part."""
        if name not in self.names:
            return None
        return self._archive.read(name)

    def xml(self, name: str | None) -> _Element | None:
        """The parsed root of an XML part, or None when the package has no such part."""
        if name is None:
            return None
        if name not in self._parsed:
            data = self.read(name)
            self._parsed[name] = None if data is None else etree.fromstring(data, self._parser)
        return self._parsed[name]

    def relationships(self, part_name: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target part name) for the internal targets of a part ("" for the package)."""
        folder, base = posixpath.split(part_name)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        found: dict[str, tuple[str, str]] = {}
        if root is None:
            return found
        for relationship in root.iter(_PACKAGE_RELATIONSHIPS + "Relationship"):
            if relationship.get("TargetMode") == "External":
                continue
            target = unquote(relationship.get("Target", ""))
            # Absolute targets are package names; relative ones resolve against the part's folder.
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[relationship.get("Id", "")] = (relationship.get("Type", ""), target)
        return found

    @property
    def main_document(self) -> str:
        """The name of the main document part (usually word/document.xml)."""
        for relationship_type, target in self.relationships("").values():
            if relationship_type.endswith(_OFFICE_DOCUMENT):
                return target
        return "word/document.xml"


def open_docx(source: str | os.PathLike[str] | bytes | IO[bytes]) -> DocxPackage:
    """Open a .docx from a path, bytes or a binary file; PackageRefused when it is not a readable .docx."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        return DocxPackage(zipfile.ZipFile(source))
    except (zipfile.BadZipFile, OSError) as error:
        raise PackageRefused(f"Không mở được tệp: đây không phải tệp Word .docx hợp lệ ({error}).") from None
