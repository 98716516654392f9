"""`main.py render REPORT -o OUT.pdf` and `main.py drafts render ID -o OUT.pdf`: the PDF contract.

Converting needs LibreOffice and poppler-utils (tools/test.sh installs them): outside CI a machine
without them skips those tests; in CI they must run. The failures (no LibreOffice, one that hangs)
use shell scripts and run everywhere with /proc (Linux).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from app.cli import main
from app.render import pdf
from tests.conftest import EXAMPLE_NAMES, example_path
from tests.render.test_pdf import (
    MARK_VARIABLE,
    PAGE_COUNTS,
    declares_pdfa_2b,
    hanging_soffice,
    missing_tools,
    needs_proc,
    none_left,
    page_count,
    pages,
    script,
)

pytestmark = pytest.mark.pdf

TRA_TAY = EXAMPLE_NAMES[0]
OLD_PDF = b"%PDF-1.4 the old file\n%%EOF\n"


@pytest.fixture
def mark(monkeypatch: pytest.MonkeyPatch) -> str:
    """A unique mark in the environment of every process started from now on in this test."""
    value = uuid.uuid4().hex
    monkeypatch.setenv(MARK_VARIABLE, value)
    return value


def render(*arguments: str | Path) -> list[str]:
    return ["render", str(example_path(TRA_TAY)), *map(str, arguments)]


def test_render_to_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing_tools()
    output = tmp_path / "bao-cao.pdf"
    assert main(render("-o", output)) == 0
    assert f"Đã tạo «{output}»." in capsys.readouterr().out
    assert page_count(output) == PAGE_COUNTS[TRA_TAY]
    assert not declares_pdfa_2b(output)
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in pages(output)[0]


def test_pdfa_and_layout_options_reach_the_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing_tools()
    output = tmp_path / "luu-tru.PDF"
    arguments = render("-o", output, "--pdfa", "--line-spacing", "1,5", "--timeout", "90", "--json")
    assert main(arguments) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert declares_pdfa_2b(output)
    assert page_count(output) > PAGE_COUNTS[TRA_TAY]  # 1.5 lines apart: more pages


def test_a_draft_renders_to_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing_tools()
    database = tmp_path / "drafts.sqlite"
    assert main(["drafts", "import", str(example_path(TRA_TAY)), "--db", str(database), "--json"]) == 0
    draft = json.loads(capsys.readouterr().out)["imported"][0]["id"]
    output = tmp_path / "ban-nhap.pdf"
    assert main(["drafts", "render", str(draft), "-o", str(output), "--db", str(database)]) == 0
    assert page_count(output) == PAGE_COUNTS[TRA_TAY]


def test_no_libreoffice_exits_1_with_the_install_advice_and_keeps_the_old_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "bao-cao.pdf"
    output.write_bytes(OLD_PDF)
    assert main(render("-o", output, "--soffice", tmp_path / "khong-co" / "soffice")) == 1
    error = capsys.readouterr().err
    assert "Không tìm thấy LibreOffice tại" in error
    assert "libreoffice.org" in error and "sudo apt install libreoffice-writer-nogui fonts-liberation2" in error
    assert output.read_bytes() == OLD_PDF
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bao-cao.pdf"]


@needs_proc
def test_a_hanging_converter_exits_1_at_the_time_limit_and_keeps_the_old_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, mark: str
) -> None:
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(hanging_soffice(tmp_path)))
    output = tmp_path / "bao-cao.pdf"
    output.write_bytes(OLD_PDF)
    assert main(render("-o", output, "--timeout", "1,5", "--json")) == 1
    failure = json.loads(capsys.readouterr().out)
    assert failure["ok"] is False
    assert "không chuyển xong sang PDF sau 1,5 giây nên đã bị dừng" in failure["error"]
    assert output.read_bytes() == OLD_PDF
    assert none_left(mark) == []


def test_the_soffice_option_beats_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "khong-co"))
    failing = script(tmp_path / "soffice", "echo 'Error: source file could not be loaded'\nexit 0\n")
    assert main(render("-o", tmp_path / "bao-cao.pdf", "--soffice", failing)) == 1
    error = capsys.readouterr().err
    assert "LibreOffice không chuyển được báo cáo sang PDF (Error: source file could not be loaded)" in error
    assert not (tmp_path / "bao-cao.pdf").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-o", "bao-cao.odt"], "phải có đuôi .docx hoặc .pdf"),
        (["-o", "bao-cao.docx", "--pdfa"], "--pdfa chỉ dùng khi tạo tệp .pdf"),
    ],
)
def test_wrong_outputs_exit_2_and_write_nothing(
    arguments: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(render(*[tmp_path / a if a.startswith("bao-cao") else a for a in arguments])) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_time_limit_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(render("-o", "bao-cao.pdf", "--timeout", "0"))
    assert stopped.value.code == 2
    assert "thời gian chờ phải lớn hơn 0 giây" in capsys.readouterr().err
