"""`main.py check`: exit codes, grouped Vietnamese output, JSON for scripts, unreadable files."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.core.conformance_rules import RULES
from app.core.findings import Finding
from tests.conftest import EXAMPLE_NAMES, REPO, example_path
from tests.core.test_conformance import STATE_CLOSING, _retype, _set, state_report

FINDING_KEYS = set(Finding("r", "warning", "e", "ref", "m", "a").to_data())


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def rendered_example(tmp_path: Path) -> Path:
    output = tmp_path / "tra-tay.docx"
    assert main(["render", str(example_path(EXAMPLE_NAMES[0])), "-o", str(output)]) == 0
    return output


def broken(tmp_path: Path, *, violation: bool = True, warning: bool = True, name: str = "word.docx") -> Path:
    """A Word-typed report with the Quốc hiệu not bold (a violation) and no ./. (a warning)."""
    typed = state_report()
    if violation:
        _set([typed["national"]], bold=False)
    if warning:
        _retype(typed["closing"], STATE_CLOSING.removesuffix("/."))
    return write(tmp_path / name, typed.content())


def run_json(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
    code = main([*arguments, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_help_is_vietnamese_and_documents_the_check_exit_codes() -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "check", "--help"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "Cách dùng:" in result.stdout and "mã thoát:" in result.stdout
    assert "0  không có vi phạm" in result.stdout and "1  có vi phạm" in result.stdout
    assert "2  không đọc được tệp" in result.stdout
    assert "usage" not in result.stdout


def test_our_rendered_report_passes_with_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = rendered_example(tmp_path)
    capsys.readouterr()
    assert main(["check", str(document)]) == 0
    out = capsys.readouterr().out
    assert "văn bản Nhà nước" in out and "đúng thể thức" in out


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_report_files_are_rendered_and_checked(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(["check", str(example_path(name))], capsys)
    assert data["profile"] == "state"
    # The rendered .docx has no formatting finding; the writing checks of the draft may add their own.
    assert [f for f in data["violations"] + data["warnings"] if f["rule"] in RULES] == []
    assert code == (1 if data["violations"] else 0) and data["ok"] is (code == 0)


def test_violations_exit_1_grouped_with_where_rule_and_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(broken(tmp_path))]) == 1
    out = capsys.readouterr().out
    assert "1 vi phạm, 1 lưu ý" in out
    violations, warnings = out.split("Vi phạm:")[1].split("Lưu ý:")
    assert "Quốc hiệu – đoạn 5 «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»" in violations
    assert "Cách sửa:" in violations and "Ctrl+B" in violations
    assert "national-name.bold (formatting-rules.md §1.2; NĐ 30/2020/NĐ-CP, Phụ lục I, mục II.1)" in violations
    assert "content.terminator" in warnings and "./." in warnings
    assert "content.terminator" not in violations


def test_warnings_alone_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(broken(tmp_path, violation=False))]) == 0
    out = capsys.readouterr().out
    assert "0 vi phạm, 1 lưu ý" in out and "Lưu ý:" in out and "Vi phạm:" not in out


def test_json_keeps_violations_and_warnings_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = broken(tmp_path)
    code, data = run_json(["check", str(path)], capsys)
    assert code == 1
    assert set(data) == {"file", "ok", "profile", "violations", "warnings"}
    assert data["ok"] is False and data["file"] == str(path) and data["profile"] == "state"
    (violation,) = data["violations"]
    (warning,) = data["warnings"]
    assert set(violation) == set(warning) == FINDING_KEYS
    assert (violation["rule"], violation["severity"], violation["paragraph"]) == ("national-name.bold", "violation", 5)
    assert violation["excerpt"] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert (warning["rule"], warning["severity"]) == ("content.terminator", "warning")


def test_a_file_that_is_not_a_zip_exits_2_with_a_vietnamese_message(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    path.write_text("Báo cáo gõ bằng Notepad", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "main.py", "check", str(path)], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "không phải tệp Word" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_zip_without_a_document_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rong.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("ghi-chu.txt", "không có word/document.xml")
    code, data = run_json(["check", str(path)], capsys)
    assert code == 2
    assert data["ok"] is False and data["error"].startswith(f"«{path}»: ")
    assert "Traceback" not in data["error"]


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "khong-co.docx")]) == 2
    assert "không tìm thấy tệp" in capsys.readouterr().err


def test_a_broken_report_file_exits_2_with_its_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hong.baocao.json"
    path.write_text('{"format": "baocao/1",', encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert "không phải JSON hợp lệ" in capsys.readouterr().err


def test_an_unfinished_report_file_is_a_violation_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(example_path(EXAMPLE_NAMES[0]).read_text(encoding="utf-8"))
    data["issuer"]["code"] = ""
    path = write(tmp_path / "nhap.baocao.json", json.dumps(data, ensure_ascii=False).encode())
    code, result = run_json(["check", str(path)], capsys)
    assert code == 1
    assert [(v["rule"], v["path"]) for v in result["violations"]] == [("report.incomplete", "issuer.code")]


def test_a_problem_seen_in_the_draft_and_in_the_print_is_listed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(example_path(EXAMPLE_NAMES[0]).read_text(encoding="utf-8"))
    data["signature"]["name"] = data["signature"]["name"].upper()
    path = write(tmp_path / "in-hoa.baocao.json", json.dumps(data, ensure_ascii=False).encode())
    code, result = run_json(["check", str(path)], capsys)
    assert code == 1
    listed = [(f["rule"], f["path"]) for f in result["violations"] + result["warnings"]]
    assert ("writing.all-caps", "signature.name") in listed  # said once, where the officer fixes it
    assert [rule for rule, _ in listed].count("writing.all-caps") == 1
    assert "signer-name.case" not in [rule for rule, _ in listed]


def test_several_files_are_checked_and_the_worst_exit_code_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = rendered_example(tmp_path), broken(tmp_path)
    capsys.readouterr()
    code, data = run_json(["check", str(good), str(bad)], capsys)
    assert code == 1
    assert data["ok"] is False
    assert [(entry["file"], entry["ok"]) for entry in data["files"]] == [(str(good), True), (str(bad), False)]

    unreadable = write(tmp_path / "anh.docx", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    assert main(["check", str(good), str(unreadable), str(bad)]) == 2
    out = capsys.readouterr().out
    assert out.count("«") >= 3 and "đúng thể thức" in out and "Vi phạm:" in out


def test_profile_can_be_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = rendered_example(tmp_path)
    capsys.readouterr()
    code, data = run_json(["check", str(document), "--profile", "party"], capsys)
    assert code == 1
    assert data["profile"] == "party"
    assert "party-name.missing" in {violation["rule"] for violation in data["violations"]}
