"""The XML of one rendered example, compared with a reviewed reference under tests/render/golden.

Set UPDATE_GOLDEN=1 to rewrite the references after a deliberate change, then review the diff.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from app.core.report_file import read_report
from app.render.docx import render_docx
from tests.conftest import example_path

GOLDEN = Path(__file__).parent / "golden"
PARTS = (
    "word/document.xml",
    "word/styles.xml",
    "word/footnotes.xml",
    "word/numbering.xml",
    "word/header1.xml",
    "word/header2.xml",
    "word/settings.xml",
    "[Content_Types].xml",
    "word/_rels/document.xml.rels",
)
# Attributes Word rewrites on every save and that carry no formatting.
VOLATILE = re.compile(r"^\{[^}]*\}(rsid\w*|paraId|textId)$")


def pretty(xml: bytes) -> str:
    root = etree.fromstring(xml)
    for element in root.iter():
        for name in [name for name in element.attrib if VOLATILE.match(name)]:
            del element.attrib[name]
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode") + "\n"


@pytest.mark.parametrize("part", PARTS)
def test_rendered_xml_matches_the_reviewed_reference(part: str) -> None:
    name = "ubnd-xa-tra-tay-so-ket-2023"
    package = zipfile.ZipFile(io.BytesIO(render_docx(read_report(example_path(name)))))
    actual = pretty(package.read(part))
    reference = GOLDEN / name / (part.replace("/", "__").replace("[", "").replace("]", ""))
    if os.environ.get("UPDATE_GOLDEN"):
        reference.parent.mkdir(parents=True, exist_ok=True)
        reference.write_text(actual, encoding="utf-8")
    assert reference.is_file(), f"no reference yet: run with UPDATE_GOLDEN=1 and review {reference}"
    assert actual == reference.read_text(encoding="utf-8")


def test_rendering_is_deterministic() -> None:
    report = read_report(example_path("ubnd-huyen-binh-son-so-ket-2022"))
    assert render_docx(report) == render_docx(report)
