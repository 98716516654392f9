from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.model import (
    Appendix,
    Block,
    Bullet,
    Footnote,
    Issuer,
    Paragraph,
    Report,
    Section,
    Signature,
    Span,
    Table,
    walk_sections,
)
from app.core.report_file import dump_report, parse_report, read_report, report_to_data, validate_report
from app.core.rollforward import (
    PERIOD_CHOICES,
    REVIEW_KEY,
    Period,
    Replacement,
    RollForward,
    confirm_review,
    describe_location,
    detect_period,
    mark_for_review,
    needs_review,
    period_choice,
    period_label,
    roll_forward,
)
from tests.conftest import EXAMPLE_NAMES, example_path

TRA_TAY = "ubnd-xa-tra-tay-so-ket-2023"
BINH_SON = "ubnd-huyen-binh-son-so-ket-2022"
BAN_DAN_TOC = "ban-dan-toc-tinh-so-ket-2022"

# ---------------------------------------------------------------------------------------------
# Helpers


def make_report(
    *blocks: Block | str,
    summary: str = "Báo cáo kết quả công tác năm 2023",
    date: dt.date | int | None = dt.date(2023, 12, 15),
    title: str | None = None,
) -> Report:
    body: list[Block] = [Paragraph([Span(block)]) if isinstance(block, str) else block for block in blocks]
    return Report(
        issuer=Issuer(name="ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", code="UBND", place="Trà Tây"),
        signature=Signature(title="CHỦ TỊCH", name="Nguyễn Văn A"),
        summary=summary,
        title=title,
        date=date,
        number=12,
        sections=[Section("Kết quả", body)],
    )


def rolled_text(text: str, *, year: int = 2024, period: str | None = None, summary: str | None = None) -> str:
    """The text of one paragraph after rolling a report that contains it."""
    report = make_report(text) if summary is None else make_report(text, summary=summary)
    result = roll_forward(report, year=year, period=period)
    assert_only_listed_changes(report, result)
    paragraph = result.report.sections[0].blocks[0]
    assert isinstance(paragraph, Paragraph)
    return paragraph.plain_text


def rolled_summary(summary: str, *, year: int, period: str | None = None) -> str:
    result = roll_forward(make_report(summary=summary), year=year, period=period)
    return result.report.summary or ""


def string_leaves(data: Any, path: str = "") -> dict[str, str]:
    """Every string in report-file data by its path, leaving out extension data and the issue date."""
    leaves: dict[str, str] = {}
    if isinstance(data, str):
        leaves[path] = data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in ("x", "date"):
                leaves.update(string_leaves(value, f"{path}.{key}" if path else key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            leaves.update(string_leaves(value, f"{path}[{i}]"))
    return leaves


def aligns(old: str, new: str, replacements: list[Replacement]) -> bool:
    """Whether `new` is `old` with exactly these replacements, in order, and nothing else changed."""
    i = j = 0
    for replacement in replacements:
        position = old.find(replacement.before, i)
        while position >= 0:
            gap = old[i:position]
            if new.startswith(gap, j) and new.startswith(replacement.after, j + len(gap)):
                break
            position = old.find(replacement.before, position + 1)
        if position < 0:
            return False
        i = position + len(replacement.before)
        j += len(gap) + len(replacement.after)
    return old[i:] == new[j:]


def assert_only_listed_changes(before: Report, result: RollForward) -> None:
    """The texts before and after differ by exactly the listed replacements, each at a real path."""
    old = string_leaves(report_to_data(before))
    new = string_leaves(report_to_data(result.report))
    assert old.keys() == new.keys()
    by_path: dict[str, list[Replacement]] = defaultdict(list)
    for replacement in result.replacements:
        by_path[replacement.path].append(replacement)
        assert replacement.before != replacement.after
        assert len(replacement.context) <= 80
    assert set(by_path) <= set(old), set(by_path) - set(old)
    for path, text in old.items():
        assert aligns(text, new[path], by_path.get(path, [])), (path, text, new[path])


def changes(result: RollForward) -> list[tuple[str, str, str]]:
    return [(r.path, r.before, r.after) for r in result.replacements]


def example(name: str) -> Report:
    return read_report(example_path(name))


def all_text(report: Report) -> str:
    return "\n".join(string_leaves(report_to_data(report)).values())


# ---------------------------------------------------------------------------------------------
# Period


@pytest.mark.parametrize(
    ("period", "phrase"),
    [
        (Period("year", 1, 2024), "năm 2024"),
        (Period("half", 1, 2024), "6 tháng đầu năm 2024"),
        (Period("half", 2, 2023), "6 tháng cuối năm 2023"),
        (Period("quarter", 3, 2023), "quý III năm 2023"),
        (Period("quarter", 4, 2023), "quý IV năm 2023"),
        (Period("nine-months", 1, 2023), "9 tháng đầu năm 2023"),
        (Period("month", 7, 2023), "tháng 7 năm 2023"),
    ],
)
def test_period_phrases_as_officers_write_them(period: Period, phrase: str) -> None:
    assert period.phrase() == phrase


@pytest.mark.parametrize(
    ("period", "steps", "expected"),
    [
        (Period("year", 1, 2023), 1, Period("year", 1, 2024)),
        (Period("half", 1, 2023), 1, Period("half", 2, 2023)),
        (Period("half", 2, 2023), 1, Period("half", 1, 2024)),
        (Period("half", 1, 2023), -1, Period("half", 2, 2022)),
        (Period("quarter", 4, 2023), 1, Period("quarter", 1, 2024)),
        (Period("quarter", 2, 2023), 4, Period("quarter", 2, 2024)),
        (Period("month", 12, 2023), 1, Period("month", 1, 2024)),
        (Period("month", 1, 2024), -13, Period("month", 12, 2022)),
        (Period("nine-months", 1, 2023), 2, Period("nine-months", 1, 2025)),
    ],
)
def test_periods_shift_in_units_of_their_own_kind(period: Period, steps: int, expected: Period) -> None:
    assert period.shifted(steps) == expected
    assert expected.shifted(-steps) == period


@pytest.mark.parametrize(("kind", "index"), [("half", 3), ("quarter", 0), ("month", 13), ("year", 2), ("week", 1)])
def test_impossible_periods_are_refused(kind: Any, index: int) -> None:
    with pytest.raises(ValueError):
        Period(kind, index, 2023)


def test_period_choices_cover_every_command_line_value() -> None:
    assert PERIOD_CHOICES["nam"] == ("year", 1)
    assert PERIOD_CHOICES["6-thang-dau"] == ("half", 1)
    assert PERIOD_CHOICES["6-thang-cuoi"] == ("half", 2)
    assert [PERIOD_CHOICES[f"quy-{q}"] for q in range(1, 5)] == [("quarter", q) for q in range(1, 5)]
    assert PERIOD_CHOICES["9-thang"] == ("nine-months", 1)
    assert [PERIOD_CHOICES[f"thang-{m}"] for m in range(1, 13)] == [("month", m) for m in range(1, 13)]
    assert len(PERIOD_CHOICES) == 20
    for kind, index in PERIOD_CHOICES.values():
        Period(kind, index, 2024)  # every choice is a valid period


# ---------------------------------------------------------------------------------------------
# Detecting the source period


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Sơ kết công tác 6 tháng đầu năm 2023", Period("half", 1, 2023)),
        ("Sơ kết công tác 6 tháng đầu năm 2023 và phương hướng 6 tháng cuối năm 2023", Period("half", 1, 2023)),
        ("Báo cáo tình hình sáu tháng cuối năm 2023", Period("half", 2, 2023)),
        ("Báo cáo tình hình 06 tháng năm 2023", Period("half", 1, 2023)),
        ("Báo cáo kết quả công tác quý III năm 2023", Period("quarter", 3, 2023)),
        ("Báo cáo kết quả công tác quý I/2024", Period("quarter", 1, 2024)),
        ("Báo cáo tình hình kinh tế - xã hội 9 tháng đầu năm 2023", Period("nine-months", 1, 2023)),
        ("Báo cáo công tác tháng 7 năm 2023", Period("month", 7, 2023)),
        ("Tổng kết công tác năm 2023 và phương hướng, nhiệm vụ năm 2024", Period("year", 1, 2023)),
        ("Sơ kết công tác 6 tháng đầu năm", Period("half", 1, 2022)),  # the year from the report's date
        ("Sơ kết công tác quý II", Period("quarter", 2, 2022)),
    ],
)
def test_the_period_is_detected_from_the_summary(summary: str, expected: Period) -> None:
    assert detect_period(make_report(summary=summary, date=dt.date(2022, 6, 20))) == expected


def test_the_title_is_read_before_the_summary() -> None:
    report = make_report(title="BÁO CÁO\nTÌNH HÌNH QUÝ III NĂM 2023", summary="Kết quả công tác năm 2022")
    assert detect_period(report) == Period("quarter", 3, 2023)


@pytest.mark.parametrize(
    "summary",
    [
        "Sơ kết 03 năm thực hiện Phong trào thi đua “Dân vận khéo”",
        "Sơ kết 05 năm thực hiện Chỉ thị số 22-CT/TU ngày 03/4/2017 của Ban Thường vụ Tỉnh ủy",
        "Sơ kết thực hiện Nghị quyết số 25-NQ/TW ngày 03 tháng 6 năm 2013",
        "Kết quả thực hiện Chương trình giai đoạn 2021-2025",
    ],
)
def test_no_period_is_detected_in_citations_ranges_or_durations(summary: str) -> None:
    assert detect_period(make_report(summary=summary)) is None


def test_a_yearless_phrase_without_a_date_detects_nothing() -> None:
    assert detect_period(make_report(summary="Sơ kết công tác 6 tháng đầu năm", date=None)) is None


def test_without_a_detected_period_the_source_is_the_year_of_the_date_or_the_year_before() -> None:
    dated = roll_forward(make_report("Trong năm 2022, xã …", summary="Sơ kết phong trào", date=2022), year=2024)
    assert dated.source is None and dated.target == Period("year", 1, 2024)
    assert changes(dated) == [("sections[0].blocks[0]", "năm 2022", "năm 2024")]
    undated = roll_forward(make_report("Trong năm 2022, xã …", summary="Sơ kết phong trào", date=None), year=2024)
    assert changes(undated) == [("sections[0].blocks[0]", "năm 2022", "năm 2023")]


# ---------------------------------------------------------------------------------------------
# What moves, and by how much


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Năm 2023, xã đạt 12/15 chỉ tiêu", "Năm 2024, xã đạt 12/15 chỉ tiêu"),
        ("tăng 5% so với năm 2022", "tăng 5% so với năm 2023"),
        ("trong năm 2023 và kế hoạch năm 2024", "trong năm 2024 và kế hoạch năm 2025"),
        ("từ năm 2020 đến năm 2023", "từ năm 2021 đến năm 2024"),
        ("Trong 6 tháng đầu năm 2023", "Trong 6 tháng đầu năm 2024"),
        ("nhiệm vụ 6 tháng cuối năm 2023", "nhiệm vụ 6 tháng cuối năm 2024"),
        ("kết quả quý III năm 2023", "kết quả quý III năm 2024"),
        ("kết quả quý 3/2023", "kết quả quý 3/2024"),
        ("ước thực hiện 9 tháng đầu năm 2023", "ước thực hiện 9 tháng đầu năm 2024"),
        ("số liệu tháng 7 năm 2023", "số liệu tháng 7 năm 2024"),
        ("số liệu tháng 07 năm 2023", "số liệu tháng 07 năm 2024"),
        ("thực hiện Luật Giao thông đường bộ cho nhân dân trong năm 2023", None),
        ("thực hiện Kế hoạch năm 2023 với số 125 hộ tham gia", None),  # "số 125" is no document number
    ],
)
def test_an_annual_roll_moves_every_phrase_by_one_year(text: str, expected: str | None) -> None:
    if expected is None:
        expected = text.replace("2023", "2024")
    assert rolled_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6  tháng đầu  năm 2023", "6  tháng đầu  năm 2024"),
        ("06 tháng đầu năm 2023", "06 tháng đầu năm 2024"),
        ("sáu tháng cuối năm 2023", "sáu tháng cuối năm 2024"),
        ("Sáu tháng đầu năm 2023", "Sáu tháng đầu năm 2024"),
        ("trong năm\n2023", "trong năm\n2024"),
        ("quý  II   năm  2023", "quý  II   năm  2024"),
        ("trong\u00a0năm\u00a02023", "trong\u00a0năm\u00a02024"),
    ],
)
def test_extra_spaces_and_other_spellings_are_tolerated_and_kept(text: str, expected: str) -> None:
    assert rolled_text(text) == expected


HALF_YEAR_SUMMARY = "Sơ kết công tác 6 tháng đầu năm 2023, phương hướng nhiệm vụ 6 tháng cuối năm 2023"


def test_from_the_first_to_the_second_half_every_half_moves_one_half() -> None:
    result = roll_forward(make_report(summary=HALF_YEAR_SUMMARY), year=2023, period="6-thang-cuoi")
    assert result.source == Period("half", 1, 2023) and result.target == Period("half", 2, 2023)
    assert result.report.summary == "Sơ kết công tác 6 tháng cuối năm 2023, phương hướng nhiệm vụ 6 tháng đầu năm 2024"
    assert changes(result) == [
        ("summary", "6 tháng đầu năm 2023", "6 tháng cuối năm 2023"),
        ("summary", "6 tháng cuối năm 2023", "6 tháng đầu năm 2024"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("năm 2023 và năm 2022", "năm 2023 và năm 2022"),  # the whole-year shift is 0
        ("quý II năm 2023", "quý IV năm 2023"),  # half a year is two quarters
        ("tháng 6 năm 2023", "tháng 12 năm 2023"),
        ("9 tháng đầu năm 2023", "9 tháng đầu năm 2023"),  # nine months move by whole years
        ("6 tháng năm 2023", "6 tháng cuối năm 2023"),  # the first half without its word
        ("6 THÁNG ĐẦU NĂM 2023", "6 THÁNG CUỐI NĂM 2023"),
        ("6 THÁNG NĂM 2023", "6 THÁNG CUỐI NĂM 2023"),
        ("Sáu tháng Cuối năm 2022", "Sáu tháng Đầu năm 2023"),
    ],
)
def test_half_year_shift_in_the_unit_of_each_phrase(text: str, expected: str) -> None:
    assert rolled_text(text, year=2023, period="6-thang-cuoi", summary=HALF_YEAR_SUMMARY) == expected


def test_a_half_year_report_rolled_to_next_year_keeps_its_half() -> None:
    result = roll_forward(make_report("so với 6 tháng cuối năm 2022", summary=HALF_YEAR_SUMMARY), year=2024)
    assert result.target == Period("half", 1, 2024)
    assert result.report.summary == "Sơ kết công tác 6 tháng đầu năm 2024, phương hướng nhiệm vụ 6 tháng cuối năm 2024"
    assert changes(result)[-1] == ("sections[0].blocks[0]", "6 tháng cuối năm 2022", "6 tháng cuối năm 2023")


QUARTER_SUMMARY = "Báo cáo kết quả công tác quý II năm 2023"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quý II năm 2023", "quý III năm 2023"),
        ("Quý 2/2023", "Quý 3/2023"),
        ("quý IV năm 2023", "quý I năm 2024"),
        ("tháng 5 năm 2023", "tháng 8 năm 2023"),
        ("6 tháng đầu năm 2023", "6 tháng đầu năm 2023"),  # a quarter is not a whole number of halves
        ("năm 2023", "năm 2023"),
    ],
)
def test_quarter_to_next_quarter(text: str, expected: str) -> None:
    assert rolled_text(text, year=2023, period="quy-3", summary=QUARTER_SUMMARY) == expected


def test_month_to_next_month_moves_bare_years_by_the_whole_year_shift() -> None:
    summary = "Báo cáo công tác tháng 12 năm 2023"
    result = roll_forward(
        make_report("Trong năm 2023, tháng 11 năm 2023", summary=summary), year=2024, period="thang-1"
    )
    assert result.report.summary == "Báo cáo công tác tháng 1 năm 2024"
    assert changes(result)[1:] == [
        ("sections[0].blocks[0]", "năm 2023", "năm 2024"),
        ("sections[0].blocks[0]", "tháng 11 năm 2023", "tháng 12 năm 2023"),
    ]


def test_an_annual_report_can_become_a_half_year_report() -> None:
    report = make_report("Trong năm 2023, quý IV năm 2023", summary="Báo cáo kết quả công tác năm 2023")
    result = roll_forward(report, year=2024, period="6-thang-dau")
    assert result.report.summary == "Báo cáo kết quả công tác 6 tháng đầu năm 2024"
    assert changes(result)[1:] == [
        ("sections[0].blocks[0]", "năm 2023", "năm 2024"),  # a bare year in the body is just a year
        ("sections[0].blocks[0]", "quý IV năm 2023", "quý IV năm 2024"),
    ]


def test_a_half_year_report_can_become_an_annual_report_keeping_case() -> None:
    report = make_report(
        Section("KẾT QUẢ 6 THÁNG ĐẦU NĂM 2023"), "Quý II năm 2023", summary="Sơ kết 6 tháng đầu năm 2023"
    )
    result = roll_forward(report, year=2023, period="nam")
    assert result.report.summary == "Sơ kết năm 2023"
    assert changes(result)[1:] == [("sections[0].blocks[0].title", "6 THÁNG ĐẦU NĂM 2023", "NĂM 2023")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Năm 2023 xã đạt", "Năm 2024 xã đạt"),
        ("KẾT QUẢ NĂM 2023", "KẾT QUẢ NĂM 2024"),
        ("KẾT QUẢ QUÝ iii năm 2023", "KẾT QUẢ QUÝ iii năm 2024"),
    ],
)
def test_capitalisation_of_the_original_phrase_is_kept(text: str, expected: str) -> None:
    assert rolled_text(text) == expected


# ---------------------------------------------------------------------------------------------
# What never moves


@pytest.mark.parametrize(
    "text",
    [
        # year ranges
        "giai đoạn 2021-2025",
        "giai đoạn 2021 - 2025",
        "nhiệm kỳ 2020–2025",
        "Trong giai đoạn 2020 – 2022",
        "kế hoạch năm 2021 – 2025",
        "năm học 2023-2024",
        # full dates
        "ngày 18/5/2023",
        "đến 18/5/2023",
        "ngày 28/ 02/ 2023",
        "ngày 05 tháng 6 năm 2023",
        "vào ngày 5 tháng 12 năm 2023",
        "ngày 18.5.2023",
        # month and year with a slash is not a period phrase
        "tháng 6/2023",
        "số liệu đến 6/2023",
        # citations
        "Công văn số 1444/UBND-NV ngày 18/5/2023",
        "Nghị quyết số 25-NQ/TW ngày 03 tháng 6 năm 2013",
        "Chỉ thị số 22-CT/TU",
        "Chỉ thị số 18/2000/CT-TTg ngày 21/9/2010",
        "Kết luận số 62-KL/TW ngày 8/12/2009",
        "Kế hoạch số 65-KH/HU về “Phát động phong trào thi đua Dân vận khéo đến cuối năm 2020”",
        "Luật Thực hiện dân chủ ở cơ sở năm 2022",
        "Hiến pháp năm 2013",
        "Bộ luật Hình sự năm 2015",
        # years outside period phrases
        "từ 2020 đến 2023",
        "đạt 2023 hộ",
        "mã số 12023",
        "Sơ kết 05 năm thực hiện",
    ],
)
def test_citations_dates_ranges_and_loose_years_are_never_touched(text: str) -> None:
    assert rolled_text(text) == text


def test_a_citation_ends_with_its_date() -> None:
    text = "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2023 về công tác dân vận năm 2023"
    assert rolled_text(text) == text.removesuffix("2023") + "2024"


def test_a_month_phrase_inside_a_full_date_is_part_of_the_date() -> None:
    text = "ngày 05 tháng 6 năm 2023 và tháng 6 năm 2023"
    assert rolled_text(text) == "ngày 05 tháng 6 năm 2023 và tháng 6 năm 2024"


# ---------------------------------------------------------------------------------------------
# Where it looks, and the paths it reports


def everywhere_report() -> Report:
    """A report with "năm 2023" in every place a report has text."""
    table = Table(
        caption="Bảng 1. Kết quả năm 2023",
        header=[["Chỉ tiêu", "Năm 2023"]],
        rows=[["Thu ngân sách năm 2023", 2023], [None, 1.5]],
        notes="Số liệu năm 2023 của Chi cục Thống kê",
    )
    section = Section(
        "Kết quả năm 2023",
        [
            Paragraph([Span("Trong năm 2023, xã …")]),
            Paragraph([Span("Kết quả năm 2023"), Footnote("Kế hoạch công tác năm 2023"), Span(" năm 2023", bold=True)]),
            Bullet([Span("Mô hình năm 2023")]),
            Section("Chi tiết năm 2023", [Bullet([Span("Một "), Span("năm 2023", italic=True)])]),
            table,
        ],
    )
    return Report(
        issuer=Issuer(name="ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY NĂM 2023", code="UBND", place="Trà Tây", parent=None),
        signature=Signature(title="CHỦ TỊCH", name="Nguyễn Văn A năm 2023"),
        title="BÁO CÁO\nKẾT QUẢ NĂM 2023",
        summary="Kết quả công tác năm 2023",
        to=["UBND huyện năm 2023"],
        basis=["Căn cứ Nghị quyết của HĐND xã về kế hoạch năm 2023"],
        opening=[Paragraph([Span("Thực hiện kế hoạch năm 2023, UBND xã báo cáo:")])],
        sections=[section],
        closing=[Paragraph([Span("Trên đây là báo cáo năm 2023./.")])],
        recipients=["TT Đảng ủy năm 2023"],
        drafter="PL năm 2023",
        appendices=[
            Appendix("Số liệu năm 2023", [Section("Thu chi năm 2023", [Paragraph([Span("Ghi chú năm 2023")])])])
        ],
        date=dt.date(2023, 12, 1),
        number=7,
        x={"source": "test"},
    )


def test_every_text_of_the_report_is_rolled_in_document_order_with_report_file_paths() -> None:
    report = everywhere_report()
    result = roll_forward(report, year=2024)
    assert [r.path for r in result.replacements] == [
        "title",
        "summary",
        "opening[0]",
        "sections[0].title",
        "sections[0].blocks[0]",
        "sections[0].blocks[1][0]",
        "sections[0].blocks[1][2].text",
        "sections[0].blocks[2].text",
        "sections[0].blocks[3].title",
        "sections[0].blocks[3].blocks[0].text[1].text",
        "sections[0].blocks[4].caption",
        "sections[0].blocks[4].header[0][1]",
        "sections[0].blocks[4].rows[0][0]",
        "closing[0]",
        "appendices[0].title",
        "appendices[0].sections[0].title",
        "appendices[0].sections[0].blocks[0]",
    ]
    assert {(r.before, r.after) for r in result.replacements} == {
        ("năm 2023", "năm 2024"),
        ("Năm 2023", "Năm 2024"),
        ("NĂM 2023", "NĂM 2024"),
    }
    assert_only_listed_changes(report, result)

    rolled = result.report
    assert rolled.issuer == report.issuer and rolled.signature == report.signature
    assert rolled.to == report.to and rolled.basis == report.basis and rolled.recipients == report.recipients
    assert rolled.drafter == report.drafter
    footnote = rolled.sections[0].blocks[1]
    assert isinstance(footnote, Paragraph) and footnote.inline[1] == Footnote("Kế hoạch công tác năm 2023")
    table = rolled.sections[0].blocks[4]
    assert isinstance(table, Table)
    assert table.rows[0][1] == 2023 and table.notes == "Số liệu năm 2023 của Chi cục Thống kê"


def test_number_day_and_month_are_cleared_the_year_kept_and_the_input_not_modified() -> None:
    report = everywhere_report()
    before = dump_report(report)
    result = roll_forward(report, year=2024)
    assert dump_report(report) == before
    assert result.report.number is None and result.report.date == result.target.year
    assert result.report.x == {"source": "test"} and result.report.x is not report.x
    assert report.sections[0].x is None


def test_the_context_is_short_and_shows_the_new_phrase() -> None:
    long_text = "Trong kỳ báo cáo, " + "UBND xã đã tập trung chỉ đạo các ngành " * 4 + "trong năm 2023 " + "và " * 40
    result = roll_forward(make_report(long_text, "Năm 2023"), year=2024)
    _summary, first, second = result.replacements
    assert "trong năm 2024" in first.context and len(first.context) <= 80
    assert first.context.startswith("…") and first.context.endswith("…")
    assert second.context == "Năm 2024"


def test_unknown_period_or_impossible_year_is_refused() -> None:
    with pytest.raises(ValueError, match="quy-5"):
        roll_forward(make_report(), year=2024, period="quy-5")
    with pytest.raises(ValueError):
        roll_forward(make_report(), year=20240)


# ---------------------------------------------------------------------------------------------
# Review marks


def test_every_section_at_every_depth_and_in_appendices_is_marked_for_review() -> None:
    report = everywhere_report()
    report.sections[0].x = {"ghi_chu": "giữ"}
    rolled = roll_forward(report, year=2024).report
    sections = [s for _, s in walk_sections(rolled.sections)] + [
        s for a in rolled.appendices for _, s in walk_sections(a.sections)
    ]
    assert len(sections) == 3 and all(needs_review(s) for s in sections)
    assert rolled.sections[0].x == {"ghi_chu": "giữ", REVIEW_KEY: True}

    confirm_review(rolled.sections[0])
    assert rolled.sections[0].x == {"ghi_chu": "giữ"} and not needs_review(rolled.sections[0])
    nested = rolled.sections[0].blocks[3]
    assert isinstance(nested, Section)
    confirm_review(nested)
    assert nested.x is None and not needs_review(nested)
    confirm_review(nested)  # confirming twice is harmless
    assert nested.x is None


def test_marks_survive_the_report_file() -> None:
    report = make_report(Section("Chi tiết"))
    mark_for_review(report)
    again = parse_report(dump_report(report))
    assert [needs_review(s) for _, s in walk_sections(again.sections)] == [True, True]


# ---------------------------------------------------------------------------------------------
# The shared examples

TRA_TAY_2024 = [
    ("sections[2].blocks[2].blocks[0]", "năm 2020", "năm 2021"),
    ("sections[2].blocks[2].blocks[1].text", "năm 2020", "năm 2021"),
    ("sections[2].blocks[2].blocks[2].text", "năm 2021", "năm 2022"),
    ("sections[2].blocks[2].blocks[3].text", "năm 2021", "năm 2022"),
    ("sections[2].blocks[2].blocks[3].text", "năm 2023", "năm 2024"),
    ("sections[2].blocks[2].blocks[4].text", "năm 2022", "năm 2023"),
    ("sections[2].blocks[2].blocks[5].text", "năm 2021", "năm 2022"),
    ("sections[2].blocks[2].blocks[6]", "năm 2023", "năm 2024"),
    ("sections[2].blocks[2].blocks[7].text", "năm 2023", "năm 2024"),
    ("sections[2].blocks[2].blocks[8].text", "năm 2023", "năm 2024"),
    ("sections[2].blocks[2].blocks[9].text", "năm 2023", "năm 2024"),
    ("sections[2].blocks[4].blocks[0]", "năm 2021", "năm 2022"),
    ("sections[2].blocks[4].blocks[0]", "năm 2021", "năm 2022"),
]


def test_tra_tay_rolled_to_2024_lists_every_replacement_and_keeps_citations() -> None:
    report = example(TRA_TAY)
    result = roll_forward(report, year=2024)
    assert result.source is None and result.target == Period("year", 1, 2024)  # source year from the date
    assert changes(result) == TRA_TAY_2024
    text = all_text(result.report)
    for kept in (
        "Công văn số 1444/UBND-NV ngày 18/5/2023",
        "Kế hoạch số 31-KH/TU ngày 16/3/2021",
        "giai đoạn 2021-2025",
        "Trong giai đoạn 2020 – 2022",
        "Quyết định số 197/QĐ-UBND ngày 15/12/2021",
        "Kế hoạch số 106-KH/ĐU ngày 28/ 02/ 2023 về thực hiện phong trào Dân vận khéo năm 2023",  # a footnote
    ):
        assert kept in text
    assert result.replacements[3].context == (
        "…hiện văn minh trong tang lễ và báo hiếu năm 2022 của công đoàn xã năm 2024."
    )


def test_binh_son_keeps_the_quoted_title_of_a_cited_plan() -> None:
    result = roll_forward(example(BINH_SON), year=2023)
    assert changes(result) == [
        ("sections[1].blocks[1].blocks[0].blocks[0].blocks[1]", "năm 2021", "năm 2022"),
        ("sections[1].blocks[1].blocks[2].blocks[0]", "năm 2021", "năm 2022"),
        ("sections[1].blocks[1].blocks[2].blocks[0]", "năm 2020", "năm 2021"),
    ]
    text = all_text(result.report)
    assert "Kế hoạch số 65-KH/HU về “Phát động phong trào thi đua Dân vận khéo đến cuối năm 2020”" in text
    assert result.report.summary == example(BINH_SON).summary


def test_ban_dan_toc_has_only_citations_and_nothing_to_roll() -> None:
    result = roll_forward(example(BAN_DAN_TOC), year=2023)
    assert result.replacements == []
    assert "Nghị quyết số 25-NQ/TW ngày 03 tháng 6 năm 2013" in all_text(result.report)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("year_ahead", [1, 2])
def test_examples_roll_into_valid_reports_changing_only_what_is_listed(name: str, year_ahead: int) -> None:
    report = example(name)
    before = dump_report(report)
    assert report.year is not None
    result = roll_forward(report, year=report.year + year_ahead)
    assert dump_report(report) == before
    assert_only_listed_changes(report, result)
    for replacement in result.replacements:
        assert int(replacement.after[-4:]) - int(replacement.before[-4:]) == year_ahead
    rolled = result.report
    assert validate_report(rolled) == []
    text = dump_report(rolled)
    assert dump_report(parse_report(text)) == text
    assert rolled.number is None and rolled.date == report.year + year_ahead and rolled.x == report.x
    assert all(needs_review(section) for _, section in walk_sections(rolled.sections))


# ---------------------------------------------------------------------------------------------
# Properties

_WORDS = st.sampled_from(["Kết quả", "công tác", "xã", "đạt", "so với", "trong", "đến nay", ",", ".", "Trà Tây"])


@st.composite
def _simple_text(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(_WORDS, st.integers(1950, 2150).map(lambda year: f"năm {year}")),
            max_size=12,
        )
    )
    return " ".join(parts) or "Nội dung"


@settings(max_examples=60, deadline=None)
@given(
    source_year=st.integers(1980, 2150),
    k=st.integers(-30, 30).filter(bool),
    texts=st.lists(_simple_text(), min_size=1, max_size=5),
)
def test_rolling_forward_and_back_restores_simple_year_phrases(source_year: int, k: int, texts: list[str]) -> None:
    report = make_report(*texts, Section(texts[0], [Bullet([Span(texts[-1])])]), summary=f"Báo cáo năm {source_year}")
    forward = roll_forward(report, year=source_year + k)
    assert_only_listed_changes(report, forward)
    back = roll_forward(forward.report, year=source_year)
    assert back.source == Period("year", 1, source_year + k)
    assert [(r.path, r.after, r.before) for r in back.replacements] == [
        (r.path, r.before, r.after) for r in forward.replacements
    ]
    original, restored = string_leaves(report_to_data(report)), string_leaves(report_to_data(back.report))
    assert restored == original


_PROTECTED = [
    "giai đoạn 2021-2025",
    "nhiệm kỳ 2020 – 2025",
    "ngày 18/5/2023",
    "ngày 05 tháng 6 năm 2023",
    "Công văn số 1444/UBND-NV ngày 18/5/2023",
    "Kế hoạch số 31-KH/TU ngày 16/3/2021",
    "tháng 6/2023",
    "đến 2023",
    "Hiến pháp năm 2013",
]
_PHRASES = ["năm 2023", "Năm 2022", "6 tháng đầu năm 2023", "quý II năm 2023", "tháng 7 năm 2023", "9 tháng năm 2023"]


@settings(max_examples=80, deadline=None)
@given(
    parts=st.lists(st.sampled_from([*_PROTECTED, *_PHRASES, "xã", "kết quả", ","]), max_size=10),
    period=st.sampled_from([None, "6-thang-cuoi", "quy-3", "nam", "thang-1"]),
)
def test_mixed_text_changes_only_listed_phrases_and_never_a_citation(parts: list[str], period: str | None) -> None:
    text = " ".join(parts) or "xã"
    report = make_report(text, summary="Sơ kết công tác 6 tháng đầu năm 2023")
    result = roll_forward(report, year=2024, period=period)
    assert_only_listed_changes(report, result)
    paragraph = result.report.sections[0].blocks[0]
    assert isinstance(paragraph, Paragraph)
    for protected in _PROTECTED:
        assert paragraph.plain_text.count(protected) >= text.count(protected)


def test_period_labels_and_locations_are_vietnamese() -> None:
    labels = [period_label(key) for key in PERIOD_CHOICES]
    assert labels[:7] == ["Cả năm", "6 tháng đầu năm", "6 tháng cuối năm", "Quý I", "Quý II", "Quý III", "Quý IV"]
    assert labels[7:9] == ["9 tháng đầu năm", "Tháng 1"]
    report = read_report(example_path(EXAMPLE_NAMES[0]))
    assert describe_location(report, "summary") == "Trích yếu"
    assert describe_location(report, "closing[0]") == "Phần kết, đoạn 1"
    section = report.sections[2]
    assert isinstance(section, Section)
    where = describe_location(report, "sections[2].blocks[2].blocks[1].text")
    assert where.startswith("Mục «") and " › " in where
    assert describe_location(report, "sections[99].title") == "sections[99].title"


def test_every_period_choice_is_found_from_its_kind_and_index() -> None:
    for key, (kind, index) in PERIOD_CHOICES.items():
        assert period_choice(kind, index) == key
