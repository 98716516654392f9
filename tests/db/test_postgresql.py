"""Where PostgreSQL's own ways could differ from SQLite's: query syntax, word boundaries, time zones.

Every test runs on both backends (the `library` fixture); on PostgreSQL each test database keeps
Vietnam's time, as many agencies' servers do (tests/db/conftest.py).
"""

from __future__ import annotations

import datetime as dt

from app.core.model import Report
from db.models import Revision
from db.repository import DraftRepository, thin_snapshots

TRA_TAY = "ubnd-xa-tra-tay-so-ket-2023"

# Characters with a meaning in to_tsquery (: & | ! ( ) ' <-> *) or in FTS5 (" * ^ - + NEAR AND OR NOT).
NOTHING_TO_FIND = [
    ":",
    "&",
    "|",
    "!",
    "(",
    ")",
    "'",
    "''",
    '"',
    '""',
    "\\",
    "*",
    "<->",
    "!(&|):*",
    "^-+",
    "…",
    "–",
    "“”",
    "___",
    "\x00",
    "  \t\n",
    "x" * 3000,
]
SAME_AS_TRA_TAY = [
    "tra: tay!",
    "(tra) & (tay)",
    "tra | tay",
    "!tra 'tay'",
    "tra <-> tay",
    "tra:* & tay:*",
    "'tra' \"tay",
    '"tra tay',
    "tra\\ tay",
    "^tra -tay+",
    "tra* (tay",
    "“Trà – Tây”",
]


def test_a_query_of_only_special_characters_finds_nothing_and_raises_nothing(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    library.create(examples[TRA_TAY])
    for query in NOTHING_TO_FIND:
        assert library.search(query) == [], repr(query)


def test_special_characters_in_a_query_only_separate_words(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    ids = {name: library.create(report).id for name, report in examples.items()}
    for query in SAME_AS_TRA_TAY:
        hits = library.search(query)
        assert hits and hits[0].draft.id == ids[TRA_TAY], repr(query)


def test_punctuation_inside_text_separates_words_as_on_sqlite(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    # PostgreSQL's parser alone keeps `QZX-2049/BCQ` or the address whole, and in the C locale
    # glues words across `–` and `“”`: none of these words would be found.
    report = examples[TRA_TAY]
    report.summary = "Báo cáo số QZX-2049/BCQ giai đoạn 2031–2032, gửi vanphongqzx@quangngai.gov.vn, “tổnghợpqzx”"
    draft = library.create(report)
    for query in ("2049", "bcq", "qzx 2049", "2032", "vanphongqzx", "quangngai gov", "tonghopqzx"):
        assert [hit.draft.id for hit in library.search(query)] == [draft.id], query


def test_timestamps_come_back_in_utc_whatever_the_server_time_zone(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    draft = library.create(examples[TRA_TAY])
    assert draft.created_at.utcoffset() == dt.timedelta(0)
    listed = library.list_drafts()[0]
    assert listed.updated_at.utcoffset() == dt.timedelta(0)
    assert listed.to_data()["updated_at"].endswith("+00:00")


def test_old_snapshots_are_thinned_by_utc_day_whatever_the_server_time_zone(
    library: DraftRepository, examples: dict[str, Report]
) -> None:
    draft = library.create(examples[TRA_TAY])
    now = dt.datetime(2026, 11, 22, 15, 0, tzinfo=dt.UTC)
    # One UTC day, but 23:30 and 00:30 of two days in Vietnam.
    moments = [dt.datetime(2026, 11, 2, 16, 30, tzinfo=dt.UTC), dt.datetime(2026, 11, 2, 17, 30, tzinfo=dt.UTC)]
    with library.database.sessions.begin() as session:
        for moment in moments:
            session.add(Revision(draft_id=draft.id, version=1, kind="tu-dong", content="{}", created_at=moment))
    with library.database.sessions.begin() as session:
        assert thin_snapshots(session, draft.id, now=now) == 1
