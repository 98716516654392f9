"""`main.py drafts …`: the drafts library from the command line (a thin layer over db.repository)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.cli import (
    EXIT_CODES_HELP,
    EXIT_CONFLICT,
    EXIT_FAILURE,
    EXIT_INVALID,
    EXIT_NOT_FOUND,
    EXIT_OK,
    CommandFailed,
    Outcome,
    add_layout_options,
    add_pdf_options,
    export_report,
    failing_as,
    iso_date,
    problem_data,
    render_to,
)
from app.core.diff import diff_reports, diff_to_data, format_diff
from app.core.model import Report
from app.core.numbering import numbered_sections
from app.core.report_file import FILE_SUFFIX, ReportFileError, read_report, report_to_data
from app.core.rollforward import PERIOD_CHOICES
from app.importers.files import import_file
from app.importers.result import ImportRefused, ImportResult
from db.backup import (
    FOLDER_NAME,
    automatic_backup,
    backup_database,
    backups_in,
    count_drafts,
    list_backups,
    newest_good_backup,
    restore_backup,
    restore_file,
)
from db.engine import DatabaseError, database_url, describe_database_error, open_database
from db.repository import (
    STATUSES,
    ConflictError,
    DraftRepository,
    DraftSummary,
    Filters,
    NotFoundError,
    RepositoryError,
)


def add_commands(drafts: argparse.ArgumentParser, output_options: argparse.ArgumentParser) -> None:
    database_options = argparse.ArgumentParser(add_help=False)
    database_options.add_argument(
        "--db", metavar="TỆP", help="tệp cơ sở dữ liệu SQLite (mặc định: BAOCAO_DB hoặc thư mục dữ liệu)"
    )
    database_options.add_argument(
        "--database-url", metavar="URL", help="địa chỉ SQLAlchemy, ví dụ postgresql+psycopg://…"
    )
    filter_options = argparse.ArgumentParser(add_help=False)
    filter_options.add_argument("--year", type=int, metavar="NĂM", help="chỉ bản nháp của năm này")
    filter_options.add_argument("--kind", metavar="LOẠI", help="loại văn bản: bao-cao, thong-bao, ke-hoach, to-trinh")
    filter_options.add_argument("--issuer", metavar="CƠ_QUAN", help="cơ quan ban hành (gõ có dấu hay không đều được)")
    filter_options.add_argument("--status", metavar="TRẠNG_THÁI", help=", ".join(STATUSES.values()))
    parents = [database_options, output_options]
    commands = drafts.add_subparsers(dest="drafts_command", title="lệnh", metavar="LỆNH", parser_class=type(drafts))

    def command(name: str, summary: str, handler: Any, *extra: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser(
            name,
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog=EXIT_CODES_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=[*parents, *extra],
        )
        parser.set_defaults(handler=handler)
        return parser

    listing = command("list", "liệt kê bản nháp, mới sửa trước", _list, filter_options)
    listing.add_argument("--trash", action="store_true", help="liệt kê thùng rác")
    listing.add_argument("--limit", type=int, default=50, metavar="N", help="số dòng mỗi trang (mặc định 50)")
    listing.add_argument("--page", type=int, default=1, metavar="TRANG", help="trang thứ mấy (mặc định 1)")

    show = command("show", "xem một bản nháp", _show)
    show.add_argument("id", type=int, metavar="SỐ")

    history = command("history", "các lần lưu của một bản nháp", _history)
    history.add_argument("id", type=int, metavar="SỐ")

    importing = command(
        "import",
        "nhập tệp báo cáo (*.baocao.json), tệp Word (.docx, .doc) hoặc văn bản (.txt) thành bản nháp; "
        "với thư mục: mọi tệp như vậy trong đó",
        _import,
    )
    importing.add_argument("source", metavar="TỆP_HOẶC_THƯ_MỤC")
    importing.add_argument(
        "--dry-run",
        action="store_true",
        help="chỉ nhận dạng và in báo cáo nhập (đã nhận ra, đã đoán, cần kiểm tra), không lưu gì",
    )
    importing.add_argument(
        "--soffice",
        metavar="ĐƯỜNG_DẪN",
        help="LibreOffice để đọc tệp .doc (mặc định: biến môi trường BAOCAO_SOFFICE, rồi tự tìm)",
    )

    export = command("export", "xuất bản nháp ra tệp *.baocao.json", _export)
    export.add_argument("id", type=int, metavar="SỐ")
    export.add_argument("-o", "--output", required=True, metavar="TỆP.baocao.json")

    search = command(
        "search", "tìm bản nháp (không phân biệt hoa thường, có dấu hay không dấu)", _search, filter_options
    )
    search.add_argument("query", metavar="TỪ_KHÓA", help='từ cần tìm; đặt trong "…" để tìm cả cụm')
    search.add_argument("--limit", type=int, default=20, metavar="N")

    clone = command("clone", "tạo bản nháp mới từ báo cáo cũ, chuyển năm và kỳ báo cáo", _clone)
    clone.add_argument("id", type=int, metavar="SỐ")
    clone.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm của báo cáo mới")
    clone.add_argument(
        "--period",
        choices=sorted(PERIOD_CHOICES),
        metavar="KỲ",
        help="kỳ báo cáo mới: " + ", ".join(sorted(PERIOD_CHOICES)),
    )

    diff = command("diff", "so sánh hai bản nháp theo từng mục", _diff)
    diff.add_argument("old", type=int, metavar="SỐ_CŨ")
    diff.add_argument("new", type=int, metavar="SỐ_MỚI")

    remove = command("delete", "chuyển bản nháp vào thùng rác (khôi phục được)", _delete)
    remove.add_argument("id", type=int, metavar="SỐ")

    restore = command(
        "restore", "lấy bản nháp ra khỏi thùng rác, hoặc khôi phục cơ sở dữ liệu từ bản sao lưu", _restore
    )
    target = restore.add_mutually_exclusive_group(required=True)
    target.add_argument("id", type=int, nargs="?", metavar="SỐ")
    target.add_argument(
        "--from-backup", metavar="TỆP|latest", help="khôi phục toàn bộ từ bản sao lưu (bản hiện tại được sao lưu trước)"
    )

    backup = command("backup", "sao lưu cơ sở dữ liệu", _backup)
    backup.add_argument("-o", "--output", metavar="TỆP", help="nơi ghi bản sao lưu (mặc định: thư mục sao-luu)")
    backup.add_argument("--list", action="store_true", help="liệt kê các bản sao lưu")

    status = command("status", "đổi trạng thái; ghi số và ngày văn thư đã cấp", _status)
    status.add_argument("id", type=int, metavar="SỐ")
    status.add_argument("status", metavar="TRẠNG_THÁI", help=", ".join(STATUSES.values()))
    status.add_argument("--number", type=int, metavar="SỐ_VĂN_BẢN")
    status.add_argument("--date", type=iso_date, metavar="NNNN-TT-NN")

    render = command("render", "tạo tệp .docx hoặc .pdf (qua LibreOffice) từ một bản nháp", _render)
    render.add_argument("id", type=int, metavar="SỐ")
    render.add_argument("-o", "--output", required=True, metavar="TỆP.docx|TỆP.pdf")
    add_layout_options(render)
    add_pdf_options(render)


@contextmanager
def _library(arguments: argparse.Namespace) -> Iterator[DraftRepository]:
    """The repository for one command; library errors become exit codes with their message."""
    url = database_url(url=arguments.database_url, path=arguments.db)
    try:
        database = open_database(url)
    except DatabaseError as error:
        raise CommandFailed(EXIT_FAILURE, str(error)) from None
    try:
        if not os.environ.get("BAOCAO_NO_AUTO_BACKUP"):
            with failing_as(EXIT_FAILURE, DatabaseError):
                automatic_backup(database)
        yield DraftRepository(database)
    except NotFoundError as error:
        raise CommandFailed(EXIT_NOT_FOUND, str(error)) from None
    except ConflictError as error:
        raise CommandFailed(EXIT_CONFLICT, str(error)) from None
    except RepositoryError as error:
        raise CommandFailed(EXIT_INVALID, str(error)) from None
    except DatabaseError as error:
        raise CommandFailed(EXIT_FAILURE, str(error)) from None
    except DBAPIError as error:  # e.g. a read-only file or a full disk met while writing
        raise CommandFailed(EXIT_FAILURE, describe_database_error(error, url)) from None
    finally:
        database.close()


def _filters(arguments: argparse.Namespace) -> Filters:
    return Filters(year=arguments.year, kind=arguments.kind, issuer=arguments.issuer, status=arguments.status)


def _row(draft: DraftSummary) -> str:
    year = draft.year or "—"
    return f"{draft.id:>6}  {year}  {draft.status_label:<12}  {draft.updated_at:%d/%m/%Y %H:%M}  {draft.title}"


def _list(arguments: argparse.Namespace) -> Outcome:
    with _library(arguments) as library:
        filters = _filters(arguments)
        limit = max(1, arguments.limit)
        drafts = library.list_drafts(
            filters, trash=arguments.trash, limit=limit, offset=(max(1, arguments.page) - 1) * limit
        )
        total = library.count(filters, trash=arguments.trash)
    heading = "Thùng rác" if arguments.trash else "Bản nháp"
    lines = [f"{heading}: {total} (trang {arguments.page})", *map(_row, drafts)]
    return Outcome([draft.to_data() for draft in drafts], lines)


def _show(arguments: argparse.Namespace) -> Outcome:
    with _library(arguments) as library:
        record = library.get(arguments.id, include_deleted=True)
    draft, report = record.summary, record.report
    lines = [
        f"Bản nháp {draft.id}: {draft.title}",
        f"  Cơ quan: {draft.issuer}  ·  Năm: {draft.year or '—'}  ·  Kỳ: {draft.period or '—'}",
        f"  Trạng thái: {draft.status_label}  ·  Phiên bản: {draft.version}"
        f"  ·  Sửa lúc: {draft.updated_at:%d/%m/%Y %H:%M}",
    ]
    for numbered in numbered_sections(report.sections):
        indent = "  " * numbered.depth
        lines.append(f"{indent}{numbered.label or ''} {numbered.section.title}".rstrip())
    return Outcome({"draft": draft.to_data(), "report": report_to_data(report)}, lines)


def _history(arguments: argparse.Namespace) -> Outcome:
    with _library(arguments) as library:
        revisions = library.revisions(arguments.id)
    data = [
        {
            "id": r.id,
            "version": r.version,
            "kind": r.kind,
            "kind_label": r.kind_label,
            "created_at": r.created_at.isoformat(),
        }
        for r in revisions
    ]
    lines = [f"{r.id:>6}  phiên bản {r.version:<4} {r.created_at:%d/%m/%Y %H:%M:%S}  {r.kind_label}" for r in revisions]
    return Outcome(data, lines)


IMPORTED_SUFFIXES = (FILE_SUFFIX, ".docx", ".doc", ".txt")
"""What `drafts import FOLDER` picks up: report files, Word files and plain text."""


def _import_candidates(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and path.name.lower().endswith(IMPORTED_SUFFIXES) and not path.name.startswith("~$")
    )


def _import(arguments: argparse.Namespace) -> Outcome:
    """Report files are read as they are; Word and text files go through the recogniser, whose report is printed.

    Everything is read and recognised before the database is opened: a refused file writes nothing.
    """
    source = Path(arguments.source)
    if source.is_dir():
        files = _import_candidates(source)
        if not files:
            raise CommandFailed(
                EXIT_INVALID,
                f"Thư mục «{source}» không có tệp {FILE_SUFFIX} nào, cũng không có tệp Word (.docx, .doc) "
                "hay văn bản (.txt); hãy chọn thư mục khác.",
            )
    else:
        files = [source]
    failed: list[dict[str, Any]] = []
    errors: list[str] = []
    ready: list[tuple[Path, Report, ImportResult | None]] = []
    for path in files:
        if path.name.lower().endswith(FILE_SUFFIX):
            try:
                ready.append((path, read_report(path), None))
            except ReportFileError as error:
                failed.append({"file": str(path), "problems": [problem_data(p) for p in error.problems]})
                errors.append(error.describe())
            continue
        try:
            result = import_file(path, soffice=arguments.soffice)
        except ImportRefused as error:
            failed.append({"file": str(path), "error": str(error), "problems": []})
            errors.append(f"Không nhập được «{path}»: {error}")
            continue
        ready.append((path, result.report, result))
    lines: list[str] = []
    imported: list[dict[str, Any]] = []
    checked: list[dict[str, Any]] = []
    if arguments.dry_run:
        for path, report, recognised in ready:
            entry: dict[str, Any] = {"file": str(path), "report": report_to_data(report)}
            if recognised is not None:
                entry["import"] = recognised.to_data()
                lines.extend(recognised.summary().splitlines())
            else:
                lines.append(f"Tệp báo cáo «{path}» đọc được, không có lỗi.")
            lines.append("(Chạy thử: chưa lưu bản nháp nào.)")
            checked.append(entry)
    elif ready:
        with _library(arguments) as library:
            for path, report, recognised in ready:
                draft = library.create(report)
                entry = {**draft.to_data(), "file": str(path)}
                lines.append(f"{draft.id}\tĐã nhập «{path}» thành bản nháp {draft.id}.")
                if recognised is not None:
                    entry["import"] = recognised.to_data()
                    lines.extend(f"  {line}" for line in recognised.summary().splitlines())
                imported.append(entry)
    code = EXIT_INVALID if failed else EXIT_OK
    data: dict[str, Any] = {"imported": imported, "failed": failed}
    if arguments.dry_run:
        data["dry_run"] = True
        data["checked"] = checked
    return Outcome(data, lines, code=code, errors=errors)


def _export(arguments: argparse.Namespace) -> Outcome:
    with _library(arguments) as library:
        record = library.get(arguments.id, include_deleted=True)
    output = Path(arguments.output)
    export_report(record.report, output)
    return Outcome(
        {"ok": True, "id": record.summary.id, "output": str(output)},
        [f"Đã xuất bản nháp {record.summary.id} ra «{output}»."],
    )


def _search(arguments: argparse.Namespace) -> Outcome:
    with _library(arguments) as library:
        hits = library.search(arguments.query, _filters(arguments), limit=max(1, arguments.limit))
    data = [
        {
            **hit.draft.to_data(),
            "snippet": hit.snippet.text,
            "highlights": [list(h) for h in hit.snippet.highlights],
            "rank": hit.rank,
        }
        for hit in hits
    ]
    lines = [f"Tìm thấy {len(hits)} bản nháp cho «{arguments.query}»."]
    for hit in hits:
        lines += [_row(hit.draft), f"        {hit.snippet.marked()}"]
    return Outcome(data, lines)


def _clone(arguments: argparse.Namespace) -> Outcome:
    with _library(arguments) as library:
        result = library.clone(arguments.id, year=arguments.year, period=arguments.period)
    replacements = [
        {"path": r.path, "before": r.before, "after": r.after, "context": r.context} for r in result.replacements
    ]
    lines = [
        str(result.draft.id),
        f"Đã tạo bản nháp {result.draft.id} từ bản nháp {arguments.id}: {result.draft.title}",
        f"Đã thay {len(replacements)} chỗ; số, ngày và tháng ban hành đã được xóa để văn thư cấp; "
        "mọi mục được đánh dấu «cần rà soát»:",
        *(f"  {r.path}: «{r.before}» → «{r.after}»   ({r.context})" for r in result.replacements),
    ]
    return Outcome({**result.draft.to_data(), "replacements": replacements}, lines)


def _diff(arguments: argparse.Namespace) -> Outcome:
    with _library(arguments) as library:
        old = library.get(arguments.old, include_deleted=True)
        new = library.get(arguments.new, include_deleted=True)
    difference = diff_reports(old.report, new.report)
    text = format_diff(difference, color=sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    heading = f"So sánh bản nháp {arguments.old} (cũ) với {arguments.new} (mới): {difference.summary()}"
    return Outcome({"old": arguments.old, "new": arguments.new, **diff_to_data(difference)}, [heading, text])


def _delete(arguments: argparse.Namespace) -> Outcome:
    with _library(arguments) as library:
        draft = library.delete(arguments.id)
    return Outcome(
        draft.to_data(),
        [f"Đã chuyển bản nháp {draft.id} vào thùng rác (khôi phục: main.py drafts restore {draft.id})."],
    )


def _restore(arguments: argparse.Namespace) -> Outcome:
    if arguments.id is not None:
        with _library(arguments) as library:
            draft = library.restore(arguments.id)
        return Outcome(draft.to_data(), [f"Đã khôi phục bản nháp {draft.id} từ thùng rác."])
    # The database is not opened first: restoring must work on a damaged one, and an automatic
    # backup taken now would become the "latest" backup.
    url = make_url(database_url(url=arguments.database_url, path=arguments.db))
    if url.get_backend_name() != "sqlite" or not url.database:
        raise CommandFailed(EXIT_INVALID, "Khôi phục từ bản sao lưu chỉ dành cho cơ sở dữ liệu SQLite trên máy.")
    path = Path(url.database)
    if arguments.from_backup == "latest":
        folder = path.parent / FOLDER_NAME
        if not backups_in(folder):
            raise CommandFailed(EXIT_NOT_FOUND, f"Chưa có bản sao lưu nào trong «{folder}».")
        backup = newest_good_backup(folder)
        if backup is None:
            raise CommandFailed(
                EXIT_FAILURE, f"Mọi bản sao lưu trong «{folder}» đều hỏng; hãy chọn tệp bằng --from-backup TỆP."
            )
        with failing_as(EXIT_FAILURE, DatabaseError, OSError):
            restored = restore_backup(path, backup)
        source, safety, count, lines = backup.path, restored.kept_at, restored.drafts, [restored.message()]
    else:
        source = Path(arguments.from_backup)
        with failing_as(EXIT_FAILURE, DatabaseError, OSError):
            safety = restore_file(path, source)
            count = count_drafts(path)
        lines = [
            f"Đã khôi phục cơ sở dữ liệu từ «{source}» ({count} bản nháp).",
            f"Dữ liệu trước khi khôi phục được giữ tại «{safety}».",
        ]
    return Outcome({"ok": True, "restored_from": str(source), "previous_saved_to": str(safety), "drafts": count}, lines)


def _backup(arguments: argparse.Namespace) -> Outcome:
    with _library(arguments) as library, failing_as(EXIT_FAILURE, DatabaseError):
        if arguments.list:
            backups = list_backups(library.database)
            data = [
                {"path": str(b.path), "taken_at": b.taken_at.isoformat(), "reason": b.reason, "size": b.size}
                for b in backups
            ]
            lines = [f"{b.taken_at:%d/%m/%Y %H:%M:%S}  {b.size / 1024:>8.0f} KB  {b.path}" for b in backups]
            return Outcome(data, lines or ["Chưa có bản sao lưu nào."])
        path = backup_database(
            library.database, reason="thu-cong", destination=Path(arguments.output) if arguments.output else None
        )
    return Outcome({"ok": True, "path": str(path)}, [f"Đã sao lưu vào «{path}»."])


def _status(arguments: argparse.Namespace) -> Outcome:
    with _library(arguments) as library:
        draft = library.set_status(arguments.id, arguments.status, number=arguments.number, issued_on=arguments.date)
    return Outcome(draft.to_data(), [f"Bản nháp {draft.id}: {draft.status_label}."])


def _render(arguments: argparse.Namespace) -> Outcome:
    with _library(arguments) as library:
        record = library.get(arguments.id, include_deleted=True)
    return render_to(record.report, Path(arguments.output), arguments)
