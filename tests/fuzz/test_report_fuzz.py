"""Fuzzing the report-file reader and the renderer: 2 000 generated report files (bench/fuzz.py: 50 000).

Each generated file goes through parse_report and, when accepted, write_docx over a previous file; the
properties are in report_properties.py. The named cases below are the faults fuzzing found, kept as
regression tests: each crashed the reader or the renderer, or gave a message naming no field or in English.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from app.cli import main
from app.core.cells import cell_text
from app.core.docx_format import read_docx_format
from app.core.report_file import parse_report
from app.render.docx import Margins, RenderOptions, write_docx
from tests.conftest import EXAMPLE_NAMES, example_path
from tests.fuzz.messages import vietnamese_problem
from tests.fuzz.report_cases import RawToken, ReportCase, TextDamage, report_cases, to_json
from tests.fuzz.report_properties import PREVIOUS_CONTENT, PropertyFailure, check_report_case
from tests.fuzz.settings import fuzz_settings

REPORT_EXAMPLES = 2000
CLI_EXAMPLES = 100


@pytest.fixture(scope="module")
def output_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example: check_report_case empties it and checks what is left in it."""
    return tmp_path_factory.mktemp("fuzz-output")


@fuzz_settings(REPORT_EXAMPLES)
@given(case=report_cases())
def test_any_report_file_is_rendered_or_refused_in_vietnamese(case: ReportCase, output_folder: Path) -> None:
    check_report_case(case, output_folder)


@fuzz_settings(CLI_EXAMPLES)
@given(case=report_cases())
def test_the_render_command_writes_a_whole_file_or_none(case: ReportCase, output_folder: Path) -> None:
    """`main.py render REPORT -o OUT --json` on a generated file: exit 0 and a .docx that opens, or exit 2 with
    every problem (field and Vietnamese message) and the previous OUT untouched, no temporary file left."""
    for leftover in output_folder.iterdir():
        leftover.unlink()
    content = case.content()
    source = output_folder / "báo cáo.baocao.json"
    source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    output = output_folder / "báo cáo.docx"
    output.write_bytes(PREVIOUS_CONTENT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["render", str(source), "-o", str(output), "--json"])
    result = json.loads(printed.getvalue())
    assert sorted(path.name for path in output_folder.iterdir()) == sorted([source.name, output.name])
    if code == 0:
        assert result["ok"] is True and output.read_bytes() != PREVIOUS_CONTENT
        read_docx_format(output)
        return
    assert code == 2, result
    assert result["ok"] is False and output.read_bytes() == PREVIOUS_CONTENT
    assert result["problems"], result
    for problem in result["problems"]:
        assert vietnamese_problem(problem["message"]) is None, problem
    assert case.expectation != "valid", result


def test_the_checks_catch_what_they_are_meant_to(output_folder: Path) -> None:
    """The properties are not vacuous: a broken file declared valid, and a valid one declared broken, fail."""
    data = _example()
    with pytest.raises(PropertyFailure, match="accepted a file with a fault"):
        check_report_case(ReportCase(data, "reject", "nothing wrong", "date"), output_folder)
    broken = {**data, "date": "2023-02-30"}
    with pytest.raises(PropertyFailure, match="refused a valid report"):
        check_report_case(ReportCase(broken, "valid", "valid"), output_folder)
    with pytest.raises(PropertyFailure, match="no problem at 'number'"):
        check_report_case(ReportCase(broken, "reject", "wrong date", "number"), output_folder)
    assert check_report_case(ReportCase(broken, "reject", "wrong date", "date"), output_folder) == "rejected"
    assert check_report_case(ReportCase(data, "valid", "valid"), output_folder) == "rendered"


def _example(name: str = EXAMPLE_NAMES[0]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(example_path(name).read_text(encoding="utf-8"))
    return data


def _nested_sections(levels: int) -> dict[str, Any]:
    outer: dict[str, Any] = {"title": "Mục", "blocks": []}
    inner = outer
    for _ in range(levels - 1):
        child: dict[str, Any] = {"title": "Mục con", "blocks": []}
        inner["blocks"].append(child)
        inner = child
    return outer


def _found_cases() -> Iterator[Any]:
    """(id, case) of each fault fuzzing found: a crash, an English word, a problem without its field."""
    data = _example()
    table = {"type": "table", "rows": [[1, 2]]}
    yield "integer of 5 000 digits", ReportCase({**data, "number": RawToken("9" * 5000)}, "reject", "", "number")
    yield "integer of 5 000 digits in x", ReportCase({**data, "x": {"a": [RawToken("9" * 5000)]}}, "reject", "", "x")
    yield (
        "numbers of 30 and 300 digits in cells",
        ReportCase(
            {**data, "sections": [{"title": "Bảng", "blocks": [{**table, "rows": [[10**30, 1e300]]}]}]}, "valid", ""
        ),
    )
    yield "integer of 4 400 digits in a cell", ReportCase(
        {**data, "sections": [{"title": "Bảng", "blocks": [{**table, "rows": [[RawToken("7" * 4400), 1]]}]}]},
        "reject", "", "sections[0].blocks[0].rows[0][0]",
    )  # fmt: skip
    yield "document number above the wizard's 999 999", ReportCase({**data, "number": 10**9}, "reject", "", "number")
    yield "JSON nested 100 000 deep", ReportCase(data, "unknown", "", text_damage=TextDamage("nest", payload="100000"))
    yield (
        "sections nested 300 deep",
        ReportCase({**data, "sections": [_nested_sections(300)]}, "reject", "", "sections[0]"),
    )
    yield (
        "a \\u escape cut short (English from the JSON decoder)",
        ReportCase({**data, "summary": RawToken('"Sơ kết \\u12"')}, "reject", "", ""),
    )
    yield "object where a string goes", ReportCase({**data, "summary": {"a": 1}}, "reject", "", "summary")
    yield "NaN as the document number", ReportCase({**data, "number": RawToken("NaN")}, "reject", "", "number")
    yield "empty key at the top", ReportCase({**data, "": 1}, "reject", "", '[""]')
    yield (
        "extension data in a span, which keeps none",
        ReportCase(
            {**data, "closing": [[{"text": "Trên đây là báo cáo", "x": {"id": 1}}]]}, "reject", "", "closing[0][0].x"
        ),
    )
    yield "line separators in measured lines", ReportCase(
        {**data, "to": ["Ủy ban\u2028nhân dân", "Sở\x85Nội vụ"], "summary": "Sơ kết\u2029năm 2023",
         "issuer": {**data["issuer"], "name": "ỦY BAN NHÂN DÂN\u2028XÃ TRÀ TÂY"}},
        "valid", "",
    )  # fmt: skip
    yield "infinite margins", ReportCase(data, "valid", "", options=RenderOptions(Margins(math.inf, 20, 35, 20)))
    yield "NaN line spacing", ReportCase(data, "valid", "", options=RenderOptions(line_spacing=math.nan))
    yield (
        "4 000 top-level sections",
        ReportCase({**data, "sections": [{"title": "Mục"}] * 4000}, "unknown", "", complete=False),
    )
    yield (
        "4 000 appendices",
        ReportCase({**data, "appendices": [{"title": "Phụ lục"}] * 4000}, "unknown", "", complete=False),
    )


FOUND = list(_found_cases())


@pytest.mark.parametrize("case", [case for _, case in FOUND], ids=[name for name, _ in FOUND])
def test_faults_found_by_fuzzing_stay_fixed(case: ReportCase, output_folder: Path) -> None:
    check_report_case(case, output_folder)


def test_a_raw_token_is_written_as_it_is() -> None:
    assert to_json({"a": [RawToken("NaN"), 1]}) == '{"a": [NaN, 1]}'


def test_cell_text_prints_a_number_of_thirty_digits() -> None:
    assert cell_text(10**30) == "1" + ".000" * 10
    assert cell_text(1.5e300)  # printed somehow, not an exception


def test_numbers_beyond_28_digits_print_every_digit(output_folder: Path) -> None:
    """Fuzzing found the renderer crashing on them (format_number, above); they print grouped, Vietnamese style."""
    data = _example()
    table = {"type": "table", "rows": [[10**30, 1.5e300, -2.5e40]]}
    data["sections"] = [{"title": "Bảng", "blocks": [table]}]
    output = output_folder / "số lớn.docx"
    write_docx(parse_report(json.dumps(data)), output)
    cells = next(table for table in read_docx_format(output).tables if table.style_id == "BangSoLieu").rows[-1]
    assert cells[0] == "1" + ".000" * 10
    assert cells[1] == "1.5" + "00" + ".000" * 99
    assert cells[2] == "-25" + ".000" * 13
