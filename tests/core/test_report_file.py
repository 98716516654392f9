from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.model import Bullet, Footnote, Issuer, Paragraph, Report, Section, Signature, Span, Table
from app.core.report_file import (
    MAX_FILE_BYTES,
    ReportFileError,
    dump_report,
    parse_report,
    read_report,
    report_from_data,
    write_report,
)
from tests.conftest import EXAMPLE_NAMES, example_path


def minimal() -> dict[str, Any]:
    return {
        "format": "baocao/1",
        "issuer": {"parent": None, "name": "ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", "code": "UBND", "place": "Trà Tây"},
        "date": "2023-06-05",
        "summary": "Sơ kết công tác",
        "sections": [{"title": "Đặc điểm tình hình", "blocks": ["Nội dung."]}],
        "signature": {"title": "CHỦ TỊCH", "name": "Nguyễn Văn A"},
    }


def problems_of(data: Any) -> dict[str, str]:
    with pytest.raises(ReportFileError) as caught:
        report_from_data(data)
    return {problem.path: problem.message for problem in caught.value.problems}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_read_and_write_back_byte_for_byte(name: str) -> None:
    text = example_path(name).read_text(encoding="utf-8")
    assert dump_report(parse_report(text)) == text


def test_missing_optional_keys_take_the_defaults() -> None:
    report = report_from_data(minimal())
    assert report.profile == "state" and report.kind == "bao-cao"
    assert report.number is None and report.to == [] and report.basis == []
    assert report.archive == "VT" and report.appendices == [] and report.x is None
    assert report.date == dt.date(2023, 6, 5)


def test_unknown_keys_are_reported_with_their_path_at_every_level() -> None:
    data = minimal()
    data["sumary"] = "typo"
    data["sections"][0]["titel"] = "typo"
    data["sections"][0]["blocks"].append({"type": "bullet", "text": "a", "bold": True})
    problems = problems_of(data)
    assert "sumary" in problems and "«sumary»" in problems["sumary"]
    assert "sections[0].titel" in problems
    assert "sections[0].blocks[1].bold" in problems


def test_extension_data_under_x_is_kept_as_is() -> None:
    data = minimal()
    data["x"] = {"anything": [1, {"nested": "Đ"}]}
    data["sections"][0]["x"] = {"reviewed": False}
    report = report_from_data(data)
    assert report.x == {"anything": [1, {"nested": "Đ"}]}
    again = parse_report(dump_report(report))
    assert again.x == report.x and again.sections[0].x == {"reviewed": False}


def test_every_problem_is_reported_not_just_the_first() -> None:
    data = minimal()
    data["number"] = "05"
    data["date"] = 2023
    data["to"] = "Sở Nội vụ"
    data["kind"] = "bao-cao-tuan"
    del data["signature"]["name"]
    problems = problems_of(data)
    assert set(problems) >= {"number", "date", "to", "kind", "signature.name"}
    assert all(message and message[0].isupper() for message in problems.values())
    assert "số nguyên" in problems["number"]
    assert "«bao-cao»" in problems["kind"]


def test_a_control_character_is_an_error_naming_field_and_position() -> None:
    data = minimal()
    data["sections"][0]["blocks"] = [["Đoạn có ký tự\x07 lạ", {"footnote": "chú\x00thích"}]]
    problems = problems_of(data)
    assert "U+0007" in problems["sections[0].blocks[0][0]"]
    assert "vị trí 14" in problems["sections[0].blocks[0][0]"]
    assert "U+0000" in problems["sections[0].blocks[0][1].footnote"]


def test_a_lone_surrogate_is_an_error_not_a_crash() -> None:
    text = json.dumps(minimal(), ensure_ascii=False).replace("Nội dung.", "Nội dung \\ud800.")
    with pytest.raises(ReportFileError) as caught:
        parse_report(text)
    assert "U+D800" in str(caught.value.problems[0])


def test_decomposed_text_is_normalised_to_nfc() -> None:
    data = minimal()
    data["summary"] = unicodedata.normalize("NFD", "Báo cáo kết quả Đảng ủy")
    data["issuer"]["place"] = unicodedata.normalize("NFD", "Trà Tây")
    report = report_from_data(data)
    assert report.summary == "Báo cáo kết quả Đảng ủy"
    assert unicodedata.is_normalized("NFC", report.summary)
    assert report.issuer.place == "Trà Tây"


@pytest.mark.parametrize(
    ("date", "fragment"),
    [
        ("2023-02-30", "tháng 2 năm 2023 chỉ có 28 ngày"),
        ("2023-04-31", "chỉ có 30 ngày"),
        ("2023-13-01", "không có tháng 13"),
        ("05/06/2023", "NNNN-TT-NN"),
        ("1800", "ngoài khoảng"),
    ],
)
def test_an_impossible_date_is_rejected_with_a_clear_message(date: str, fragment: str) -> None:
    data = minimal()
    data["date"] = date
    assert fragment in problems_of(data)["date"]


def test_dates_can_be_full_a_bare_year_or_null() -> None:
    for value, expected in (("2024-02-29", dt.date(2024, 2, 29)), ("2025", 2025), (None, None)):
        data = minimal()
        data["date"] = value
        assert report_from_data(data).date == expected


def test_summary_is_required_for_a_report_but_not_for_a_notice() -> None:
    data = minimal()
    del data["summary"]
    assert "summary" in problems_of(data)
    data["kind"] = "thong-bao"
    assert report_from_data(data).summary is None


def test_table_rows_must_match_the_column_count() -> None:
    data = minimal()
    data["sections"][0]["blocks"] = [{"type": "table", "header": [["A", "B"]], "rows": [[1, 2], [3]]}]
    assert "Hàng có 1 ô nhưng bảng có 2 cột" in problems_of(data)["sections[0].blocks[0].rows[1]"]


def test_table_cells_refuse_booleans_and_not_a_number() -> None:
    text = json.dumps(minimal(), ensure_ascii=False).replace('"Nội dung."', '{"type": "table", "rows": [[true, NaN]]}')
    with pytest.raises(ReportFileError) as caught:
        parse_report(text)
    paths = {p.path for p in caught.value.problems}
    assert paths == {"sections[0].blocks[0].rows[0][0]", "sections[0].blocks[0].rows[0][1]"}


def test_a_key_given_twice_is_an_error() -> None:
    text = json.dumps(minimal()).replace('"date": "2023-06-05"', '"date": "2023-06-05", "date": "2024-01-01"')
    with pytest.raises(ReportFileError) as caught:
        parse_report(text)
    assert caught.value.problems[0].path == "date"


def test_broken_json_says_where_in_vietnamese() -> None:
    with pytest.raises(ReportFileError) as caught:
        parse_report('{"format": "baocao/1",\n "issuer": {"name" "x"}}')
    message = caught.value.problems[0].message
    assert "dòng 2" in message and "dấu hai chấm" in message


def test_not_utf8_and_too_large_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ReportFileError, match="lỗi") as caught:
        parse_report("Báo cáo".encode("cp1258"))
    assert "UTF-8" in caught.value.problems[0].message
    big = tmp_path / "big.baocao.json"
    with big.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ReportFileError) as caught:
        read_report(big)
    assert "quá lớn" in caught.value.problems[0].message


def test_a_utf8_bom_from_windows_notepad_is_accepted() -> None:
    content = "\ufeff" + json.dumps(minimal(), ensure_ascii=False)
    assert parse_report(content.encode("utf-8")).issuer.code == "UBND"


def test_a_newer_format_version_asks_for_an_update() -> None:
    data = minimal()
    data["format"] = "baocao/2"
    assert "cập nhật chương trình" in problems_of(data)["format"]


def test_a_report_with_no_sections_is_valid() -> None:
    data = minimal()
    del data["sections"]
    assert report_from_data(data).sections == []


def test_write_report_is_atomic_and_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.baocao.json"
    report = report_from_data(minimal())
    write_report(report, path)
    before = path.read_bytes()
    report.summary = object()  # type: ignore[assignment]  # cannot be serialised
    with pytest.raises(TypeError):
        write_report(report, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


# -- generated reports survive a write and a read ----------------------------------------------

_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("đĐơƯ\n\t"),
    max_size=30,
).map(lambda s: unicodedata.normalize("NFC", s))
_word = _text.filter(lambda s: s.strip() != "")
_span = st.builds(Span, _word, st.booleans(), st.booleans())
_inline = st.lists(_span | st.builds(Footnote, _word), min_size=1, max_size=4)
_cell = st.none() | _text | st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def _tables(draw: st.DrawFn) -> Table:
    width = draw(st.integers(1, 4))
    row = st.lists(_cell, min_size=width, max_size=width)
    return Table(
        header=draw(st.lists(row, max_size=2)),
        rows=draw(st.lists(row, min_size=1, max_size=3)),
        caption=draw(st.none() | _text),
        notes=draw(st.none() | _text),
    )


_sections = st.recursive(
    st.builds(Section, _word, st.just([])),
    lambda children: st.builds(
        Section,
        _word,
        st.lists(
            st.builds(Paragraph, _inline) | st.builds(Bullet, _inline) | _tables() | children,
            max_size=4,
        ),
        st.none() | st.sampled_from(["tinh-hinh", "ket-qua", "kien-nghi"]),
        st.none() | _word,
        st.booleans(),
    ),
    max_leaves=8,
)
_reports = st.builds(
    Report,
    issuer=st.builds(Issuer, _word, _word, _word, st.none() | _word),
    signature=st.builds(Signature, _word, _word, st.none() | _word, st.none(), st.none()),
    kind=st.sampled_from(["thong-bao"]),
    number=st.none() | st.integers(1, 999),
    date=st.none() | st.integers(1945, 2199) | st.dates(dt.date(1945, 1, 1), dt.date(2199, 12, 31)),
    summary=st.none() | _text,
    to=st.lists(_text, max_size=3),
    opening=st.lists(st.builds(Paragraph, _inline), max_size=2),
    sections=st.lists(_sections, max_size=3),
    closing=st.lists(st.builds(Paragraph, _inline), max_size=2),
    recipients=st.lists(_text, max_size=3),
)


@settings(max_examples=150, deadline=None)
@given(_reports)
def test_any_report_survives_a_write_and_a_read(report: Report) -> None:
    assert parse_report(dump_report(report)) == report
