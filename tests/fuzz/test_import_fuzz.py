"""Fuzzing the .docx importer: 1 000 damaged Word files (bench/fuzz.py: 5 000), each refused or imported.

Every file is a real report (typed in Word two ways, or rendered by this program) with its bytes, its zip or
the XML of one part damaged (docx_mutations.py). Each goes through `import_docx` in a worker process
(import_worker.py) that stops any import after 2 s of processor time; what must come back is an imported
report that can be saved as a draft, or ImportRefused with a Vietnamese message. A crash, a hang, another
exception or an imported report that cannot be saved fails the test with the file's recipe.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given

from tests.fuzz.docx_mutations import (
    BASE_COUNT,
    DamagedDocx,
    Truncate,
    XmlDamage,
    base_documents,
    damaged_docx,
    minimal_docx,
)
from tests.fuzz.import_worker import CPU_LIMIT_SECONDS, SLEEP, SPIN, ImportOutcome, ImportWorker
from tests.fuzz.messages import vietnamese_problem
from tests.fuzz.settings import fuzz_settings

IMPORT_EXAMPLES = 1000


@pytest.fixture(scope="module")
def worker() -> Iterator[ImportWorker]:
    started = ImportWorker()
    yield started
    started.close()


def check_import(outcome: ImportOutcome) -> None:
    """Refused with a Vietnamese message, or imported into a report that can be saved, within the CPU limit."""
    assert outcome.is_clean, f"{outcome.outcome}: {outcome.message}"
    assert outcome.cpu_seconds <= CPU_LIMIT_SECONDS, f"took {outcome.cpu_seconds:.2f} s of CPU time"
    if outcome.outcome == "refused":
        assert vietnamese_problem(outcome.message) is None, (
            f"{outcome.message!r}: {vietnamese_problem(outcome.message)}"
        )


def test_every_base_document_imports(worker: ImportWorker) -> None:
    """The documents damaged below import when whole: the fuzzing starts from files the importer reads."""
    outcomes = [worker.run(document) for document in base_documents()]
    assert [outcome.outcome for outcome in outcomes] == ["imported"] * BASE_COUNT


@fuzz_settings(IMPORT_EXAMPLES)
@given(case=damaged_docx)
def test_a_damaged_docx_is_refused_or_imported_never_a_crash(case: DamagedDocx, worker: ImportWorker) -> None:
    check_import(worker.run(case.content(base_documents())))


@pytest.mark.parametrize(
    "case",
    [
        DamagedDocx(0, (Truncate(0.5),)),
        DamagedDocx(0, (Truncate(0.0),)),
        DamagedDocx(2, (XmlDamage("word/document.xml", "drop-closing-tag", 0.5),)),
        DamagedDocx(1, (XmlDamage("word/document.xml", "nest", 0.5, "<w:tbl><w:tr><w:tc>", 300),)),
        DamagedDocx(3, (XmlDamage("word/document.xml", "nest", 0.5, "<w:sdt><w:sdtContent>", 120),)),
        DamagedDocx(4, (XmlDamage("word/document.xml", "doctype", 0.0, '<!DOCTYPE d [<!ENTITY d "dd">]>'),)),
        DamagedDocx(5, (XmlDamage("word/document.xml", "replace-text", 0.5, "x" * 100_000),)),
    ],
    ids=[
        "cut in half",
        "empty",
        "closing tag dropped",
        "tables nested 300 deep",
        "content controls nested 120 deep",
        "entity declared",
        "a 100 000-letter word",
    ],
)
def test_named_damages(case: DamagedDocx, worker: ImportWorker) -> None:
    check_import(worker.run(case.content(base_documents())))


def test_the_worker_reports_a_crash_and_a_refusal(worker: ImportWorker) -> None:
    """The checks can fail: a refusal comes back as such, and bytes that are no Word file are refused."""
    refused = worker.run(b"not a Word file at all")
    assert refused.outcome == "refused" and vietnamese_problem(refused.message) is None
    with pytest.raises(AssertionError, match="crashed"):
        check_import(ImportOutcome("crashed", "Traceback …"))
    with pytest.raises(AssertionError, match="CPU time"):
        check_import(ImportOutcome("imported", cpu_seconds=CPU_LIMIT_SECONDS + 1))


def test_an_import_that_spins_is_stopped_after_two_seconds_of_cpu(worker: ImportWorker) -> None:
    outcome = worker.run(SPIN)
    assert outcome.outcome == "too-slow"
    assert outcome.cpu_seconds > CPU_LIMIT_SECONDS / 2  # it did spin, until the timer (to its granularity)
    assert worker.run(base_documents()[0]).outcome == "imported"  # the same worker goes on


def test_a_worker_that_does_not_answer_is_killed_and_replaced() -> None:
    impatient = ImportWorker(wall_guard=1.0)
    try:
        assert impatient.run(SLEEP).outcome == "hung"
        assert impatient.run(base_documents()[0]).outcome == "imported"
    finally:
        impatient.close()


@pytest.mark.parametrize("number_format", ["upperRoman", "upperLetter"])
def test_a_list_numbered_from_a_huge_start_is_imported(number_format: str, worker: ImportWorker) -> None:
    numbering = (
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="99999999999999999999"/>'
        f'<w:numFmt w:val="{number_format}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    body = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>Đặc điểm tình hình</w:t></w:r></w:p>"
    )
    check_import(worker.run(minimal_docx(body, numbering)))
