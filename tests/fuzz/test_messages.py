"""The Vietnamese-message check of the fuzz tests: it must catch English and Python names, and pass real messages."""

from __future__ import annotations

import unicodedata

import pytest

from tests.fuzz.messages import vietnamese_problem


@pytest.mark.parametrize(
    "message",
    [
        "Tệp không phải JSON hợp lệ: dòng 1, cột 5: thiếu giá trị hoặc có ký tự lạ.",
        "Khóa «tittle» không có trong định dạng; kiểm tra lỗi chính tả (dữ liệu riêng hãy đặt trong «x»).",
        "Ngày «2023-02-30» phải có dạng NNNN-TT-NN (ví dụ 2023-06-05) hoặc chỉ năm NNNN.",
        'Phải là chuỗi, {"text": …} hoặc {"footnote": …}, không phải số nguyên.',
        "Có ký tự điều khiển U+0001 ở vị trí 3, Word không lưu được ký tự này; hãy xóa nó (dán từ trang web).",
        "Tệp Word không có phần nội dung chính (word/document.xml) nên không đọc được.",
        "Lề trái 25 mm nằm ngoài khoảng 30–35 mm.",
    ],
)
def test_real_messages_pass(message: str) -> None:
    assert vietnamese_problem(message) is None


@pytest.mark.parametrize(
    ("message", "why"),
    [
        ("Tệp không phải JSON hợp lệ: dòng 1, cột 5: Expecting value.", "Expecting"),
        ("title: Phải là chuỗi ký tự, không phải _JsonObject.", "_JsonObject"),
        ("Giãn dòng inf nằm ngoài khoảng 1–1,5 dòng.", "inf"),
        ("Tệp Word bị hỏng (Opening and ending tag mismatch: p line 1).", "Opening"),
        ("Value must be a string", "no Vietnamese letter"),
        (unicodedata.normalize("NFD", "Thiếu trường bắt buộc này."), "NFC"),
        ("", "empty"),
    ],
)
def test_english_and_python_names_fail(message: str, why: str) -> None:
    problem = vietnamese_problem(message)
    assert problem is not None and why in problem
