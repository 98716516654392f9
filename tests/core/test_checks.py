from __future__ import annotations

import datetime as dt

import pytest

from app.core.checks import post_reform_findings, report_warnings, review_findings
from app.core.model import Issuer, Report, Section, Signature
from app.core.rollforward import confirm_review, mark_for_review


def report(**fields: object) -> Report:
    base = Report(
        issuer=Issuer(name="ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", code="UBND", place="Trà Tây"),
        signature=Signature(title="CHỦ TỊCH", name="Nguyễn Văn A"),
        summary="Báo cáo",
        sections=[Section("Tình hình", ["Nội dung."])],  # type: ignore[list-item]
    )
    for name, value in fields.items():
        setattr(base, name, value)
    return base


@pytest.mark.parametrize(
    ("issuer", "recipients", "date", "paths"),
    [
        (Issuer("ỦY BAN NHÂN DÂN\nHUYỆN BÌNH SƠN", "UBND", "Bình Sơn"), [], dt.date(2025, 7, 1), ["issuer.name"]),
        (Issuer("HUYỆN ỦY TRÀ BỒNG", "HU", "Trà Bồng"), [], dt.date(2026, 1, 5), ["issuer.name"]),
        (Issuer("PHÒNG NỘI VỤ", "PNV", "Sơn Tịnh", "UBND huyện Sơn Tịnh"), [], 2026, ["issuer.parent"]),
        (
            Issuer("UBND XÃ A", "UBND", "A"),
            ["UBND thị xã Đức Phổ", "Công an quận 1", "Sở Nội vụ"],
            dt.date(2025, 9, 1),
            ["recipients[0]", "recipients[1]"],
        ),
    ],
)
def test_district_level_names_after_the_reform_are_warned(
    issuer: Issuer, recipients: list[str], date: dt.date | int, paths: list[str]
) -> None:
    findings = post_reform_findings(report(issuer=issuer, recipients=recipients, date=date))
    assert [finding.path for finding in findings] == paths
    assert all("01/7/2025" in finding.message and finding.severity == "warning" for finding in findings)


@pytest.mark.parametrize("date", [dt.date(2025, 6, 30), dt.date(2022, 4, 20), 2025, 2024])
def test_documents_from_before_the_reform_keep_their_district_names(date: dt.date | int) -> None:
    old = report(issuer=Issuer("ỦY BAN NHÂN DÂN\nHUYỆN BÌNH SƠN", "UBND", "Bình Sơn"), date=date)
    assert post_reform_findings(old) == []


def test_an_undated_draft_counts_as_written_today() -> None:
    draft = report(issuer=Issuer("UBND HUYỆN X", "UBND", "X"), date=None)
    assert post_reform_findings(draft, today=dt.date(2026, 11, 22))
    assert post_reform_findings(draft, today=dt.date(2025, 1, 1)) == []


def test_common_words_are_not_mistaken_for_districts() -> None:
    fine = report(
        issuer=Issuer("SỞ NỘI VỤ", "SNV", "Quảng Ngãi", "UBND TỈNH QUẢNG NGÃI"),
        recipients=["Cơ quan Tổ chức - Nội vụ", "Các cơ quan, đơn vị"],
        date=dt.date(2026, 3, 1),
    )
    assert post_reform_findings(fine) == []


def test_report_warnings_include_empty_sections_and_the_reform() -> None:
    draft = report(issuer=Issuer("UBND HUYỆN X", "UBND", "X"), date=dt.date(2026, 3, 1), sections=[Section("Trống")])
    assert [w.path for w in report_warnings(draft)] == ["sections[0]", "issuer.name"]


def test_sections_copied_from_last_period_ask_for_review_until_confirmed() -> None:
    checked = report(sections=[Section("Tình hình", [Section("Kết  quả")])])  # type: ignore[list-item]
    assert review_findings(checked) == []
    mark_for_review(checked)
    findings = review_findings(checked)
    assert [finding.path for finding in findings] == ["sections[0]", "sections[0].blocks[0]"]
    assert "«Kết quả»" in findings[1].message and "cần rà soát" in findings[1].message
    confirm_review(checked.sections[0])
    assert [finding.path for finding in review_findings(checked)] == ["sections[0].blocks[0]"]
