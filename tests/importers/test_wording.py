"""Titles typed in capitals become sentence case; abbreviations, Roman numerals and codes keep their capitals."""

from __future__ import annotations

import pytest

from app.importers.wording import sentence_case


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (
            "KẾT QUẢ PHỐI HỢP VỚI UBMTTQ XÃ TRONG PHÒNG, CHỐNG COVID-19 GIAI ĐOẠN 2021-2025 (PHẦN IV)",
            "Kết quả phối hợp với UBMTTQ xã trong phòng, chống COVID-19 giai đoạn 2021-2025 (phần IV)",
        ),
        ("“ĐẶC ĐIỂM TÌNH HÌNH” CỦA HĐND, KHUYẾN NGHỊ", "“Đặc điểm tình hình” của HĐND, khuyến nghị"),
        ("NGUYÊN NHÂN VÀ BÀI HỌC KINH NGHIỆM CỦA BCĐ 35", "Nguyên nhân và bài học kinh nghiệm của BCĐ 35"),
    ],
)
def test_capitals_that_cannot_be_a_syllable_keep_their_capitals(typed: str, kept: str) -> None:
    """UBMTTQ, like UBND, has one group of vowels but no syllable's shape: it is an abbreviation, not a word."""
    assert sentence_case(typed) == kept
