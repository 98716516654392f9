"""Benchmark: the drafts library at 10 000 drafts — search, list, save and clone as the program calls them.

A fresh SQLite database (in a temporary folder, or `--db PATH`) is filled with drafts varied from the
example reports in ../shared/examples: year 2015–2026, issuer (communes, districts, agencies), trích yếu,
kind, status, signer, some paragraphs shuffled, dropped or reworded, numbers changed, a few drafts in the
trash. A rare sentence goes into about one draft in a thousand (for the phrase search); "phong trào"
is in every draft (for the common-word search).

200 drafts, spread over the filling, are created one by one through DraftRepository.create (each its
own transaction with synchronous=FULL), to measure the rate the program gets; the others in batches of
25 per transaction, going through the same repository helpers as create (_columns,
_remember_organisation, _remember_people) so the stored columns and the search index are the same
(`--batch-size 1`: all through create). Every timed operation then calls the public repository API
exactly as the program does, warm, in interleaved rounds (machine noise hits all alike), and the
median is reported with the CPU time of the same runs:

    search('"tổ hòa giải kiểu mẫu"') top 20   a quoted phrase present in a few drafts
    search("phong trào") top 20              a word present in every draft
    list_drafts()                            the first page of the library (50)
    save()                                   an explicit save of a 30-page draft (small edits, alternating)
    clone(id, year=…)                        next year's draft from that 30-page draft

The 30-page draft is an example whose sections are repeated until the body holds 30 × 450 words.
Every save adds a revision and every clone adds a draft, so a reused `--db` grows a little each run.
The script reports; it exits 0 whatever the timings are.

cached_library() builds the same kind of library once into a cache folder (BAOCAO_BENCH_CACHE, by default
the user's cache folder, TroLyBaoCao/bench), keyed by the schema version, the generator and the folding
code, for benchmarks that only read it (bench/scale.py): 10 000 drafts take about a minute to build.

    python bench/drafts.py [--drafts N] [--runs N | --quick] [--db PATH] [--batch-size N] [--json]

With --json the figures go to stdout as a JSON list of objects with the keys name, median_ms,
baseline_ms, ratio, target and passed (target is the upper bound in milliseconds; null where there is
no target), for bench/run_all.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import inspect
import itertools
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/drafts.py`

import platformdirs
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.core.model import Block, Bullet, Issuer, Paragraph, Report, Section, Signature, Span, walk_sections
from app.core.report_file import ReportFileError, dump_report, read_report, report_from_data, report_to_data
from bench.figures import Figure, median_ms, print_figures
from db.engine import SCHEMA_HEAD, Database, open_database
from db.models import Draft, Revision
from db.repository import DraftRepository, DraftSummary, _stored
from db.search import body_text, parse_query

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO.parent / "shared" / "examples"
LONG_EXAMPLE = "ubnd-xa-tra-tay-so-ket-2023.baocao.json"
FULL_DRAFTS = 10_000
QUICK_DRAFTS = 500
FULL_RUNS = 30
QUICK_RUNS = 7
WARMUP_RUNS = 3
ONE_BY_ONE_SAMPLE = 200
"""Drafts created one by one through DraftRepository.create to measure its rate (the others in batches)."""
BATCH_SIZE = 25
"""Drafts per transaction: few fsyncs on a slow disk, and small enough that SQLite's page cache and FTS5's
pending terms do not overflow (500 per transaction was slower per draft than one by one)."""
PROGRESS_EVERY = 2_000
SEED = 20_261_122
LIBRARY_VERSION = 1
"""Bump when varied_draft or fill_library change what a library holds: cached libraries are then rebuilt."""
CACHE_VARIABLE = "BAOCAO_BENCH_CACHE"
"""Where cached libraries live (default: the user's cache folder, TroLyBaoCao/bench)."""
KEY_SOURCES = ("db/search.py", "app/core/text.py")
"""Files whose change is likely to change a built library besides the schema and the generator: the search
columns and the folding. (db/repository.py changes often and rarely changes what is stored: bump
LIBRARY_VERSION, or pass --rebuild to bench/scale.py, when it does.)"""
WORDS_PER_PAGE = 450
"""Words on a printed A4 page of our layout (as in bench/render.py)."""
TARGET_PAGES = 30

PHRASE_QUERY = '"tổ hòa giải kiểu mẫu"'
RARE_EVERY = 997
"""One draft in this many carries the rare sentence: ≈ 10 in 10 000."""
COMMON_QUERY = "phong trào"

TARGET_PHRASE_MS = 10.0
TARGET_COMMON_MS = 50.0
TARGET_LIST_MS = 50.0
TARGET_SAVE_MS = 15.0
TARGET_CLONE_MS = 100.0

# (parent, name, code, place): the issuers drafts are attributed to.
ISSUERS: tuple[tuple[str | None, str, str, str], ...] = (
    (None, "ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", "UBND", "Trà Tây"),
    (None, "ỦY BAN NHÂN DÂN\nXÃ TRÀ PHONG", "UBND", "Trà Phong"),
    (None, "ỦY BAN NHÂN DÂN\nXÃ TRÀ XINH", "UBND", "Trà Xinh"),
    (None, "ỦY BAN NHÂN DÂN\nXÃ HƯƠNG TRÀ", "UBND", "Hương Trà"),
    (None, "ỦY BAN NHÂN DÂN\nXÃ BÌNH CHÂU", "UBND", "Bình Châu"),
    (None, "ỦY BAN NHÂN DÂN\nXÃ BÌNH HẢI", "UBND", "Bình Hải"),
    (None, "ỦY BAN NHÂN DÂN\nTHỊ TRẤN CHÂU Ổ", "UBND", "Châu Ổ"),
    (None, "ỦY BAN NHÂN DÂN\nHUYỆN BÌNH SƠN", "UBND", "Bình Sơn"),
    (None, "ỦY BAN NHÂN DÂN\nHUYỆN TRÀ BỒNG", "UBND", "Trà Bồng"),
    ("UBND TỈNH QUẢNG NGÃI", "BAN DÂN TỘC", "BDT", "Quảng Ngãi"),
    ("UBND TỈNH QUẢNG NGÃI", "SỞ NỘI VỤ", "SNV", "Quảng Ngãi"),
    ("UBND HUYỆN BÌNH SƠN", "PHÒNG NỘI VỤ", "PNV", "Bình Sơn"),
    ("UBND HUYỆN TRÀ BỒNG", "PHÒNG VĂN HÓA VÀ THÔNG TIN", "VHTT", "Trà Bồng"),
)
SIGNER_NAMES = (
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Phạm Quang Sự",
    "Hồ Văn Đông",
    "Đinh Thị Hoa",
    "Lê Minh Tuấn",
    "Võ Thị Thu",
    "Trần Văn Mẫn",
)
TOPICS = (
    "Dân vận khéo",
    "Toàn dân đoàn kết xây dựng đời sống văn hóa",
    "Chung sức xây dựng nông thôn mới",
    "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
    "Đẩy mạnh cải cách hành chính",
    "Chuyển đổi số trong cơ quan nhà nước",
    "Phòng, chống thiên tai và tìm kiếm cứu nạn",
)
PERIODS = ("năm {year}", "6 tháng đầu năm {year}", "quý {quarter} năm {year}", "9 tháng đầu năm {year}")
# kind: (weight, trích yếu templates); every trích yếu names a period so the library has a year to filter on.
KINDS: dict[str, tuple[int, tuple[str, ...]]] = {
    "bao-cao": (
        70,
        (
            "Sơ kết phong trào thi đua “{topic}” {period}",
            "Kết quả thực hiện phong trào thi đua “{topic}” {period}",
            "Tổng kết công tác dân vận chính quyền {period} và phương hướng, nhiệm vụ thời gian tới",
            "Kết quả triển khai mô hình “{topic}” trên địa bàn {place} {period}",
        ),
    ),
    "ke-hoach": (12, ("Triển khai phong trào thi đua “{topic}” {period}", "Công tác dân vận chính quyền {period}")),
    "to-trinh": (10, ("Đề nghị khen thưởng tập thể, cá nhân có thành tích trong phong trào “{topic}” {period}",)),
    "thong-bao": (8, ("Kết luận tại hội nghị sơ kết phong trào thi đua “{topic}” {period}",)),
}
STATUSES: dict[str, int] = {"nhap": 55, "trinh-ky": 15, "ban-hanh": 30}
TRASHED_SHARE = 0.02
REWORDINGS = (
    ("nhân dân", "người dân"),
    ("tích cực", "chủ động"),
    ("nâng cao", "tăng cường"),
    ("kịp thời", "nhanh chóng"),
    ("hiệu quả", "thiết thực"),
    ("địa phương", "địa bàn"),
    ("thường xuyên", "liên tục"),
    ("khó khăn", "vướng mắc"),
    ("tuyên truyền", "vận động"),
    ("cán bộ", "cán bộ, công chức"),
)
RARE_SENTENCE = (
    "Xây dựng và nhân rộng mô hình “Tổ hòa giải kiểu mẫu” gắn với camera an ninh tự quản tại thôn {village}, "
    "góp phần giữ vững an ninh trật tự ở khu dân cư."
)
VILLAGES = ("Trà Ôi", "Trà Lạc", "Tây Bắc", "Gò Rô", "Sơn Bàn", "Nước Vương", "Xà Râu")
_NUMBER = re.compile(r"(?<![\d/.,])\d{2,3}(?![\d/.,])")


class BenchError(Exception):
    """The measurement would not mean anything (exit status 2)."""


# ---------------------------------------------------------------------------------------------
# Varied drafts


@dataclass(frozen=True, slots=True)
class VariedDraft:
    report: Report
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    trashed: bool
    rare: bool


def load_examples(folder: Path) -> list[dict[str, Any]]:
    """The example reports as report-file data (a fresh Report is built from it for every draft)."""
    return [report_to_data(read_report(path)) for path in sorted(folder.glob("*.baocao.json"))]


def weighted(generator: random.Random, weights: dict[str, int]) -> str:
    return generator.choices(list(weights), weights=list(weights.values()))[0]


def varied_text(value: str, generator: random.Random, places: tuple[str, str] | None) -> str:
    """A paragraph reworded now and then: a few words substituted, numbers changed, the place renamed."""
    if places is not None:
        value = value.replace(*places)
    if generator.random() < 0.3:
        for old, new in generator.sample(REWORDINGS, 3):
            value = value.replace(old, new)
    if generator.random() < 0.3:
        value = _NUMBER.sub(lambda match: str(generator.randint(10, 10 ** len(match.group()) - 1)), value)
    return value


def vary_blocks(section: Section, generator: random.Random, places: tuple[str, str] | None) -> None:
    """Reword the paragraphs of a section tree; drop some; shuffle them in some sections."""
    kept: list[Block] = []
    for block in section.blocks:
        if isinstance(block, Section):
            vary_blocks(block, generator, places)
        elif isinstance(block, Paragraph | Bullet):
            if generator.random() < 0.12:
                continue
            for part in block.inline:
                if isinstance(part, Span):
                    part.text = varied_text(part.text, generator, places)
        kept.append(block)
    if generator.random() < 0.3:
        positions = [index for index, block in enumerate(kept) if isinstance(block, Paragraph | Bullet)]
        moved = [kept[index] for index in positions]
        generator.shuffle(moved)
        for index, block in zip(positions, moved, strict=True):
            kept[index] = block
    section.blocks = kept


def varied_draft(index: int, examples: list[dict[str, Any]], generator: random.Random, now: dt.datetime) -> VariedDraft:
    """The `index`-th draft of the library: an example with another year, issuer, trích yếu, kind, status…"""
    report = report_from_data(examples[index % len(examples)], source="bench")
    year = generator.randint(2015, 2026)
    parent, name, code, place = generator.choice(ISSUERS)
    places = (report.issuer.place, place) if report.issuer.code == code == "UBND" else None
    kind = weighted(generator, {key: weight for key, (weight, _) in KINDS.items()})
    period = generator.choice(PERIODS).format(year=year, quarter=generator.choice(("I", "II", "III", "IV")))
    summary = generator.choice(KINDS[kind][1]).format(topic=generator.choice(TOPICS), period=period, place=place)
    status = weighted(generator, STATUSES)

    report.kind = kind
    report.summary = summary
    report.issuer = Issuer(name=name, code=code, place=place, parent=parent)
    report.signature = Signature(
        title=report.signature.title,
        name=generator.choice(SIGNER_NAMES),
        on_behalf_of=report.signature.on_behalf_of,
        mode=report.signature.mode,
        head_title=report.signature.head_title,
    )
    issued_on = dt.date(min(year + 1, 2026), generator.randint(1, 12), generator.randint(1, 28))
    report.date = issued_on if status == "ban-hanh" or generator.random() < 0.7 else year
    report.number = generator.randint(1, 300) if status == "ban-hanh" else None
    for section in report.sections:
        vary_blocks(section, generator, places)
    for paragraph in (*report.opening, *report.closing):
        for part in paragraph.inline:
            if isinstance(part, Span):
                part.text = varied_text(part.text, generator, places)
    rare = index % RARE_EVERY == 0
    if rare:
        blocks = report.sections[0].blocks
        sentence = RARE_SENTENCE.format(village=generator.choice(VILLAGES))
        blocks.insert(generator.randint(0, len(blocks)), Paragraph([Span(sentence)]))

    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    created = min(start + dt.timedelta(seconds=generator.randint(0, 500 * 86_400)), now)
    updated = min(created + dt.timedelta(seconds=generator.randint(0, 40 * 86_400)), now)
    trashed = generator.random() < TRASHED_SHARE
    return VariedDraft(report, status, created, updated, trashed, rare)


def add_in_session(repository: DraftRepository, session: Any, draft: VariedDraft) -> None:
    """What DraftRepository.create stores, inside the caller's transaction, with the draft's own timestamps."""
    data, content = _stored(draft.report)
    row = Draft(
        status=draft.status,
        version=1,
        source_id=None,
        organisation_id=repository._remember_organisation(session, draft.report),
        created_at=draft.created_at,
        updated_at=draft.updated_at,
        deleted_at=draft.updated_at if draft.trashed else None,
        **repository._columns(draft.report, data, content),
    )
    session.add(row)
    session.flush()
    session.add(Revision(draft_id=row.id, version=1, kind="luu", content=content, created_at=draft.created_at))
    repository._remember_people(session, draft.report)


@dataclass(frozen=True, slots=True)
class Creation:
    existing: int
    one_by_one: list[float]
    """Seconds per DraftRepository.create call."""
    one_by_one_cpu: list[float]
    batched: int
    batched_seconds: float
    """Seconds inside the batch transactions."""
    total_seconds: float
    """Seconds for the whole filling, making up the varied drafts included."""


def fill_library(
    database: Database, repository: DraftRepository, wanted: int, batch_size: int, say: Callable[[str], None]
) -> Creation:
    """Create drafts until the library holds `wanted` (the trash included); nothing when it already does."""
    existing = repository.count() + repository.count(trash=True)
    if existing >= wanted:
        return Creation(existing, [], [], 0, 0.0, 0.0)
    examples = load_examples(EXAMPLES)
    generator = random.Random(SEED + existing)
    now = dt.datetime.now(dt.UTC)
    drafts: Iterator[VariedDraft] = (varied_draft(index, examples, generator, now) for index in range(existing, wanted))
    # One draft in `every` goes through create(), spread over the whole filling so both rates are
    # measured on a library of the same sizes; the others go in batches.
    every = 1 if batch_size <= 1 else max(1, (wanted - existing) // ONE_BY_ONE_SAMPLE)
    one_by_one: list[float] = []
    one_by_one_cpu: list[float] = []
    batched, batched_seconds = 0, 0.0
    start = time.perf_counter()
    while chunk := list(itertools.islice(drafts, every)):
        draft = chunk[0]
        begin, begin_cpu = time.perf_counter(), time.process_time()
        created = repository.create(draft.report, status=draft.status)
        one_by_one.append(time.perf_counter() - begin)
        one_by_one_cpu.append(time.process_time() - begin_cpu)
        if draft.trashed:
            repository.delete(created.id)
        for first in range(1, len(chunk), batch_size):
            batch = chunk[first : first + batch_size]
            begin = time.perf_counter()  # the transaction only: making up the drafts is not the library's work
            with database.sessions.begin() as session:
                for draft in batch:
                    add_in_session(repository, session, draft)
            batched_seconds += time.perf_counter() - begin
            batched += len(batch)
        done = existing + len(one_by_one) + batched
        if done % PROGRESS_EVERY < len(chunk):
            say(f"  … {done} drafts")
    return Creation(existing, one_by_one, one_by_one_cpu, batched, batched_seconds, time.perf_counter() - start)


# ---------------------------------------------------------------------------------------------
# A cached library, for the benches that only read it (bench/scale.py)


def cache_folder() -> Path:
    configured = os.environ.get(CACHE_VARIABLE, "").strip()
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_cache_path("TroLyBaoCao", appauthor=False) / "bench"


def library_key(drafts: int) -> str:
    """What a library of `drafts` is built from: schema, generator version, examples and folding code."""
    digest = hashlib.sha256(f"{SCHEMA_HEAD}/{LIBRARY_VERSION}/{SEED}/{drafts}".encode())
    # The generator: its data and its code (not the rest of this file, so tuning the bench keeps the cache).
    data = (ISSUERS, SIGNER_NAMES, TOPICS, PERIODS, KINDS, STATUSES, TRASHED_SHARE, REWORDINGS, RARE_SENTENCE)
    digest.update(repr((data, VILLAGES, RARE_EVERY, BATCH_SIZE, ONE_BY_ONE_SAMPLE, _NUMBER.pattern)).encode())
    for function in (load_examples, varied_text, vary_blocks, varied_draft, add_in_session, fill_library):
        digest.update(inspect.getsource(function).encode())
    for path in sorted(EXAMPLES.glob("*.baocao.json")):
        digest.update(path.name.encode() + path.read_bytes())
    for name in KEY_SOURCES:
        digest.update((REPO / name).read_bytes())
    return digest.hexdigest()[:12]


def cached_library(drafts: int, say: Callable[[str], None], *, rebuild: bool = False) -> Path:
    """A library of `drafts` drafts built once and kept in the cache folder, keyed by what it is built from.

    Built into a temporary file and renamed only when complete (an interrupted build leaves nothing usable
    behind); older builds of the same size are removed. Benches that use it must only read it.
    """
    folder = cache_folder()
    path = folder / f"library-{drafts}-{library_key(drafts)}.sqlite3"
    if path.exists() and not rebuild:
        say(f"Library of {drafts} drafts: {path} (cached)")
        return path
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"library-{drafts}-*"):
        stale.unlink(missing_ok=True)
    partial = folder / f"building-{drafts}-{os.getpid()}.sqlite3"
    say(f"Building a library of {drafts} drafts into {path} (once; ≈ {drafts / 180:.0f} s)…")
    started = time.perf_counter()
    database = open_database(f"sqlite:///{partial}")
    try:
        fill_library(database, DraftRepository(database), drafts, BATCH_SIZE, say)
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        database.close()
        for leftover in folder.glob(f"{partial.name}*"):
            leftover.unlink(missing_ok=True)
        raise
    database.close()
    wal = partial.with_name(partial.name + "-wal")
    if file_size(wal):
        raise BenchError(f"{wal} still holds changes after the checkpoint: the library was not cached")
    for suffix in ("-wal", "-shm"):  # empty after the checkpoint
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)
    os.replace(partial, path)
    say(f"  built in {time.perf_counter() - started:.0f} s, {megabytes(file_size(path))}")
    return path


# ---------------------------------------------------------------------------------------------
# The 30-page draft


def section_words(report: Report) -> int:
    """Words of the body: section titles, paragraphs, bullets and tables."""
    return len(body_text({"sections": report_to_data(report)["sections"]}).split())


def build_long_report(folder: Path) -> tuple[Report, int]:
    """An example whose sections are repeated, one at a time, until the body holds 30 pages of words."""
    data = report_to_data(read_report(folder / LONG_EXAMPLE))
    report = report_from_data(data, source="bench")
    copy = report_from_data(data, source="bench").sections
    while (words := section_words(report)) < TARGET_PAGES * WORDS_PER_PAGE:
        if not copy:
            copy = report_from_data(data, source="bench").sections
        report.sections.append(copy.pop(0))
    return report, words


def first_paragraph(report: Report) -> Span:
    """The first plain span of a paragraph in the body: the one the timed saves edit."""
    for _, section in walk_sections(report.sections):
        for block in section.blocks:
            if isinstance(block, Paragraph) and block.inline and isinstance(block.inline[0], Span):
                return block.inline[0]
    raise ValueError("the report has no paragraph to edit")


# ---------------------------------------------------------------------------------------------
# Timing


@dataclass(frozen=True, slots=True)
class Timed:
    """One timed operation: what it is, its target, and the wall and CPU seconds of each timed run."""

    name: str
    action: Callable[[int], object]
    target: float
    wall: list[float]
    cpu: list[float]


def timed_rounds(operations: list[Timed], runs: int) -> None:
    """Every operation once per round, WARMUP_RUNS untimed rounds first: machine noise hits all alike."""
    for run in range(WARMUP_RUNS + runs):
        for operation in operations:
            wall, cpu = time.perf_counter(), time.process_time()
            operation.action(run)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if run >= WARMUP_RUNS:
                operation.wall.append(wall)
                operation.cpu.append(cpu)


def matching_drafts(database: Database, query: str) -> int:
    """How many drafts (the trash included) the full-text index matches: context for the search figures."""
    with database.engine.connect() as connection:
        statement = text("SELECT count(*) FROM drafts_fts WHERE drafts_fts MATCH :query")
        return int(connection.execute(statement, {"query": parse_query(query).fts5()}).scalar_one())


def table_sizes(database: Database) -> str:
    """Megabytes per table and index, largest first (SQLite's dbstat; empty where it is not compiled in)."""
    statement = text("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 3")
    try:
        with database.engine.connect() as connection:
            rows = connection.execute(statement).all()
    except DBAPIError:
        return ""
    return ", ".join(f"{name} {megabytes(size)}" for name, size in rows)


def file_size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# ---------------------------------------------------------------------------------------------
# Main


def target_figure(operation: Timed) -> Figure:
    value = median_ms(operation.wall)
    return Figure(
        operation.name,
        value,
        target=operation.target,
        passed=value <= operation.target,
        cpu_ms=median_ms(operation.cpu),
    )


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--drafts", type=int, help=f"drafts in the library (default {FULL_DRAFTS}, quick {QUICK_DRAFTS})"
    )
    parser.add_argument("--runs", type=int, help=f"timed runs per figure (default {FULL_RUNS}, quick {QUICK_RUNS})")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DRAFTS} drafts and {QUICK_RUNS} runs")
    parser.add_argument("--db", type=Path, help="database file to reuse between runs (filled only up to --drafts)")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=BATCH_SIZE,
        help=f"drafts per transaction after the first {ONE_BY_ONE_SAMPLE} (1: all one by one with create)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on stdout")
    arguments = parser.parse_args(argv)
    if arguments.drafts is None:
        arguments.drafts = QUICK_DRAFTS if arguments.quick else FULL_DRAFTS
    if arguments.runs is None:
        arguments.runs = QUICK_RUNS if arguments.quick else FULL_RUNS
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")
    if arguments.drafts < 1:
        parser.error("--drafts must be at least 1")
    return arguments


def run(arguments: argparse.Namespace, path: Path, say: Callable[[str], None]) -> list[Figure]:
    database = open_database(f"sqlite:///{path}")
    try:
        return measure(arguments, database, path, say)
    finally:
        database.close()


def measure(arguments: argparse.Namespace, database: Database, path: Path, say: Callable[[str], None]) -> list[Figure]:
    repository = DraftRepository(database)
    say(f"Database: {path}")
    creation = fill_library(database, repository, arguments.drafts, arguments.batch_size, say)
    figures: list[Figure] = []
    if creation.total_seconds:
        created = len(creation.one_by_one) + creation.batched
        say(
            f"Created {created} drafts in {creation.total_seconds:.1f} s "
            f"({created / creation.total_seconds:.0f} drafts/s overall; {creation.existing} were already there)"
        )
        if creation.one_by_one:
            each = median_ms(creation.one_by_one)
            say(
                f"  one by one with create(): {len(creation.one_by_one)} drafts, median {each:.2f} ms each "
                f"(≈ {1000 / each:.0f} drafts/s, {sum(creation.one_by_one):.1f} s)"
            )
            figures.append(Figure("create() one draft (one by one)", each, cpu_ms=median_ms(creation.one_by_one_cpu)))
        if creation.batched:
            each = creation.batched_seconds / creation.batched * 1000
            say(
                f"  in batches of {arguments.batch_size} per transaction: {creation.batched} drafts, "
                f"{each:.2f} ms each (≈ {1000 / each:.0f} drafts/s, {creation.batched_seconds:.1f} s)"
            )
            figures.append(Figure(f"create one draft (batches of {arguments.batch_size})", each))
    else:
        say(f"The database already holds {creation.existing} drafts: nothing created")
    total, trashed = repository.count(), repository.count(trash=True)
    say(f"Library: {total} drafts and {trashed} in the trash")

    long_report, words = build_long_report(EXAMPLES)
    say(
        f"30-page draft: {LONG_EXAMPLE} with its sections repeated ({len(long_report.sections)}), {words} words "
        f"(≈ {words / WORDS_PER_PAGE:.1f} pages), {len(dump_report(long_report)) // 1024} KB of report file"
    )
    long_draft = repository.create(long_report)
    year = (long_report.year or dt.date.today().year) + 1
    span = first_paragraph(long_report)
    original = span.text
    version = long_draft.version

    def phrase_search(_: int) -> None:
        repository.search(PHRASE_QUERY)

    def common_search(_: int) -> None:
        repository.search(COMMON_QUERY)

    def list_first_page(_: int) -> None:
        repository.list_drafts()

    def save_long(run: int) -> None:
        nonlocal version
        span.text = original if run % 2 else original + " Số liệu đã được cập nhật đến cuối kỳ báo cáo."
        saved: DraftSummary = repository.save(long_draft.id, long_report, expected_version=version, autosave=False)
        version = saved.version

    def clone_long(_: int) -> None:
        repository.clone(long_draft.id, year=year)

    phrase_hits = len(repository.search(PHRASE_QUERY))
    common_hits = len(repository.search(COMMON_QUERY))
    say(
        f"Matching drafts, the trash included: {matching_drafts(database, PHRASE_QUERY)} for {PHRASE_QUERY} "
        f"({phrase_hits} returned), {matching_drafts(database, COMMON_QUERY)} for {COMMON_QUERY!r} "
        f"({common_hits} returned)"
    )
    if not phrase_hits or not common_hits:
        raise BenchError("a search found nothing: the library was not filled as expected, timings not comparable")
    operations = [
        Timed(f"search {PHRASE_QUERY} (top 20)", phrase_search, TARGET_PHRASE_MS, [], []),
        Timed(f"search {COMMON_QUERY!r} (top 20)", common_search, TARGET_COMMON_MS, [], []),
        Timed("list_drafts() first page (50)", list_first_page, TARGET_LIST_MS, [], []),
        Timed("save() the 30-page draft", save_long, TARGET_SAVE_MS, [], []),
        Timed(f"clone(year={year}) the 30-page draft", clone_long, TARGET_CLONE_MS, [], []),
    ]
    timed_rounds(operations, arguments.runs)
    figures += [target_figure(operation) for operation in operations]
    say(f"Timing: median of {arguments.runs} rounds after {WARMUP_RUNS} warm-up rounds, the operations interleaved")
    wal = path.with_name(path.name + "-wal")
    drafts = repository.count() + repository.count(trash=True)
    say(
        f"Database size: {megabytes(file_size(path))} (+ {megabytes(file_size(wal))} write-ahead log) for {drafts} "
        f"drafts after the timed saves and clones, ≈ {file_size(path) / drafts / 1024:.0f} KB per draft"
    )
    if sizes := table_sizes(database):
        say(f"  largest: {sizes}")
    return figures


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    # With --json, stdout carries only the JSON; the human-readable account goes to stderr.
    out = sys.stderr if arguments.json else sys.stdout

    def say(line: str = "") -> None:
        print(line, file=out, flush=True)

    try:
        if arguments.db is not None:
            figures = run(arguments, arguments.db.expanduser().resolve(), say)
        else:
            with tempfile.TemporaryDirectory(prefix="bench-drafts-") as folder:
                figures = run(arguments, Path(folder) / "baocao.sqlite3", say)
    except ReportFileError as error:
        print(error.describe(), file=sys.stderr)
        return 2
    except BenchError as error:
        print(error, file=sys.stderr)
        return 2

    say()
    print_figures(figures, say, as_json=arguments.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
