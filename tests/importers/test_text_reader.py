"""Plain text: the three reference seeds (text extracted from PDFs) and the line-joining rules behind them."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from app.core.model import Bullet, Footnote, Paragraph, Report, walk_sections
from app.core.report_file import read_report, report_to_data
from app.importers.files import import_text
from app.importers.result import ImportResult
from app.importers.text_reader import text_items
from tests.conftest import REPO, example_path
from tests.importers.measure import section_tree, words

SEEDS = REPO.parent / "shared" / "reference" / "seeds"
SEED_EXAMPLES = {
    "000": "ban-dan-toc-tinh-so-ket-2022",
    "002": "ubnd-huyen-binh-son-so-ket-2022",
    "003": "ubnd-xa-tra-tay-so-ket-2023",
}
DROPPED_WORDS = {"nơi", "nhận", "lưu", "tm", "kt", "i", "ii", "iii", "iv"}
"""Words of the layout itself, printed again by the renderer: "Nơi nhận:", "- Lưu", "TM.", "KT.", "I.", "II."…"""
FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_])\d+\b")
"""A footnote's number glued to the word it follows ("chuyên môn1."): it becomes the footnote itself."""


def seed_path(key: str) -> Path:
    [path] = SEEDS.glob(f"{key}_*.txt")
    return path


@cache
def seed(key: str) -> ImportResult:
    path = seed_path(key)
    return import_text(path.read_text(encoding="utf-8"), path.name)


@cache
def example(key: str) -> Report:
    return read_report(example_path(SEED_EXAMPLES[key]))


@pytest.mark.parametrize("key", SEED_EXAMPLES)
def test_each_seed_has_the_section_tree_of_its_example(key: str) -> None:
    assert section_tree(seed(key).report.sections) == section_tree(example(key).sections)


@pytest.mark.parametrize("key", SEED_EXAMPLES)
def test_each_seed_keeps_its_recipients_and_signer(key: str) -> None:
    report, source = seed(key).report, example(key)
    assert (report.recipients, report.archive) == (source.recipients, source.archive)
    assert report.signature.title == source.signature.title
    assert report.signature.on_behalf_of == source.signature.on_behalf_of
    assert report.signature.mode == source.signature.mode
    if key != "003":  # the Trà Tây extraction has no name under CHỦ TỊCH (the example's is invented)
        assert report.signature.name == source.signature.name


@pytest.mark.parametrize("key", SEED_EXAMPLES)
def test_each_seed_loses_no_word(key: str) -> None:
    """Every word of the text file is somewhere in the draft (or, for unplaced header lines, in the notes)."""
    result = seed(key)
    kept = set(words(json.dumps(report_to_data(result.report), ensure_ascii=False)))
    kept |= set(words(" ".join(note.message for note in result.notes)))
    text = FOOTNOTE_MARK.sub("", seed_path(key).read_text(encoding="utf-8"))
    lost = set(words(text)) - kept
    assert lost <= DROPPED_WORDS, sorted(lost)


@pytest.mark.parametrize("key", SEED_EXAMPLES)
def test_each_seed_has_the_paragraphs_of_its_example(key: str) -> None:
    """Lines broken mid-sentence are joined back: the paragraphs are the example's, nearly all of them."""

    def paragraphs(report: Report) -> list[str]:
        found = [" ".join(paragraph.plain_text.split()) for paragraph in report.opening]
        for _, section in walk_sections(report.sections):
            found.extend(
                " ".join(block.plain_text.split()) for block in section.blocks if isinstance(block, (Paragraph, Bullet))
            )
        return found

    got, expected = paragraphs(seed(key).report), paragraphs(example(key))
    same = sum(1 for paragraph in got if paragraph in expected)
    assert same >= len(expected) - 2, (same, len(expected))


def test_the_tra_tay_seed_gets_its_two_footnotes_back_at_their_marks() -> None:
    marked = [
        (block.plain_text, part.text)
        for _, section in walk_sections(seed("003").report.sections)
        for block in section.blocks
        if isinstance(block, (Paragraph, Bullet))
        for part in block.inline
        if isinstance(part, Footnote)
    ]
    assert len(marked) == 2
    (first_text, first_note), (second_text, second_note) = marked
    assert first_note.startswith("Kế hoạch số 17/KH-UBND ngày 02/4/2020") and first_note.endswith("năm 2023.")
    assert "gắn với thực hiện nhiệm vụ chuyên môn. Qua đó" in first_text  # "môn1." lost its number to the note
    assert second_note.startswith("Quyết định số 05/QĐ-UBND ngày 05/02/2021")
    assert second_text.endswith("tham gia các phong trào phát triển kinh tế")


def test_the_binh_son_seed_without_header_asks_for_what_is_missing() -> None:
    result = seed("002")
    checks = {note.path for note in result.notes if note.kind == "check"}
    assert {"kind", "summary", "issuer.name", "issuer.code", "issuer.place"} <= checks
    assert "Cần kiểm tra" in result.summary()


# -- the joining rules ----------------------------------------------------------------------------------


def joined(text: str) -> list[str]:
    items, _ = text_items(text)
    return [item.text for item in items]


def test_a_word_cut_at_a_hyphen_is_joined_without_a_space() -> None:
    text = (
        "Thực hiện Chỉ thị số 22-\n\nCT/TU ngày 03/4/2017 của Ban Thường vụ Tỉnh ủy về đẩy mạnh phong trào\n\nthi đua."
    )
    assert joined(text) == [
        "Thực hiện Chỉ thị số 22-CT/TU ngày 03/4/2017 của Ban Thường vụ Tỉnh ủy về đẩy mạnh phong trào thi đua."
    ]


def test_a_heading_line_is_not_joined_to_the_paragraph_after_it() -> None:
    text = (
        "I. KẾT QUẢ THỰC HIỆN\n"
        "1. Công tác lãnh đạo, chỉ đạo\n"
        "Thực hiện Kế hoạch số 70/KH-UBND ngày 04/6/2020 của UBND tỉnh về phát động phong\n"
        "trào thi đua, UBND huyện đã ban hành kế hoạch triển khai đến các xã, thị trấn.\n"
        "- Tổ chức học tập, quán triệt các văn bản chỉ đạo của cấp trên đến toàn thể cán\n"
        "bộ, công chức.\n"
    )
    assert joined(text) == [
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Công tác lãnh đạo, chỉ đạo",
        "Thực hiện Kế hoạch số 70/KH-UBND ngày 04/6/2020 của UBND tỉnh về phát động phong trào thi đua, "
        "UBND huyện đã ban hành kế hoạch triển khai đến các xã, thị trấn.",
        "- Tổ chức học tập, quán triệt các văn bản chỉ đạo của cấp trên đến toàn thể cán bộ, công chức.",
    ]


def test_one_paragraph_per_line_is_kept_as_it_is() -> None:
    long_line = "Thực hiện Kế hoạch của UBND huyện về công tác dân vận, " * 6
    text = f"{long_line.strip()}\n{long_line.strip()}\nII. KẾT QUẢ\n{long_line.strip()}"
    assert len(joined(text)) == 4


def test_columns_separated_by_wide_gaps_become_tabs() -> None:
    assert joined("Nơi nhận:                              CHỦ TỊCH\n- Như trên;") == [
        "Nơi nhận:\tCHỦ TỊCH",
        "- Như trên;",
    ]
