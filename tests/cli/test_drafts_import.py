"""`main.py drafts import` with Word and text files: the import report, the new draft, refusals that save nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.core.report_file import read_report, report_from_data
from tests.cli.test_drafts_command import Drafts
from tests.conftest import REPO, example_path
from tests.importers.measure import section_tree
from tests.importers.test_files import typed_docx

TRA_TAY = "ubnd-xa-tra-tay-so-ket-2023"
BINH_SON_SEED = REPO.parent / "shared" / "reference" / "seeds" / "002_996c47b50c70c726.txt"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BAOCAO_NO_AUTO_BACKUP", "1")
    return tmp_path / "du-lieu" / "baocao.sqlite3"


@pytest.fixture
def drafts(database: Path, capsys: pytest.CaptureFixture[str]) -> Drafts:
    return Drafts(database, capsys)


@pytest.fixture
def word_file(tmp_path: Path) -> Path:
    path = tmp_path / "bao-cao-2023.docx"
    path.write_bytes(typed_docx())
    return path


def test_importing_a_word_file_prints_the_id_then_the_import_report(drafts: Drafts, word_file: Path) -> None:
    result = drafts("import", word_file)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"1\tĐã nhập «{word_file}» thành bản nháp 1."
    report_text = "\n".join(lines[1:])
    assert "Nhập tệp bao-cao-2023.docx:" in report_text
    assert "Đã nhận ra" in report_text and "Cơ quan ban hành “ỦY BAN NHÂN DÂN XÃ TRÀ TÂY”." in report_text
    saved = drafts("show", "1", "--json").json()["report"]
    assert saved["issuer"]["name"] == "ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY"
    shown = drafts("show", "1")
    assert "Đặc điểm tình hình" in shown.out and "Bài học kinh nghiệm" in shown.out


def test_json_output_carries_the_notes(drafts: Drafts, word_file: Path) -> None:
    data = drafts("import", word_file, "--json").json()
    [imported] = data["imported"]
    assert imported["id"] == 1 and imported["file"] == str(word_file)
    notes = imported["import"]["notes"]
    assert {note["kind"] for note in notes} <= {"recognised", "guessed", "check"}
    assert {"path": "signature", "kind": "recognised", "message": "Chữ ký: CHỦ TỊCH / Đinh Văn Hòa."} in notes
    assert imported["import"]["counts"]["recognised"] == sum(note["kind"] == "recognised" for note in notes)


def test_a_dry_run_prints_the_report_and_saves_nothing(drafts: Drafts, word_file: Path, database: Path) -> None:
    result = drafts("import", word_file, "--dry-run")
    assert result.code == 0, result.err
    assert result.out.startswith("Nhập tệp bao-cao-2023.docx:")
    assert "Chạy thử: chưa lưu bản nháp nào" in result.out
    assert not database.exists()
    data = drafts("import", word_file, "--dry-run", "--json").json()
    assert data["dry_run"] is True and data["imported"] == []
    [checked] = data["checked"]
    assert checked["report"]["issuer"]["code"] == "UBND" and checked["import"]["notes"]
    assert not database.exists()


def test_a_refused_file_exits_2_with_the_reason_on_stderr_and_writes_nothing(
    drafts: Drafts, tmp_path: Path, database: Path
) -> None:
    fake = tmp_path / "bao-cao.docx"
    fake.write_bytes(PDF)
    result = drafts("import", fake)
    assert result.code == 2
    assert result.out == ""
    assert f"Không nhập được «{fake}»" in result.err and "tệp PDF" in result.err
    assert not database.exists()
    data = drafts("import", fake, "--json").json()
    [failed] = data["failed"]
    assert failed["file"] == str(fake) and "tệp PDF" in failed["error"]


def test_a_plain_text_report_imports_with_its_sections(drafts: Drafts, tmp_path: Path) -> None:
    path = tmp_path / "binh-son.txt"
    shutil.copyfile(BINH_SON_SEED, path)
    result = drafts("import", path, "--json")
    assert result.code == 0, result.err
    [imported] = result.json()["imported"]
    checks = [note["message"] for note in imported["import"]["notes"] if note["kind"] == "check"]
    assert any("tên loại văn bản" in message for message in checks)
    saved = report_from_data(drafts("show", str(imported["id"]), "--json").json()["report"], complete=False)
    expected = read_report(example_path("ubnd-huyen-binh-son-so-ket-2022"))
    assert section_tree(saved.sections) == section_tree(expected.sections)


def test_a_folder_imports_report_files_word_and_text_and_skips_word_lock_files(
    drafts: Drafts, tmp_path: Path, word_file: Path
) -> None:
    folder = tmp_path / "bao-cao-cu"
    (folder / "nam-2022").mkdir(parents=True)
    shutil.copyfile(example_path(TRA_TAY), folder / f"{TRA_TAY}.baocao.json")
    shutil.copyfile(word_file, folder / "nam-2022" / "bao-cao.docx")
    shutil.copyfile(BINH_SON_SEED, folder / "binh-son.txt")
    (folder / "~$bao-cao.docx").write_bytes(b"\x00" * 162)  # the lock file Word leaves next to an open document
    (folder / "ghi-chu.pdf").write_bytes(PDF)
    result = drafts("import", folder, "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["failed"] == []
    assert sorted(Path(row["file"]).name for row in data["imported"]) == [
        "bao-cao.docx",
        "binh-son.txt",
        f"{TRA_TAY}.baocao.json",
    ]
    assert "import" not in next(row for row in data["imported"] if row["file"].endswith(".baocao.json"))


def test_a_refused_file_in_a_folder_does_not_stop_the_others(drafts: Drafts, tmp_path: Path, word_file: Path) -> None:
    folder = tmp_path / "thu-muc"
    folder.mkdir()
    shutil.copyfile(word_file, folder / "tot.docx")
    (folder / "hong.docx").write_bytes(PDF)
    result = drafts("import", folder)
    assert result.code == 2
    assert result.out.splitlines()[0].startswith("1\tĐã nhập")
    assert "hong.docx" in result.err and "tệp PDF" in result.err


def test_the_help_names_word_and_text_files_and_the_dry_run(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_code:
        main(["drafts", "import", "--help"])
    assert exit_code.value.code == 0
    said = capsys.readouterr().out
    assert ".docx" in said and ".txt" in said and "--dry-run" in said and "không lưu gì" in said
