"""Report → PDF through LibreOffice (app/render/pdf.py): what is printed, and that no process is left behind.

The printing tests need LibreOffice, python3-uno and poppler-utils (pdftotext, pdfinfo, pdffonts) and
Liberation Serif 2, all installed by tools/test.sh: outside CI a machine without them skips those tests
and says why; in CI they must run. The finding, time-limit and clean-up tests use small shell scripts in
place of LibreOffice and run everywhere with /proc (Linux).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.report_file import read_report, report_from_data
from app.render import pdf
from app.render.docx import render_docx
from app.render.pdf import (
    ConversionTimeout,
    ConverterMissing,
    PdfConverter,
    convert_docx_to_pdf,
    find_libreoffice,
    find_uno_python,
    require_libreoffice,
)
from tests.conftest import EXAMPLE_NAMES, REPO, example_path

pytestmark = pytest.mark.pdf

POPPLER = ("pdftotext", "pdfinfo", "pdffonts")
MARK_VARIABLE = "BAOCAO_TEST_PROCESS_MARK"
TIMES_METRIC_FONTS = re.compile(r"LiberationSerif|TimesNewRoman|Tinos")
ON_LINUX = sys.platform.startswith("linux")
needs_proc = pytest.mark.skipif(not ON_LINUX, reason="finds leftover processes through /proc")

PAGE_COUNTS = {
    # Measured with LibreOffice 7.4 and Liberation Serif 2.1 (Debian 12). A change means lines or pages
    # now break elsewhere: a renderer change moved them (check the printed pages, then update the count)
    # or the PDF no longer uses a font with Times New Roman's metrics (with DejaVu only, Trà Tây prints 9).
    "ubnd-xa-tra-tay-so-ket-2023": 7,
    "ubnd-huyen-binh-son-so-ket-2022": 7,
    "ban-dan-toc-tinh-so-ket-2022": 5,
}


def missing_tools(*, warm: bool = False) -> None:
    """Skip (fail in CI) when what the printing tests need is not installed."""
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    soffice = find_libreoffice()
    if soffice is None:
        missing.append("LibreOffice")
    elif warm and find_uno_python(soffice) is None:
        missing.append("python3-uno")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {', '.join(missing)}: tools/test.sh installs them")
        pytest.skip(f"not installed here: {', '.join(missing)} (tools/test.sh installs them)")


# -- reading PDFs --------------------------------------------------------------------------------


def pages(pdf_file: Path) -> list[str]:
    """The text of every page, laid out as printed (pdftotext ends each page with a form feed)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_file), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def page_count(pdf_file: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf_file)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]


def fonts(pdf_file: Path) -> list[dict[str, str]]:
    """pdffonts' rows: the font name without its subset prefix, and whether it is embedded."""
    output = subprocess.run(["pdffonts", str(pdf_file)], check=True, capture_output=True, text=True).stdout
    rows = []
    for row in output.splitlines()[2:]:
        # name, type (may contain spaces), encoding, emb, sub, uni, object, generation
        columns = row.split()
        rows.append({"name": columns[0].split("+")[-1], "emb": columns[-5]})
    return rows


def declares_pdfa_2b(pdf_file: Path) -> bool:
    """The XMP metadata says PDF/A-2b (as element or attribute, as writers differ)."""
    content = pdf_file.read_bytes()
    part = re.search(rb"pdfaid:part(?:>|=\")\s*2\b", content)
    conformance = re.search(rb"pdfaid:conformance(?:>|=\")\s*B\b", content)
    return bool(part and conformance)


def signature_page_problems(printed: list[str], signer: str) -> list[str]:
    """Why the page holding "Nơi nhận" fails Nghị định 30's rule (the signature never alone on a page)."""
    holding = [number for number, text in enumerate(printed, start=1) if "Nơi nhận" in text]
    if len(holding) != 1:
        return [f"«Nơi nhận» on pages {holding}"]
    page = printed[holding[0] - 1]
    before = lines(page[: page.index("Nơi nhận")])
    if before and before[0].isdigit():
        before = before[1:]  # the page number
    problems = []
    if not before or not before[-1].endswith("./."):
        problems.append(f"page {holding[0]}: the text's last line (…/.) is not above «Nơi nhận»: {before[-2:]}")
    if not [line for line in before if line != "./."]:
        problems.append(f"page {holding[0]}: no text of the report above the signature block")
    if signer not in page:
        problems.append(f"page {holding[0]}: the signer's name is not on the page of «Nơi nhận»")
    return problems


# -- processes -----------------------------------------------------------------------------------


def marked_processes(mark: str) -> list[str]:
    """Live processes started with MARK_VARIABLE=mark in their environment (children inherit it)."""
    wanted = f"{MARK_VARIABLE}={mark}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if wanted not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        found.append(f"{entry.name}: {command.strip()}")
    return found


def none_left(mark: str, within: float = 5.0) -> list[str]:
    """The marked processes still alive after `within` seconds (SIGKILL is immediate, reaping is not)."""
    deadline = time.monotonic() + within
    while (left := marked_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.fixture
def mark(monkeypatch: pytest.MonkeyPatch) -> str:
    """A unique mark in the environment of every process started from now on in this test."""
    value = uuid.uuid4().hex
    monkeypatch.setenv(MARK_VARIABLE, value)
    return value


@pytest.fixture
def temporary_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder `tempfile` uses in this test, to see that the converters leave nothing there."""
    folder = tmp_path_factory.mktemp("tmp")
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + textwrap.dedent(body), encoding="utf-8")
    path.chmod(0o755)
    return path


def hanging_soffice(folder: Path) -> Path:
    """A LibreOffice that never answers, and starts a child that would outlive a careless kill."""
    return script(folder / "soffice", "sleep 600 &\nsleep 600\n")


# -- examples and synthetic reports --------------------------------------------------------------


@pytest.fixture(scope="module")
def converter() -> Iterator[PdfConverter]:
    with PdfConverter(timeout=120) as running:
        yield running


@pytest.fixture(scope="module")
def printed(converter: PdfConverter, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three shared examples printed to PDF by the warm converter."""
    missing_tools(warm=True)
    folder = tmp_path_factory.mktemp("printed")
    found = {}
    for name in EXAMPLE_NAMES:
        found[name] = folder / f"{name}.pdf"
        converter.convert(render_docx(read_report(example_path(name))), found[name])
    assert converter.warm, converter.cold_reason
    return found


def example_data(name: str = EXAMPLE_NAMES[0]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(example_path(name).read_text(encoding="utf-8"))
    return data


def ending_near_a_page_end(filler: int, last: str | dict[str, Any] | None) -> bytes:
    """Trà Tây's header and signature around `filler` one-line paragraphs, then `last` (None: the closing)."""
    data = example_data()
    blocks: list[Any] = [f"Nội dung thứ {number + 1} của báo cáo." for number in range(filler)]
    if last is not None:
        blocks.append(last)
        data["closing"] = []
    data["sections"] = [{"title": "Kết quả thực hiện", "blocks": blocks}]
    return render_docx(report_from_data(data, source="test"))


LONG_LAST_PARAGRAPH = (
    "Phong trào thi đua “Dân vận khéo” phải có sự quan tâm chỉ đạo sát sao của cấp ủy Đảng, chính quyền, "
    "MTTQ, các đoàn thể, sự vào cuộc của cả hệ thống chính trị; đồng thời phải xác định rõ mục đích, yêu cầu, "
    "ý nghĩa, tầm quan trọng và sự thống nhất về nội dung, phương pháp triển khai."
)
LAST_TABLE = {
    "type": "table",
    "header": [["STT", "Nội dung", "Số lượng"]],
    "rows": [[number, f"Mô hình thứ {number}", number * 3] for number in range(1, 5)],
}


# -- what is printed -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_page_one_has_no_number_and_page_two_has_2_at_the_top(name: str, printed: dict[str, Path]) -> None:
    first, second = pages(printed[name])[:2]
    assert lines(first)[0].endswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")  # beside the issuer: the header
    assert not any(line.isdigit() for line in lines(first))
    assert lines(second)[0] == "2"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_examples_keep_their_page_count(name: str, printed: dict[str, Path]) -> None:
    assert page_count(printed[name]) == PAGE_COUNTS[name]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_signature_block_is_never_alone_on_its_page(name: str, printed: dict[str, Path]) -> None:
    signer = read_report(example_path(name)).signature.name
    assert signature_page_problems(pages(printed[name]), signer) == []


@pytest.mark.parametrize(
    ("last", "fillers"),
    [
        # Around the end of page 1 and of page 2 (one filler line ≈ one printed line).
        pytest.param(None, [*range(12, 19), *range(44, 51)], id="closing-paragraph"),
        pytest.param(LONG_LAST_PARAGRAPH, range(10, 17), id="long-last-paragraph"),
        pytest.param(LAST_TABLE, range(10, 19), id="last-block-a-table"),
    ],
)
def test_the_signature_block_stays_with_the_text_when_it_ends_near_a_page_end(
    last: str | dict[str, Any] | None, fillers: range, printed: dict[str, Path], converter: PdfConverter, tmp_path: Path
) -> None:
    output = tmp_path / "ket-thuc.pdf"
    signature_pages, problems = set(), []
    for filler in fillers:
        converter.convert(ending_near_a_page_end(filler, last), output)
        printed_pages = pages(output)
        signature_pages.add(next(n for n, text in enumerate(printed_pages, 1) if "Nơi nhận" in text))
        found = signature_page_problems(printed_pages, "Đinh Văn Hòa")
        problems += [f"{filler} fillers: {problem}" for problem in found]
    assert len(signature_pages) > 1, "the fillers must move the signature block across a page end"
    assert problems == []


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_font_is_embedded_and_has_times_new_roman_metrics(name: str, printed: dict[str, Path]) -> None:
    used = fonts(printed[name])
    assert used and all(font["emb"] == "yes" for font in used), used
    assert any(TIMES_METRIC_FONTS.search(font["name"]) for font in used), used
    assert pdf.font_problem() is None


def test_a_font_without_times_new_roman_metrics_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if shutil.which("fc-match") is None or not dejavu.is_dir() or not ON_LINUX:
        pytest.skip("needs fontconfig and the DejaVu fonts")
    config = tmp_path / "fonts.conf"
    config.write_text(
        f"<?xml version='1.0'?><fontconfig><dir>{dejavu}</dir><cachedir>{tmp_path}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    problem = pdf.font_problem()
    assert problem is not None
    assert problem.startswith("Máy này không có phông Times New Roman hay phông cùng cỡ chữ")
    assert "sudo apt install fonts-liberation2" in problem


def test_the_text_layer_is_nfc_vietnamese(converter: PdfConverter, printed: dict[str, Path], tmp_path: Path) -> None:
    data = example_data()
    decomposed = unicodedata.normalize("NFD", "Tổ hòa giải ở thôn Trà Lương được công nhận “Dân vận khéo”.")
    data["sections"][0]["blocks"].insert(0, decomposed)
    output = tmp_path / "nfd.pdf"
    converter.convert(render_docx(report_from_data(data, source="test")), output)
    for text in [*pages(output), *(page for path in printed.values() for page in pages(path))]:
        assert unicodedata.is_normalized("NFC", text)
    flowing = " ".join(" ".join(pages(output)[:2]).split())
    assert unicodedata.normalize("NFC", decomposed) in flowing
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flowing and "Độc lập - Tự do - Hạnh phúc" in flowing


def test_pdfa_declares_part_2_conformance_b(converter: PdfConverter, printed: dict[str, Path], tmp_path: Path) -> None:
    output = tmp_path / "luu-tru.pdf"
    converter.convert(render_docx(read_report(example_path(EXAMPLE_NAMES[0]))), output, pdfa=True)
    assert declares_pdfa_2b(output)
    assert not declares_pdfa_2b(printed[EXAMPLE_NAMES[0]])
    assert page_count(output) == PAGE_COUNTS[EXAMPLE_NAMES[0]]
    assert all(font["emb"] == "yes" for font in fonts(output))


def test_the_cold_way_prints_the_same_pages_and_pdfa(
    printed: dict[str, Path], tmp_path: Path, mark: str, temporary_folder: Path
) -> None:
    output = tmp_path / "mot-lan.pdf"
    output.write_bytes(b"old")
    docx_file = tmp_path / "tra-tay.docx"
    docx_file.write_bytes(render_docx(read_report(example_path(EXAMPLE_NAMES[0]))))
    convert_docx_to_pdf(docx_file, output, pdfa=True)
    assert page_count(output) == PAGE_COUNTS[EXAMPLE_NAMES[0]]
    warm_pages = pages(printed[EXAMPLE_NAMES[0]])
    assert [lines(page)[:3] for page in pages(output)] == [lines(page)[:3] for page in warm_pages]
    assert declares_pdfa_2b(output)
    assert none_left(mark) == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mot-lan.pdf", "tra-tay.docx"]
    assert list(temporary_folder.iterdir()) == []


# -- the warm converter's life -------------------------------------------------------------------


@needs_proc
def test_the_warm_converter_converts_in_a_row_and_leaves_no_process(
    tmp_path: Path, mark: str, temporary_folder: Path
) -> None:
    missing_tools(warm=True)
    with PdfConverter(timeout=60) as converter:
        for name in EXAMPLE_NAMES:
            converter.convert(render_docx(read_report(example_path(name))), tmp_path / f"{name}.pdf")
            assert converter.warm
        assert marked_processes(mark), "the listener and its worker run between conversions"
    assert none_left(mark) == []
    assert [page_count(tmp_path / f"{name}.pdf") for name in EXAMPLE_NAMES] == list(PAGE_COUNTS.values())
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(f"{name}.pdf" for name in EXAMPLE_NAMES)
    assert list(temporary_folder.iterdir()) == []


PROGRAM = """
import sys, time
sys.path.insert(0, {repo!r})
from app.render.pdf import PdfConverter
converter = PdfConverter(timeout=60)
converter.start()
print("warm" if converter.warm else converter.cold_reason, flush=True)
if sys.argv[1] == "hang":
    time.sleep(600)
"""


@needs_proc
@pytest.mark.parametrize("ending", ["exit", "killed"])
def test_the_converter_dies_with_the_program(ending: str, tmp_path: Path, mark: str) -> None:
    """A normal exit closes it (atexit); a killed program closes the worker's stdin, and the worker stops
    LibreOffice and removes the temporary folder."""
    missing_tools(warm=True)
    program = tmp_path / "program.py"
    program.write_text(PROGRAM.format(repo=str(REPO)), encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    running = subprocess.Popen(
        [sys.executable, str(program), "hang" if ending == "killed" else "exit"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
        start_new_session=True,  # killed alone: the converter's own groups are what is tested
    )
    try:
        assert running.stdout is not None
        assert running.stdout.readline().strip() == "warm"
        assert len(list(temporary.iterdir())) == 1
        if ending == "killed":
            assert len(marked_processes(mark)) > 1
            running.send_signal(signal.SIGKILL)
        running.wait(30)
        assert none_left(mark, within=15) == []
        assert list(temporary.iterdir()) == []
    finally:
        running.kill()
        running.wait()


# -- time limits ---------------------------------------------------------------------------------


@needs_proc
def test_a_hanging_soffice_is_killed_at_the_time_limit(
    tmp_path: Path, mark: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(hanging_soffice(tmp_path)))
    output = tmp_path / "bao-cao.pdf"
    output.write_bytes(b"%PDF- the old one")
    started = time.monotonic()
    with pytest.raises(ConversionTimeout) as stopped:
        convert_docx_to_pdf(b"PK not really a docx", output, timeout=2)
    assert 2 <= time.monotonic() - started < 10
    assert "không chuyển xong sang PDF sau 2 giây nên đã bị dừng" in str(stopped.value)
    assert f"«{output}» không bị thay đổi" in str(stopped.value)
    assert output.read_bytes() == b"%PDF- the old one"
    assert none_left(mark) == []


@needs_proc
def test_a_listener_that_never_starts_is_killed_at_the_time_limit(
    tmp_path: Path, mark: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real worker (under a uno-capable Python) starts the hanging soffice: both are killed."""
    missing_tools(warm=True)
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(hanging_soffice(tmp_path)))
    converter = PdfConverter(timeout=2)
    started = time.monotonic()
    with pytest.raises(ConversionTimeout, match="không khởi động xong sau 2 giây"):
        converter.convert(b"PK", tmp_path / "bao-cao.pdf")
    assert time.monotonic() - started < 12  # probing the Python for uno comes first
    assert none_left(mark) == []
    converter.close()
    assert not (tmp_path / "bao-cao.pdf").exists()


def fake_worker(folder: Path, on_job: str) -> Path:
    """A "Python with uno" that runs no worker: it says ready, then answers jobs as `on_job` says."""
    return script(
        folder / "python",
        f"""\
        [ "$1" = "-c" ] && exit 0  # the probe: `python -c "import uno"`
        echo '{{"ready": true}}'
        sleep 600 &
        while read -r job; do
          {on_job}
        done
        """,
    )


@needs_proc
def test_a_conversion_that_hangs_kills_the_warm_converter_which_starts_again(
    tmp_path: Path, mark: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = script(tmp_path / "soffice", "exit 0\n")
    monkeypatch.setenv(pdf.UNO_PYTHON_VARIABLE, str(fake_worker(tmp_path, "sleep 600")))
    output = tmp_path / "bao-cao.pdf"
    output.write_bytes(b"%PDF- the old one")
    with PdfConverter(soffice, timeout=2) as converter:
        for _ in range(2):  # the second conversion starts a new worker, which hangs too
            started = time.monotonic()
            with pytest.raises(ConversionTimeout, match="sau 2 giây nên đã bị dừng"):
                converter.convert(b"PK", output)
            assert time.monotonic() - started < 8
            assert not converter.warm
            assert none_left(mark) == []
    assert output.read_bytes() == b"%PDF- the old one"


@needs_proc
def test_a_worker_that_dies_mid_conversion_is_a_clear_failure(
    tmp_path: Path, mark: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = script(tmp_path / "soffice", "exit 0\n")
    monkeypatch.setenv(pdf.UNO_PYTHON_VARIABLE, str(fake_worker(tmp_path, "exit 3")))
    with PdfConverter(soffice, timeout=30) as converter, pytest.raises(pdf.ConversionFailed, match="giữa chừng"):
        converter.convert(b"PK", tmp_path / "bao-cao.pdf")
    assert none_left(mark) == []
    assert not (tmp_path / "bao-cao.pdf").exists()


# -- finding LibreOffice -------------------------------------------------------------------------


@pytest.fixture
def nothing_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No LibreOffice anywhere: an empty PATH and no usual install folder."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv(pdf.SOFFICE_VARIABLE, raising=False)
    monkeypatch.setattr(pdf, "_install_locations", list)
    return empty


def test_nothing_found_is_a_vietnamese_message_saying_how_to_install(nothing_installed: Path, tmp_path: Path) -> None:
    assert find_libreoffice() is None
    with pytest.raises(ConverterMissing) as missing:
        convert_docx_to_pdf(b"PK", tmp_path / "bao-cao.pdf")
    message = str(missing.value)
    assert message.startswith("Không tìm thấy LibreOffice. Cần LibreOffice để tạo tệp PDF.")
    assert "libreoffice.org" in message
    assert "sudo apt install libreoffice-writer-nogui fonts-liberation2" in message
    assert not (tmp_path / "bao-cao.pdf").exists()
    with pytest.raises(ConverterMissing), PdfConverter() as converter:
        converter.convert(b"PK", tmp_path / "bao-cao.pdf")


def test_found_on_path_then_overridden_by_the_variable_then_by_the_setting(
    nothing_installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_path = script(nothing_installed / "libreoffice", "exit 0\n")
    assert find_libreoffice() == on_path
    from_variable = script(tmp_path / "soffice-variable", "exit 0\n")
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(from_variable))
    assert find_libreoffice() == from_variable
    installed = tmp_path / "LibreOffice"
    (installed / "program").mkdir(parents=True)
    inside = script(installed / "program" / "soffice", "exit 0\n")
    assert find_libreoffice(installed) == inside  # the install folder is enough
    assert require_libreoffice(str(inside)) == inside
    with pytest.raises(ConverterMissing, match="Không tìm thấy LibreOffice tại «/khong/co/soffice»"):
        require_libreoffice("/khong/co/soffice")  # a wrong setting is not silently replaced by a search


def test_the_usual_install_folders_are_searched(
    nothing_installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = script(tmp_path / "soffice", "exit 0\n")
    monkeypatch.setattr(pdf, "_install_locations", lambda: [tmp_path / "absent" / "soffice", installed])
    assert find_libreoffice() == installed


def test_pdfa_is_asked_for_with_libreoffice_filter_options() -> None:
    assert pdf._convert_to_argument(False) == "pdf"
    assert pdf._convert_to_argument(True) == 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
