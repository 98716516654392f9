"""Issue 7, part 5: the three reference reports typed in Word the way an officer types them, imported back.

Each example report (../shared/examples) is typed into a .docx by tests/importers/word_typed.py — header table,
typed numbering, bullets typed as "- ", real footnotes, Nơi nhận and signature in a table — and in the other
common ways (header typed in paragraphs with tabs, Word's own list numbering, signature in paragraphs, TCVN3
text in .VnTime, and untidy as a file edited for years: runs cut mid-word, double spaces, empty paragraphs).
The import must keep at least 99 % of the words in order, rebuild the example's section tree, and recognise
the header, the recipients and the signature.
"""

from __future__ import annotations

from functools import cache

import pytest

from app.core.model import Report
from app.core.report_file import read_report
from app.importers.files import import_docx
from app.importers.result import ImportResult
from tests.conftest import EXAMPLE_NAMES, example_path
from tests.importers.measure import missing_words, section_tree, words_in_order
from tests.importers.word_typed import Typing, type_report

MIN_WORDS_IN_ORDER = 0.99
TYPINGS = {
    "bang-tieu-de": Typing(),
    "tieu-de-bang-tab": Typing(header="paragraphs"),
    "danh-so-cua-word": Typing(numbering="word"),
    "chu-ky-thanh-doan": Typing(signature="paragraphs"),
    "ma-tcvn3": Typing(legacy_font=True),
    "sua-nhieu-lan": Typing(untidy=True),
}
CASES = [(name, "bang-tieu-de") for name in EXAMPLE_NAMES] + [
    (name, typing) for typing in TYPINGS if typing != "bang-tieu-de" for name in EXAMPLE_NAMES
]


@cache
def example(name: str) -> Report:
    return read_report(example_path(name))


@cache
def imported(name: str, typing: str) -> ImportResult:
    return import_docx(type_report(example(name), TYPINGS[typing]), name=f"{name}.docx")


@pytest.mark.parametrize(("name", "typing"), CASES)
def test_at_least_99_percent_of_the_words_survive_in_order(name: str, typing: str) -> None:
    result = imported(name, typing)
    share = words_in_order(example(name), result.report)
    assert share >= MIN_WORDS_IN_ORDER, (share, missing_words(example(name), result.report))


@pytest.mark.parametrize(("name", "typing"), CASES)
def test_the_section_tree_is_the_examples(name: str, typing: str) -> None:
    assert section_tree(imported(name, typing).report.sections) == section_tree(example(name).sections)


@pytest.mark.parametrize(("name", "typing"), CASES)
def test_header_recipients_and_signature_are_recognised(name: str, typing: str) -> None:
    source, report = example(name), imported(name, typing).report
    assert report.issuer == source.issuer
    assert (report.profile, report.kind, report.number, report.date) == (
        source.profile,
        source.kind,
        source.number,
        source.date,
    )
    assert report.summary == source.summary
    assert report.to == source.to
    assert report.recipients == source.recipients
    assert report.archive == source.archive
    assert report.signature == source.signature


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_paragraphs_bullets_and_footnotes_keep_their_kind_and_place(name: str) -> None:
    """Not only the words: each section holds the same paragraphs, bullets and footnotes as the example."""
    from app.core.model import Bullet, Footnote, Paragraph, walk_sections

    def shape(report: Report) -> list[list[str]]:
        shapes = []
        for _, section in walk_sections(report.sections):
            kinds = []
            for block in section.blocks:
                if isinstance(block, (Paragraph, Bullet)):
                    notes = sum(isinstance(part, Footnote) for part in block.inline)
                    kinds.append(f"{type(block).__name__}{'+' * notes}")
            shapes.append(kinds)
        return shapes

    assert shape(imported(name, "bang-tieu-de").report) == shape(example(name))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_import_report_says_what_was_recognised(name: str) -> None:
    result = imported(name, "bang-tieu-de")
    summary = result.summary()
    assert summary.startswith(f"Nhập tệp {name}.docx:")
    assert "Đã nhận ra" in summary
    recognised = {note.path for note in result.notes if note.kind == "recognised"}
    assert {"issuer", "date", "kind", "summary", "recipients", "signature", "sections"} <= recognised
    assert not [note for note in result.notes if note.kind == "check"], summary
