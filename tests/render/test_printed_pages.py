"""A rendered example printed to PDF by headless LibreOffice: what the officer sees on paper.

Needs LibreOffice, poppler-utils and Liberation Serif 2 (installed by tools/test.sh). Outside CI a
machine without them skips these tests and says why; in CI they must run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from app.core.report_file import read_report
from app.render.docx import write_docx
from tests.conftest import example_path

pytestmark = pytest.mark.pdf

TOOLS = ("soffice", "pdftotext", "pdfinfo")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {', '.join(missing)}: tools/test.sh installs them")
        pytest.skip(f"not installed here: {', '.join(missing)} (tools/test.sh installs them)")
    folder = tmp_path_factory.mktemp("print")
    document = folder / "tra-tay.docx"
    write_docx(read_report(example_path("ubnd-xa-tra-tay-so-ket-2023")), document)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / "tra-tay.pdf"


def page_text(pdf: Path, page: int) -> str:
    result = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_pdf_is_a4(printed: Path) -> None:
    info = subprocess.run(["pdfinfo", str(printed)], check=True, capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    width, height = (float(value) for value in size.split()[2:5:2])
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)


def test_page_one_has_no_page_number(printed: Path) -> None:
    first = lines(page_text(printed, 1))
    assert first[0].startswith("ỦY BAN NHÂN DÂN")
    assert not any(line.isdigit() for line in first)


def test_page_two_shows_2_at_the_top(printed: Path) -> None:
    assert lines(page_text(printed, 2))[0] == "2"
    assert lines(page_text(printed, 3))[0] == "3"


def test_vietnamese_text_is_intact(printed: Path) -> None:
    text = unicodedata.normalize("NFC", page_text(printed, 1))
    for phrase in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Trà Tây, ngày 05 tháng 6 năm 2023",
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "Ủy ban nhân dân xã Trà Tây",
    ):
        assert phrase in " ".join(text.split()), phrase
