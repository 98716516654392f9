"""The child program of the kill drill (tests/db/test_kill_drill.py): saves one draft until it is killed.

    python -m tests.db.save_loop DBPATH [--seed N]

It imports everything first, then waits for a line on standard input, so the drill can start the next
child while the current one runs and a round costs only the opening of the database, not Python's start.
Then it opens the database as the program does, takes the one draft in it (creating it from an example
report on the first run) and saves it over and over, mixing explicit saves and autosaves, small edits
and large ones. It reports on standard output, one flushed line each:

    OPENED <draft id> <version>           the draft as found in the database
    CREATED <version> <sha256>            the draft was created (first run only)
    SAVING <version> <sha256> <how>       a save of this content is about to start
    COMMITTED <version> <sha256>          DraftRepository.save returned: the save is committed

where <sha256> is the hash of dump_report(report) for the report being saved.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys

from app.core.model import Paragraph, Report, Section, Span
from app.core.report_file import dump_report, read_report
from db.engine import open_database
from db.repository import DraftRepository

EXAMPLE = "ubnd-xa-tra-tay-so-ket-2023"
DRILL_SECTION_TITLE = "Kết quả kiểm thử lưu liên tục"
LARGE_SECTION_PARAGRAPHS = 50
MAX_DRILL_SECTIONS = 3
"""Pasted sections at most; the next large edit removes them all, so the database stays small."""
LARGE_EDIT_CHANCE = 0.15
AUTOSAVE_CHANCE = 0.5
_COUNTER = re.compile(r" \(lần lưu \d+\)$")


def content_hash(report: Report) -> str:
    return hashlib.sha256(dump_report(report).encode("utf-8")).hexdigest()


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def with_counter(text: str, counter: int) -> str:
    """The text with its drill counter replaced (not appended again), so edits do not grow the report."""
    return f"{_COUNTER.sub('', text)} (lần lưu {counter})"


def small_edit(report: Report, counter: int) -> None:
    """What typing does: a paragraph and the trích yếu change."""
    report.summary = with_counter(report.summary or "", counter)
    paragraph = report.opening[0]
    last = paragraph.inline[-1]
    if isinstance(last, Span):
        last.text = with_counter(last.text, counter)
    else:
        paragraph.inline.append(Span(with_counter("", counter)))


def large_edit(report: Report, counter: int) -> str:
    """A pasted section of many paragraphs, or all of them deleted again once there are enough."""
    drill_sections = [s for s in report.sections if s.title.startswith(DRILL_SECTION_TITLE)]
    if len(drill_sections) >= MAX_DRILL_SECTIONS:
        report.sections = [s for s in report.sections if not s.title.startswith(DRILL_SECTION_TITLE)]
        return "remove-sections"
    paragraphs = [
        Paragraph(
            [
                Span(
                    f"Đoạn {n} của lần lưu {counter}: Ủy ban nhân dân xã tiếp tục chỉ đạo các thôn, "
                    "tổ dân phố đẩy mạnh phong trào thi đua “Dân vận khéo”, gắn với cải cách hành chính."
                )
            ]
        )
        for n in range(1, LARGE_SECTION_PARAGRAPHS + 1)
    ]
    report.sections.append(Section(title=f"{DRILL_SECTION_TITLE} {counter}", blocks=list(paragraphs)))
    return "add-section"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("database", help="the SQLite database file")
    parser.add_argument("--seed", type=int, default=0, help="seed of the choices between kinds of edit and save")
    arguments = parser.parse_args(argv)
    choices = random.Random(arguments.seed)

    sys.stdin.readline()  # the drill says go
    database = open_database(f"sqlite:///{arguments.database}")
    library = DraftRepository(database)
    drafts = library.list_drafts()
    if drafts:
        record = library.get(drafts[0].id)
        draft_id, version, report = record.summary.id, record.summary.version, record.report
        say(f"OPENED {draft_id} {version}")
    else:
        from tests.conftest import example_path  # first run only: importing it brings in pytest

        report = read_report(example_path(EXAMPLE))
        created = library.create(report)
        draft_id, version = created.id, created.version
        say(f"OPENED {draft_id} 0")
        say(f"CREATED {version} {content_hash(report)}")

    while True:
        counter = version + 1
        how = large_edit(report, counter) if choices.random() < LARGE_EDIT_CHANCE else "small"
        small_edit(report, counter)
        autosave = choices.random() < AUTOSAVE_CHANCE
        digest = content_hash(report)
        say(f"SAVING {counter} {digest} {how}{'-autosave' if autosave else ''}")
        saved = library.save(draft_id, report, expected_version=version, autosave=autosave)
        version = saved.version
        say(f"COMMITTED {version} {digest}")


if __name__ == "__main__":
    sys.exit(main())
