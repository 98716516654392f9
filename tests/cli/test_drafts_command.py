"""`main.py drafts …`: what an officer reads and what a script parses, command by command."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest

from app.cli import main
from app.core.report_file import read_report
from app.core.text import fold_for_search
from db.engine import database_url, open_database
from db.repository import DraftRepository
from tests.conftest import EXAMPLE_NAMES, REPO, example_path

TRA_TAY = "ubnd-xa-tra-tay-so-ket-2023"
BINH_SON = "ubnd-huyen-binh-son-so-ket-2022"
BAN_DAN_TOC = "ban-dan-toc-tinh-so-ket-2022"
COMMANDS = (
    "list",
    "show",
    "history",
    "import",
    "export",
    "search",
    "clone",
    "diff",
    "delete",
    "restore",
    "backup",
    "status",
    "render",
)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def first_tokens(self) -> list[str]:
        return [line.split()[0] for line in self.out.splitlines() if line.strip()]


class Drafts:
    """Runs `main.py drafts COMMAND … --db FILE` in-process and captures what it printed."""

    def __init__(self, path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.path = path
        self.capsys = capsys

    def __call__(self, *arguments: str | Path) -> Result:
        self.capsys.readouterr()
        code = main(["drafts", *map(str, arguments), "--db", str(self.path)])
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def ids(self, *arguments: str) -> list[int]:
        """The ids `list … --json` shows, in order."""
        result = self("list", *arguments, "--json")
        assert result.code == 0, result.err
        return [row["id"] for row in result.json()]


@pytest.fixture
def database_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BAOCAO_NO_AUTO_BACKUP", "1")  # the automatic backup has its own test
    return tmp_path / "du-lieu" / "baocao.sqlite3"


@pytest.fixture
def drafts(database_file: Path, capsys: pytest.CaptureFixture[str]) -> Drafts:
    return Drafts(database_file, capsys)


@pytest.fixture
def examples_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "bao-cao-cu"
    folder.mkdir()
    for name in EXAMPLE_NAMES:
        shutil.copyfile(example_path(name), folder / f"{name}.baocao.json")
    return folder


@pytest.fixture(scope="module")
def imported_examples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A database holding the three shared examples, imported once per module; their ids by name."""
    path = tmp_path_factory.mktemp("mau") / "baocao.sqlite3"
    database = open_database(database_url(path=path))
    library = DraftRepository(database)
    ids = {name: library.create(read_report(example_path(name))).id for name in sorted(EXAMPLE_NAMES)}
    database.close()
    assert not path.with_name(f"{path.name}-wal").exists()  # everything is in the one file we copy
    return path, ids


@pytest.fixture
def library(database_file: Path, imported_examples: tuple[Path, dict[str, int]]) -> dict[str, int]:
    """This test's database: a copy of the imported examples (as `drafts import FOLDER` makes it)."""
    template, ids = imported_examples
    database_file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, database_file)
    return dict(ids)


def invalid_report(path: Path) -> Path:
    data = json.loads(example_path(TRA_TAY).read_text(encoding="utf-8"))
    data["date"] = "2023-02-30"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def document_text(path: Path) -> str:
    document = docx.Document(str(path))
    paragraphs = [*document.paragraphs, *(p for t in document.tables for c in t._cells for p in c.paragraphs)]
    return "\n".join(p.text for p in paragraphs)


# -- help ---------------------------------------------------------------------------------------


def test_drafts_help_through_the_entry_point_is_vietnamese_and_lists_exit_codes() -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "drafts", "--help"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "Cách dùng:" in result.stdout and "mã thoát:" in result.stdout
    for code in ("0  thành công", "2  đầu vào không hợp lệ", "3  không có bản nháp", "4  xung đột"):
        assert code in result.stdout
    assert all(command in result.stdout for command in COMMANDS)
    assert "usage" not in result.stdout and "show this help" not in result.stdout


def _help(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stopped:
        main(["drafts", command, "--help"])
    assert stopped.value.code == 0
    return capsys.readouterr().out


def test_every_subcommand_help_is_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    for command in COMMANDS:
        text = _help(command, capsys)
        assert text.startswith(f"Cách dùng: main.py drafts {command}"), command
        assert "tùy chọn:" in text and "--json" in text and "--db" in text, command
        assert "usage" not in text and "options:" not in text and "positional arguments" not in text, command


def test_every_subcommand_help_lists_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    missing = [command for command in COMMANDS if "mã thoát:" not in _help(command, capsys)]
    assert missing == []


# -- import -------------------------------------------------------------------------------------


def test_importing_a_file_prints_the_new_id_first(drafts: Drafts) -> None:
    result = drafts("import", example_path(TRA_TAY))
    assert result.code == 0, result.err
    assert result.first_tokens == ["1"]
    assert "Đã nhập" in result.out
    shown = drafts("show", "1", "--json")
    assert shown.json()["report"] == json.loads(example_path(TRA_TAY).read_text(encoding="utf-8"))

    as_json = drafts("import", example_path(TRA_TAY), "--json").json()
    assert as_json["failed"] == []
    [imported] = as_json["imported"]
    assert imported["id"] == 2 and imported["year"] == 2023 and imported["status"] == "Nháp"
    assert imported["file"] == str(example_path(TRA_TAY))
    assert imported["title"].startswith("Sơ kết 03 năm thực hiện Phong trào thi đua")


def test_importing_a_folder_prints_one_id_per_report(drafts: Drafts, examples_folder: Path) -> None:
    result = drafts("import", examples_folder)
    assert result.code == 0, result.err
    ids = [int(token) for token in result.first_tokens]
    assert sorted(ids) == [1, 2, 3]
    assert sorted(drafts.ids()) == ids

    again = drafts("import", examples_folder, "--json").json()
    assert again["failed"] == []
    assert sorted(row["id"] for row in again["imported"]) == [4, 5, 6]
    assert {Path(row["file"]).name for row in again["imported"]} == {f"{n}.baocao.json" for n in EXAMPLE_NAMES}


def test_an_invalid_file_in_a_folder_is_reported_and_the_others_still_import(
    drafts: Drafts, examples_folder: Path
) -> None:
    bad = invalid_report(examples_folder / "hong.baocao.json")
    result = drafts("import", examples_folder)
    assert result.code == 2
    said = result.out + result.err
    assert str(bad) in said
    assert "date: Ngày 30/02/2023 không tồn tại" in said
    assert len(drafts.ids()) == 3

    as_json = drafts("import", examples_folder, "--json")
    assert as_json.code == 2
    data = as_json.json()
    assert len(data["imported"]) == 3
    [failed] = data["failed"]
    assert failed["file"] == str(bad)
    assert {"path": "date", "message": "Ngày 30/02/2023 không tồn tại: tháng 2 năm 2023 chỉ có 28 ngày."} in failed[
        "problems"
    ]


def test_with_a_failed_file_stdout_still_carries_only_ids(drafts: Drafts, examples_folder: Path) -> None:
    bad = invalid_report(examples_folder / "hong.baocao.json")
    result = drafts("import", examples_folder)
    assert result.code == 2
    assert str(bad) in result.err and "date: Ngày 30/02/2023" in result.err
    assert all(token.isdigit() for token in result.first_tokens), result.out


def test_a_single_invalid_file_with_json_lists_its_problems(drafts: Drafts, tmp_path: Path) -> None:
    result = drafts("import", invalid_report(tmp_path / "hong.baocao.json"), "--json")
    assert result.code == 2
    data = result.json()
    problems = data.get("problems", []) + [p for f in data.get("failed", []) for p in f["problems"]]
    assert any(problem["path"] == "date" for problem in problems), data


def test_a_folder_without_reports_is_invalid_input(drafts: Drafts, tmp_path: Path) -> None:
    (tmp_path / "trong").mkdir()
    result = drafts("import", tmp_path / "trong")
    assert result.code == 2
    assert "không có tệp .baocao.json nào" in result.err


# -- list ---------------------------------------------------------------------------------------


def test_list_shows_the_newest_change_first_and_pages(drafts: Drafts, library: dict[str, int]) -> None:
    first, second, third = sorted(library.values())
    assert drafts.ids() == [third, second, first]
    assert drafts("status", str(first), "trinh-ky").code == 0
    assert drafts.ids() == [first, third, second]

    text = drafts("list")
    assert text.code == 0
    assert text.out.splitlines()[0] == "Bản nháp: 3 (trang 1)"
    assert [int(line.split()[0]) for line in text.out.splitlines()[1:]] == [first, third, second]
    assert "Đã trình ký" in text.out.splitlines()[1]

    page = drafts("list", "--limit", "1", "--page", "2")
    assert len(page.out.splitlines()) == 2
    assert page.out.startswith("Bản nháp: 3 (trang 2)")
    assert int(page.out.splitlines()[1].split()[0]) == third
    assert drafts.ids("--limit", "2", "--page", "2") == [second]

    rows = drafts("list", "--json").json()
    assert {"id", "title", "year", "status"} <= rows[0].keys()
    assert rows[0]["status"] == "Đã trình ký" and rows[1]["status"] == "Nháp"


def test_list_filters_by_year_issuer_and_status(drafts: Drafts, library: dict[str, int]) -> None:
    assert sorted(drafts.ids("--year", "2022")) == sorted([library[BINH_SON], library[BAN_DAN_TOC]])
    assert drafts.ids("--year", "2023") == [library[TRA_TAY]]
    assert drafts.ids("--issuer", "tra tay") == [library[TRA_TAY]]
    assert drafts.ids("--issuer", "uy ban nhan dan huyen binh son") == [library[BINH_SON]]
    assert drafts.ids("--issuer", "BAN DÂN TỘC") == [library[BAN_DAN_TOC]]

    assert drafts("status", str(library[BINH_SON]), "Đã ban hành", "--number", "12").code == 0
    for typed in ("Đã ban hành", "da ban hanh", "ĐÃ BAN HÀNH", "ban-hanh"):
        assert drafts.ids("--status", typed) == [library[BINH_SON]], typed
    assert sorted(drafts.ids("--status", "nhap")) == sorted([library[TRA_TAY], library[BAN_DAN_TOC]])
    assert drafts.ids("--status", "Nháp", "--year", "2022") == [library[BAN_DAN_TOC]]

    wrong = drafts("list", "--status", "đã duyệt")
    assert wrong.code == 2
    assert "Trạng thái «đã duyệt» không hợp lệ" in wrong.err and "«Đã ban hành»" in wrong.err


# -- show, history, export ----------------------------------------------------------------------


def test_show_prints_the_draft_and_its_numbered_sections(drafts: Drafts, library: dict[str, int]) -> None:
    result = drafts("show", str(library[TRA_TAY]))
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].startswith(f"Bản nháp {library[TRA_TAY]}: Sơ kết 03 năm")
    assert "Cơ quan: ỦY BAN NHÂN DÂN XÃ TRÀ TÂY" in lines[1] and "Năm: 2023" in lines[1]
    assert "Trạng thái: Nháp" in lines[2] and "Phiên bản: 1" in lines[2]
    assert "  I. Đặc điểm tình hình" in lines and "    1. Thuận lợi" in lines

    data = drafts("show", str(library[TRA_TAY]), "--json").json()
    assert data["draft"]["id"] == library[TRA_TAY] and data["draft"]["status"] == "Nháp"
    assert data["report"]["issuer"]["place"] == "Trà Tây"


def test_history_lists_every_save(drafts: Drafts, library: dict[str, int]) -> None:
    draft = str(library[TRA_TAY])
    assert drafts("status", draft, "Đã ban hành", "--number", "5").code == 0
    result = drafts("history", draft)
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert "phiên bản 2" in lines[0] and "phiên bản 1" in lines[1]
    assert all(line.rstrip().endswith("Lưu") for line in lines)
    data = drafts("history", draft, "--json").json()
    assert [r["version"] for r in data] == [2, 1]
    assert {r["kind_label"] for r in data} == {"Lưu"}


def test_export_then_import_gives_the_same_report_byte_for_byte(
    drafts: Drafts, library: dict[str, int], tmp_path: Path
) -> None:
    exported = tmp_path / "xuat.baocao.json"
    result = drafts("export", str(library[BINH_SON]), "-o", exported)
    assert result.code == 0
    assert f"«{exported}»" in result.out
    assert exported.read_bytes() == example_path(BINH_SON).read_bytes()

    [new_id] = [int(t) for t in drafts("import", exported).first_tokens]
    again = tmp_path / "xuat-lai.baocao.json"
    as_json = drafts("export", str(new_id), "-o", again, "--json").json()
    assert as_json == {"ok": True, "id": new_id, "output": str(again)}
    assert again.read_bytes() == exported.read_bytes()
    original = drafts("show", str(library[BINH_SON]), "--json").json()["report"]
    assert drafts("show", str(new_id), "--json").json()["report"] == original


def test_export_to_a_wrong_name_writes_nothing(drafts: Drafts, library: dict[str, int], tmp_path: Path) -> None:
    result = drafts("export", str(library[TRA_TAY]), "-o", tmp_path / "xuat.txt")
    assert result.code == 2
    assert "phải có đuôi .baocao.json" in result.err
    assert not (tmp_path / "xuat.txt").exists()


# -- search -------------------------------------------------------------------------------------


def test_search_without_diacritics_gives_hits_with_a_highlighted_snippet(
    drafts: Drafts, library: dict[str, int]
) -> None:
    result = drafts("search", "tra tay", "--json")
    assert result.code == 0
    hits = result.json()
    assert hits[0]["id"] == library[TRA_TAY]
    for hit in hits:
        assert {"id", "title", "year", "status", "snippet", "highlights"} <= hit.keys()
        assert hit["highlights"], hit
        for start, end in hit["highlights"]:
            word = fold_for_search(hit["snippet"][start:end])
            assert word == "tra" or word.startswith("tay"), (word, hit["snippet"])
    assert "Trà Tây" in hits[0]["snippet"]

    phrase = drafts("search", '"dân vận khéo"', "--year", "2022", "--json").json()
    assert sorted(hit["id"] for hit in phrase) == sorted([library[BINH_SON], library[BAN_DAN_TOC]])

    text = drafts("search", "tra tay")
    assert text.out.startswith(f"Tìm thấy {len(hits)} bản nháp cho «tra tay».")
    assert "[Trà] [Tây]" in text.out

    assert drafts("search", "khongcotu", "--json").json() == []


# -- clone and diff -----------------------------------------------------------------------------


def test_clone_prints_the_new_id_first_then_every_replacement(drafts: Drafts, library: dict[str, int]) -> None:
    result = drafts("clone", str(library[TRA_TAY]), "--year", "2024")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    new_id = int(lines[0])
    assert new_id not in library.values()
    assert lines[1].startswith(f"Đã tạo bản nháp {new_id} từ bản nháp {library[TRA_TAY]}")
    replaced = [line for line in lines if "→" in line]
    assert replaced and "«năm 2023» → «năm 2024»" in result.out
    assert drafts.ids("--year", "2024") == [new_id]

    data = drafts("clone", str(library[TRA_TAY]), "--year", "2024", "--json").json()
    assert data["id"] == new_id + 1 and data["year"] == 2024 and data["source_id"] == library[TRA_TAY]
    assert len(data["replacements"]) == len(replaced)
    assert {"path", "before", "after", "context"} <= data["replacements"][0].keys()


def test_diff_names_each_change_in_vietnamese(drafts: Drafts, library: dict[str, int]) -> None:
    old = str(library[TRA_TAY])
    new = drafts("clone", old, "--year", "2024").first_tokens[0]
    result = drafts("diff", old, new)
    assert result.code == 0
    heading = result.out.splitlines()[0]
    assert heading.startswith(f"So sánh bản nháp {old} (cũ) với {new} (mới): ")
    assert "mục sửa" in heading and "mục thêm" in heading and "mục xóa" in heading
    assert "== Số, ngày (sửa) ==" in result.out
    assert "[-2023-]{+2024+}" in result.out

    data = drafts("diff", old, new, "--json").json()
    assert data["old"] == int(old) and data["new"] == int(new) and data["changed"] is True
    assert data["counts"]["changed"] >= 1
    assert data["summary"] in heading
    assert {part["status"] for part in data["parts"]} <= {"unchanged", "changed", "added", "removed", "moved"}


# -- trash --------------------------------------------------------------------------------------


def test_delete_moves_to_the_trash_and_restore_brings_it_back(drafts: Drafts, library: dict[str, int]) -> None:
    draft = library[BINH_SON]
    deleted = drafts("delete", str(draft))
    assert deleted.code == 0
    assert f"main.py drafts restore {draft}" in deleted.out
    assert draft not in drafts.ids()
    assert drafts.ids("--trash") == [draft]
    assert drafts("list", "--trash").out.startswith("Thùng rác: 1")
    assert drafts("show", str(draft)).code == 0  # nothing is removed at once

    again = drafts("delete", str(draft), "--json")
    assert again.code == 3 and "thùng rác" in again.json()["error"]

    restored = drafts("restore", str(draft), "--json")
    assert restored.code == 0
    assert restored.json()["id"] == draft and restored.json()["deleted_at"] is None
    assert draft in drafts.ids()
    assert drafts.ids("--trash") == []

    not_in_trash = drafts("restore", str(draft))
    assert not_in_trash.code == 2
    assert "không nằm trong thùng rác" in not_in_trash.err


def test_delete_with_json_gives_the_moment_it_went_to_the_trash(drafts: Drafts, library: dict[str, int]) -> None:
    data = drafts("delete", str(library[TRA_TAY]), "--json").json()
    assert data["id"] == library[TRA_TAY]
    assert dt.datetime.fromisoformat(data["deleted_at"]).tzinfo is not None


# -- status and render --------------------------------------------------------------------------


def test_the_number_and_date_from_the_clerk_reach_the_document(
    drafts: Drafts, library: dict[str, int], tmp_path: Path
) -> None:
    draft = str(library[TRA_TAY])
    status = drafts("status", draft, "Đã ban hành", "--number", "5", "--date", "2024-06-05")
    assert status.code == 0, status.err
    assert status.out.strip() == f"Bản nháp {draft}: Đã ban hành."
    data = drafts("show", draft, "--json").json()["draft"]
    assert data["status"] == "Đã ban hành" and data["number"] == 5 and data["issued_on"] == "2024-06-05"

    output = tmp_path / "ban-hanh.docx"
    result = drafts("render", draft, "-o", output)
    assert result.code == 0, result.err
    assert f"Đã tạo «{output}»." in result.out
    text = document_text(output)
    assert "Số: 05/BC-UBND" in text
    assert "ngày 05 tháng 6 năm 2024" in text

    as_json = drafts("render", draft, "-o", tmp_path / "lai.docx", "--json").json()
    assert as_json["ok"] is True and as_json["output"] == str(tmp_path / "lai.docx")


def test_an_unknown_status_or_a_bad_date_is_invalid_input(drafts: Drafts, library: dict[str, int]) -> None:
    draft = str(library[TRA_TAY])
    unknown = drafts("status", draft, "đã gửi")
    assert unknown.code == 2 and "không hợp lệ" in unknown.err
    with pytest.raises(SystemExit) as stopped:
        drafts("status", draft, "Đã ban hành", "--date", "05/06/2024")
    assert stopped.value.code == 2
    assert "viết dạng NNNN-TT-NN" in drafts.capsys.readouterr().err
    assert drafts("show", draft, "--json").json()["draft"]["version"] == 1


def test_render_needs_a_docx_name(drafts: Drafts, library: dict[str, int], tmp_path: Path) -> None:
    result = drafts("render", str(library[TRA_TAY]), "-o", tmp_path / "out.odt")
    assert result.code == 2 and "đuôi .docx" in result.err
    assert not (tmp_path / "out.odt").exists()


# -- unknown ids --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        ["show", "99"],
        ["history", "99"],
        ["export", "99", "-o", "{tmp}/x.baocao.json"],
        ["clone", "99", "--year", "2025"],
        ["diff", "1", "99"],
        ["delete", "99"],
        ["restore", "99"],
        ["status", "99", "Đã trình ký"],
        ["render", "99", "-o", "{tmp}/x.docx"],
    ],
    ids=lambda arguments: arguments[0],
)
def test_an_unknown_id_exits_3_with_a_vietnamese_message(
    arguments: list[str], drafts: Drafts, library: dict[str, int], tmp_path: Path
) -> None:
    arguments = [argument.format(tmp=tmp_path) for argument in arguments]
    result = drafts(*arguments)
    assert result.code == 3
    assert result.out == ""
    assert "Không có bản nháp số 99" in result.err
    as_json = drafts(*arguments, "--json")
    assert as_json.code == 3
    assert as_json.json()["ok"] is False and "Không có bản nháp số 99" in as_json.json()["error"]
    assert [p.name for p in tmp_path.iterdir()] == ["du-lieu"]


# -- backups from the command line --------------------------------------------------------------


def test_backup_writes_a_copy_and_lists_it(drafts: Drafts, library: dict[str, int], database_file: Path) -> None:
    made = drafts("backup", "--json")
    assert made.code == 0
    copy = Path(made.json()["path"])
    assert copy.parent == database_file.parent / "sao-luu" and copy.name.endswith("-thu-cong.sqlite3")
    with closing(sqlite3.connect(copy)) as connection:
        assert connection.execute("SELECT count(*) FROM drafts").fetchone() == (3,)
    listed = drafts("backup", "--list", "--json").json()
    assert [row["path"] for row in listed] == [str(copy)]
    assert listed[0]["reason"] == "thu-cong"
    assert str(copy) in drafts("backup", "--list").out


# -- which database -----------------------------------------------------------------------------


def test_the_baocao_db_variable_chooses_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BAOCAO_NO_AUTO_BACKUP", "1")
    chosen = tmp_path / "bien-moi-truong" / "baocao.sqlite3"
    monkeypatch.setenv("BAOCAO_DB", str(chosen))
    assert main(["drafts", "import", str(example_path(TRA_TAY))]) == 0
    assert chosen.is_file()
    capsys.readouterr()
    assert main(["drafts", "list", "--json"]) == 0
    assert [row["id"] for row in json.loads(capsys.readouterr().out)] == [1]


def test_the_db_option_wins_over_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BAOCAO_NO_AUTO_BACKUP", "1")
    from_variable = tmp_path / "bien" / "baocao.sqlite3"
    from_option = tmp_path / "tuy-chon" / "baocao.sqlite3"
    monkeypatch.setenv("BAOCAO_DB", str(from_variable))
    assert main(["drafts", "import", str(example_path(TRA_TAY)), "--db", str(from_option)]) == 0
    assert from_option.is_file() and not from_variable.exists()
    capsys.readouterr()
    assert main(["drafts", "list", "--json", "--database-url", f"sqlite:///{from_option}"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_a_normal_command_takes_todays_automatic_backup_beside_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BAOCAO_NO_AUTO_BACKUP", raising=False)
    monkeypatch.setenv("BAOCAO_DB", str(tmp_path / "baocao.sqlite3"))
    assert main(["drafts", "import", str(example_path(TRA_TAY))]) == 0
    assert capsys.readouterr().out.split()[0] == "1"

    folder = tmp_path / "sao-luu"
    [backup] = list(folder.iterdir())
    assert backup.name.startswith(f"baocao-{dt.date.today():%Y%m%d}-")
    assert backup.name.endswith("-hang-ngay.sqlite3")
    with closing(sqlite3.connect(backup)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)

    assert main(["drafts", "import", str(example_path(TRA_TAY))]) == 0
    assert main(["drafts", "list"]) == 0
    assert [path.name for path in folder.iterdir() if path.suffix == ".sqlite3"] == [backup.name]  # once a day
