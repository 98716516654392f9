"""Issue 7, part 2: nothing is dropped. Whatever lines a document holds, in whatever order, every word the officer
wrote ends up somewhere in the draft — a section, a paragraph, the header, the signature — or, for the few places
the draft has no room for, in the import report."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.model import Span
from app.core.report_file import report_from_data, report_to_data
from app.importers.source import SourceParagraph
from app.importers.structure import recognise
from app.importers.text_reader import text_items
from tests.importers.measure import words

_WORDS = (
    "lúa ngô khoai sắn mía chè cà phê hồ tiêu điều cao su keo bạch đàn thông tràm quế hồi trâu bò lợn gà vịt "
    "cá tôm cua ốc rừng suối đèo dốc bản làng thôn xóm chợ trạm đường cầu cống kênh mương đập hồ giếng"
)
VOCABULARY = tuple(_WORDS.split())
LABELS = ("", "", "", "I. ", "II. ", "1. ", "2. ", "2.1. ", "a) ", "đ) ", "- ", "+ ", "A- ", "Phần thứ hai ")
ENDINGS = ("", ".", ":", ";", "./.")
LAYOUT_LINES = (
    "BÁO CÁO",
    "KẾ HOẠCH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 12/BC-UBND",
    "Trà Tây, ngày 05 tháng 6 năm 2023",
    "Kính gửi: Sở Nội vụ.",
    "Căn cứ Luật Tổ chức chính quyền địa phương;",
    "Trên đây là báo cáo./.",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "(Đã ký)",
    "________",
    "PHỤ LỤC",
    "Nơi nhận:\t\tCHỦ TỊCH",
    "",
)

text_lines = st.builds(
    lambda label, chosen, ending, upper: (
        (label + " ".join(chosen) + ending).upper() if upper else label + " ".join(chosen) + ending
    ),
    st.sampled_from(LABELS),
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=30),
    st.sampled_from(ENDINGS),
    st.booleans(),
)
lines = st.lists(st.one_of(text_lines, text_lines, st.sampled_from(LAYOUT_LINES)), min_size=1, max_size=40)


def kept_words(result: object) -> set[str]:
    report = result.report  # type: ignore[attr-defined]
    notes = result.notes  # type: ignore[attr-defined]
    data = json.dumps(report_to_data(report), ensure_ascii=False)
    return set(words(data)) | set(words(" ".join(note.message for note in notes)))


def vocabulary_words(texts: list[str]) -> set[str]:
    return set(words(" ".join(texts))) & set(VOCABULARY)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines, st.lists(st.booleans(), min_size=40, max_size=40))
def test_no_word_of_a_word_document_is_lost(texts: list[str], bolds: list[bool]) -> None:
    items = [
        SourceParagraph([Span(text, bold=bold)], bold=bold, alignment="both")
        for text, bold in zip(texts, bolds, strict=False)
    ]
    result = recognise(items, "ngau-nhien.docx")
    missing = vocabulary_words(texts) - kept_words(result)
    assert not missing, (missing, texts)
    assert report_from_data(report_to_data(result.report), complete=False) == result.report


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
# A lower-case line runs on to the line above in a text file: the header line then holds it.
@example(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "lúa"])
@example(["Độc lập - Tự do - Hạnh phúc", "ngô khoai"])
@example(["Trà Tây, ngày 05 tháng 6 năm 2023", "sắn"])
def test_no_word_of_a_text_file_is_lost(texts: list[str]) -> None:
    items, notes = text_items("\n".join(texts))
    result = recognise(items, "ngau-nhien.txt", notes)
    missing = vocabulary_words(texts) - kept_words(result)
    assert not missing, (missing, texts)
