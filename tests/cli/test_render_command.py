"""`main.py render`: the contract scripts and acceptance checks rely on."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from app.cli import main
from tests.conftest import EXAMPLE_NAMES, REPO, example_path


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def example_data(name: str = "ubnd-xa-tra-tay-so-ket-2023") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(example_path(name).read_text(encoding="utf-8"))
    return data


def body_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_the_entry_point_renders_an_example(tmp_path: Path) -> None:
    output = tmp_path / "bao-cao.docx"
    result = subprocess.run(
        [sys.executable, "main.py", "render", str(example_path(EXAMPLE_NAMES[0])), "-o", str(output)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Đã tạo" in result.stdout
    assert zipfile.is_zipfile(output)
    assert "ĐẶC ĐIỂM TÌNH HÌNH" in body_text(output)


def test_help_is_in_vietnamese_and_documents_exit_codes() -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "render", "--help"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "Cách dùng:" in result.stdout and "mã thoát:" in result.stdout
    assert "usage" not in result.stdout and "show this help" not in result.stdout


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_shared_example_renders(name: str, tmp_path: Path) -> None:
    output = tmp_path / f"{name}.docx"
    assert main(["render", str(example_path(name)), "-o", str(output)]) == 0
    document = docx.Document(str(output))
    assert document.paragraphs[0].text == "BÁO CÁO"
    assert body_text(output).rstrip().endswith("./.") or any(p.text.endswith("./.") for p in document.paragraphs)


def test_output_defaults_to_the_report_name_beside_it(tmp_path: Path) -> None:
    source = tmp_path / "so-ket.baocao.json"
    source.write_bytes(example_path(EXAMPLE_NAMES[0]).read_bytes())
    assert main(["render", str(source)]) == 0
    assert (tmp_path / "so-ket.docx").is_file()


def test_invalid_input_exits_2_lists_every_problem_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = example_data()
    data["date"] = "2023-02-30"
    data["sumary"] = "lỗi chính tả"
    data["sections"][0]["blocks"][0]["text"] = "ký tự \x0b lạ"
    output = tmp_path / "out.docx"
    assert main(["render", str(write_json(tmp_path / "r.baocao.json", data)), "-o", str(output)]) == 2
    error = capsys.readouterr().err
    assert "3 lỗi" in error
    assert "date: Ngày 30/02/2023 không tồn tại" in error
    assert "sumary:" in error
    assert "sections[0].blocks[0].text: " in error and "U+000B" in error
    assert list(tmp_path.iterdir()) == [tmp_path / "r.baocao.json"]


def test_invalid_input_leaves_an_existing_output_untouched(tmp_path: Path) -> None:
    output = tmp_path / "out.docx"
    output.write_bytes(b"the officer's previous file")
    source = write_json(tmp_path / "r.baocao.json", {"format": "baocao/1"})
    assert main(["render", str(source), "-o", str(output)]) == 2
    assert output.read_bytes() == b"the officer's previous file"


def test_an_existing_output_is_replaced_whole(tmp_path: Path) -> None:
    output = tmp_path / "out.docx"
    output.write_bytes(b"old")
    assert main(["render", str(example_path(EXAMPLE_NAMES[1])), "-o", str(output)]) == 0
    assert zipfile.is_zipfile(output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


def test_json_mode_reports_problems_for_scripts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = example_data()
    data["number"] = 0
    source = write_json(tmp_path / "r.baocao.json", data)
    assert main(["render", str(source), "-o", str(tmp_path / "o.docx"), "--json"]) == 2
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is False
    assert result["problems"] == [{"path": "number", "message": "Số văn bản phải từ 1 trở lên (để trống: null)."}]


def test_a_report_with_no_sections_renders_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = example_data()
    data["sections"] = []
    output = tmp_path / "o.docx"
    assert main(["render", str(write_json(tmp_path / "r.baocao.json", data)), "-o", str(output)]) == 0
    assert "Cảnh báo" in capsys.readouterr().err
    assert "Trên đây là báo cáo" in body_text(output)


def test_decomposed_input_is_written_as_nfc(tmp_path: Path) -> None:
    import unicodedata

    data = example_data()
    data["closing"] = [unicodedata.normalize("NFD", "Trên đây là báo cáo của Ủy ban nhân dân xã.")]
    output = tmp_path / "o.docx"
    assert main(["render", str(write_json(tmp_path / "r.baocao.json", data)), "-o", str(output)]) == 0
    xml = zipfile.ZipFile(output).read("word/document.xml").decode()
    assert "Trên đây là báo cáo của Ủy ban nhân dân xã./." in xml
    assert unicodedata.is_normalized("NFC", xml)


def test_a_five_megabyte_paragraph_renders_intact_and_quickly(tmp_path: Path) -> None:
    sentence = "Đẩy mạnh phong trào thi đua “Dân vận khéo” ở cơ sở. "
    paragraph = sentence * (5 * 1024 * 1024 // len(sentence.encode()))
    data = example_data()
    data["sections"][0]["blocks"] = [paragraph]
    output = tmp_path / "o.docx"
    started = time.perf_counter()
    assert main(["render", str(write_json(tmp_path / "r.baocao.json", data)), "-o", str(output)]) == 0
    assert time.perf_counter() - started < 20  # a hang guard, not a benchmark
    xml = zipfile.ZipFile(output).read("word/document.xml").decode()
    assert xml.count("Dân vận khéo” ở cơ sở.") == paragraph.count("Dân vận khéo” ở cơ sở.")


@pytest.mark.parametrize(
    ("output", "code", "message"),
    [
        ("out.odt", 2, "đuôi .docx"),
        ("khong-co-thu-muc/out.docx", 1, "không tồn tại"),
        ("a-folder.docx", 1, "là một thư mục"),
    ],
)
def test_unwritable_outputs_get_a_clear_message(
    output: str, code: int, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-folder.docx").mkdir()
    assert main(["render", str(example_path(EXAMPLE_NAMES[0])), "-o", str(tmp_path / output)]) == code
    assert message in capsys.readouterr().err


def test_margins_outside_the_legal_ranges_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["render", str(example_path(EXAMPLE_NAMES[0])), "--margins", "25,20,25,20"])
    assert stopped.value.code == 2
    assert "Lề trái 25 mm nằm ngoài khoảng 30–35 mm" in capsys.readouterr().err


def test_reading_the_report_from_standard_input(tmp_path: Path) -> None:
    output = tmp_path / "o.docx"
    result = subprocess.run(
        [sys.executable, "main.py", "render", "-", "-o", str(output)],
        cwd=REPO,
        input=example_path(EXAMPLE_NAMES[2]).read_bytes(),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert "BAN DÂN TỘC" in "\n".join(
        p.text for t in docx.Document(str(output)).tables for c in t._cells for p in c.paragraphs
    )


def test_fill_defaults_writes_empty_opening_and_closing_from_the_kind(tmp_path: Path) -> None:
    data = example_data("ubnd-huyen-binh-son-so-ket-2022")
    data["opening"], data["closing"] = [], []
    output = tmp_path / "o.docx"
    source = write_json(tmp_path / "r.baocao.json", data)
    assert main(["render", str(source), "-o", str(output), "--fill-defaults"]) == 0
    text = body_text(output)
    assert "Ủy ban nhân dân huyện Bình Sơn báo cáo kết quả sơ kết" in text
    assert "UBND huyện Bình Sơn kính báo cáo Sở Nội vụ tỉnh Quảng Ngãi xem xét, chỉ đạo./." in text
    # Without the option nothing is invented.
    assert main(["render", str(source), "-o", str(output)]) == 0
    assert "kính báo cáo Sở Nội vụ" not in body_text(output)


def test_fill_defaults_never_replaces_what_the_officer_wrote(tmp_path: Path) -> None:
    output = tmp_path / "o.docx"
    assert main(["render", str(example_path(EXAMPLE_NAMES[0])), "-o", str(output), "--fill-defaults"]) == 0
    closing = example_data()["closing"][0]
    assert closing in body_text(output)


def test_fill_defaults_with_an_unknown_kind_lists_the_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = str(example_path(EXAMPLE_NAMES[0]))
    assert main(["render", source, "-o", str(tmp_path / "o.docx"), "--fill-defaults", "--report-kind", "x"]) == 2
    assert "bao-cao-so-ket" in capsys.readouterr().err
    assert not (tmp_path / "o.docx").exists()
