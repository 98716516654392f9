"""The command line: a thin layer over core, render and db.

Every command prints Vietnamese for people, or JSON with `--json` for scripts, and exits with a
documented code. Handlers return an Outcome or raise CommandFailed; `main` does the printing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

from app.core.checks import report_warnings
from app.core.files import OutputError
from app.core.model import Profile, Report
from app.core.report_file import FILE_SUFFIX, Problem, ReportFileError, parse_report, read_report, write_report
from app.render.docx import Margins, RenderError, RenderOptions, render_docx, write_docx

if TYPE_CHECKING:
    from app.core.conformance import Conformance

EXIT_OK, EXIT_FAILURE, EXIT_INVALID, EXIT_NOT_FOUND, EXIT_CONFLICT = 0, 1, 2, 3, 4

EXIT_CODES_HELP = """mã thoát:
  0  thành công
  1  không ghi được tệp kết quả, không có LibreOffice hoặc LibreOffice quá thời gian chờ (tệp .pdf),
     lỗi cơ sở dữ liệu hoặc lỗi khác (tệp cũ, nếu có, vẫn nguyên vẹn)
  2  đầu vào không hợp lệ hoặc sai cách dùng lệnh (không tệp nào được ghi)
  3  không có bản nháp với số đã cho
  4  xung đột: bản nháp đã được lưu ở nơi khác (nội dung của bạn vẫn được giữ)"""

CHECK_EXIT_CODES_HELP = """mã thoát:
  0  không có vi phạm (có thể có lưu ý)
  1  có vi phạm thể thức
  2  không đọc được tệp (không phải tệp Word .docx, tệp hỏng, tệp báo cáo sai) hoặc sai cách dùng lệnh"""

# argparse prints its own words in English; these are the ones a user can meet.
_ARGPARSE_WORDS = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)"
    ),
    "expected one argument": "cần một giá trị",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn mơ hồ: %(option)s có thể là %(matches)s",
    "not allowed with argument %s": "không dùng được cùng tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
}


def _translate(message: str) -> str:
    return _ARGPARSE_WORDS.get(message, message)


argparse._ = _translate  # type: ignore[attr-defined]


class CommandFailed(Exception):
    def __init__(self, code: int, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.problems = list(problems)


@dataclass
class Outcome:
    """What a command produced: data for `--json`, lines for people, warnings for stderr."""

    data: Any
    lines: list[str]
    warnings: list[Problem] = field(default_factory=list)
    code: int = EXIT_OK
    errors: list[str] = field(default_factory=list)
    """Printed on stderr, so that stdout stays what scripts read (ids, rows)."""


Handler = Callable[[argparse.Namespace], Outcome]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog}: lỗi: {message}\n")


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None or not hasattr(arguments, "handler"):
        (arguments.subparser if hasattr(arguments, "subparser") else parser).print_help()
        return EXIT_OK
    as_json = getattr(arguments, "json", False)
    try:
        outcome: Outcome = arguments.handler(arguments)
    except CommandFailed as failure:
        if as_json:
            _print_json(
                {"ok": False, "error": failure.message, "problems": [problem_data(p) for p in failure.problems]}
            )
        else:
            print(failure.message, file=sys.stderr)
        return failure.code
    if as_json:
        _print_json(outcome.data)
    else:
        for warning in outcome.warnings:
            print(f"Cảnh báo: {warning}", file=sys.stderr)
        for error in outcome.errors:
            print(error, file=sys.stderr)
        for line in outcome.lines:
            print(line)
    return outcome.code


# -- the parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="main.py",
        description="Trợ lý Báo cáo: soạn và in báo cáo hành chính đúng thể thức Nghị định 30/2020/NĐ-CP. "
        "Chạy không có lệnh để mở chương trình.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", title="lệnh", metavar="LỆNH", parser_class=_Parser)
    output_options = _Parser(add_help=False)
    output_options.add_argument("--json", action="store_true", help="in kết quả dạng JSON cho chương trình khác đọc")

    render = _command(
        commands,
        "render",
        "tạo tệp .docx hoặc .pdf từ tệp báo cáo",
        "Tạo tệp Word (.docx) đúng thể thức từ một tệp báo cáo (*.baocao.json), hoặc tệp PDF "
        "(-o TỆP.pdf, chuyển bằng LibreOffice). Tệp kết quả được ghi trọn vẹn hoặc không ghi gì.",
        [output_options],
        _render_file,
    )
    render.add_argument("report", metavar="TỆP_BÁO_CÁO", help="tệp *.baocao.json (hoặc - để đọc từ đầu vào chuẩn)")
    render.add_argument(
        "--fill-defaults",
        action="store_true",
        help="điền phần mở đầu, kết thúc và nơi nhận còn trống theo mẫu của loại báo cáo (không sửa chữ đã viết)",
    )
    render.add_argument(
        "--report-kind",
        metavar="LOẠI",
        help="loại báo cáo dùng cho --fill-defaults (ví dụ bao-cao-so-ket; mặc định: đoán theo trích yếu và kỳ)",
    )
    render.add_argument(
        "-o",
        "--output",
        metavar="TỆP.docx|TỆP.pdf",
        help="tệp Word hoặc PDF sẽ tạo (mặc định: tệp .docx cùng tên, cùng thư mục với tệp báo cáo)",
    )
    add_layout_options(render)
    add_pdf_options(render)

    check = _command(
        commands,
        "check",
        "kiểm tra thể thức một tệp .docx bất kỳ hoặc tệp báo cáo",
        "Kiểm tra thể thức văn bản theo Nghị định 30/2020/NĐ-CP (văn bản Nhà nước) hoặc theo hướng dẫn của\n"
        "Văn phòng Trung ương Đảng (văn bản của Đảng): khổ giấy, lề, phông và cỡ chữ từng thành phần, Quốc hiệu,\n"
        "số ký hiệu, ngày tháng, tên loại và trích yếu, nội dung, dấu «./.», nơi nhận, chữ ký, số trang.\n"
        "Mỗi điều tìm thấy ghi rõ ở đâu (đoạn thứ mấy, mấy chữ đầu), theo quy tắc nào và cần sửa thế nào;\n"
        "vi phạm quy định và lưu ý về thói quen trình bày được tách riêng. Tệp .docx do Word hay chương trình\n"
        "khác tạo đều được; tệp báo cáo (*.baocao.json) được in ra .docx rồi kiểm tra. Danh sách quy tắc:\n"
        "docs/checks.md.",
        [output_options],
        _check_files,
        epilog=CHECK_EXIT_CODES_HELP,
    )
    check.add_argument("files", nargs="+", metavar="TỆP", help="tệp .docx hoặc *.baocao.json (có thể nhiều tệp)")
    check.add_argument(
        "--profile",
        choices=("state", "party"),
        default=None,
        help="kiểm tra như văn bản Nhà nước (state) hay văn bản của Đảng (party); mặc định: tự nhận ra từ văn bản",
    )

    drafts = commands.add_parser(
        "drafts",
        help="thư viện bản nháp: xem, tìm, nhập, xuất, tạo từ báo cáo cũ, so sánh, xóa, sao lưu",
        description="Thư viện bản nháp lưu trong cơ sở dữ liệu trên máy (mặc định trong thư mục dữ liệu người dùng; "
        "đổi bằng --db TỆP, biến môi trường BAOCAO_DB hoặc --database-url).",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    drafts.set_defaults(subparser=drafts)
    from app import drafts_cli  # keeps `render` free of the database modules

    drafts_cli.add_commands(drafts, output_options)
    return parser


def _command(
    commands: Any,
    name: str,
    summary: str,
    description: str,
    parents: list[argparse.ArgumentParser],
    handler: Handler,
    *,
    epilog: str = EXIT_CODES_HELP,
) -> argparse.ArgumentParser:
    command: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=parents,
    )
    command.set_defaults(handler=handler)
    return command


def add_layout_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--margins",
        metavar="T,D,TR,P",
        type=_margins,
        default=None,
        help="lề trên, dưới, trái, phải tính bằng mm (mặc định 25,20,35,20; văn bản của Đảng 20,20,30,15; "
        "trong khoảng Nghị định 30 cho phép)",
    )
    command.add_argument(
        "--line-spacing",
        metavar="DÒNG",
        type=_decimal,
        default=1.0,
        help="giãn dòng phần nội dung, từ 1 (dòng đơn) đến 1,5 (mặc định 1)",
    )


def add_pdf_options(command: argparse.ArgumentParser) -> None:
    """Options of a .pdf output (docs/pdf.md)."""
    pdf = command.add_argument_group("tệp PDF (-o TỆP.pdf)")
    pdf.add_argument("--pdfa", action="store_true", help="tạo PDF/A-2b để lưu trữ lâu dài")
    pdf.add_argument(
        "--soffice",
        metavar="ĐƯỜNG_DẪN",
        help="chương trình LibreOffice (soffice) hoặc thư mục cài LibreOffice "
        "(mặc định: biến môi trường BAOCAO_SOFFICE, rồi tự tìm)",
    )
    pdf.add_argument(
        "--timeout",
        metavar="GIÂY",
        type=_seconds,
        default=None,
        help="thời gian chờ LibreOffice tối đa, quá thì dừng (mặc định 120 giây)",
    )


def _seconds(text: str) -> float:
    value = _decimal(text)
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"thời gian chờ phải lớn hơn 0 giây, không phải «{text}»")
    return value


def _decimal(text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» không phải là số") from None


def _margins(text: str) -> Margins:
    values = [part.strip() for part in text.replace(";", ",").split(",")] if text.count(",") == 3 else text.split()
    if len(values) != 4:
        raise argparse.ArgumentTypeError("cần 4 số: trên, dưới, trái, phải (ví dụ 25,20,35,20)")
    top, bottom, left, right = (_decimal(value) for value in values)
    margins = Margins(top=top, bottom=bottom, left=left, right=right)
    if problems := margins.problems():
        raise argparse.ArgumentTypeError(" ".join(problems))
    return margins


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngày «{text}» không hợp lệ; viết dạng NNNN-TT-NN, ví dụ 2024-06-05"
        ) from None


# -- render ------------------------------------------------------------------------------------


def _render_file(arguments: argparse.Namespace) -> Outcome:
    output = Path(arguments.output) if arguments.output else None
    if arguments.report == "-" and output is None:
        raise CommandFailed(EXIT_INVALID, "Khi đọc từ đầu vào chuẩn, hãy chỉ định tệp kết quả bằng -o.")
    output = output or _default_output(arguments.report)
    report = load_report_file(arguments.report)
    notes: list[Problem] = []
    if arguments.fill_defaults:
        report, notes = _with_defaults(report, arguments.report_kind)
    outcome = render_to(report, output, arguments)
    outcome.warnings[:0] = notes
    return outcome


def _with_defaults(report: Report, kind_key: str | None) -> tuple[Report, list[Problem]]:
    """The report with its empty opening, closing and Nơi nhận filled from its kind's templates."""
    from app.core.kinds import fill_defaults, load_kinds
    from app.core.paths import data_folder
    from app.core.templating import TemplateProblem

    catalog = load_kinds(data_folder())
    notes = [Problem("loại báo cáo", problem) for problem in catalog.problems]
    kind = catalog.get(kind_key) if kind_key else catalog.for_report(report)
    if kind is None:
        known = ", ".join(kind.key for kind in catalog.for_profile(report.profile))
        wanted = f"«{kind_key}»" if kind_key else "phù hợp"
        raise CommandFailed(EXIT_INVALID, f"Không có loại báo cáo {wanted}; các loại có: {known}.")
    try:
        return fill_defaults(report, kind), notes
    except TemplateProblem as problem:
        raise CommandFailed(EXIT_INVALID, f"Mẫu câu của loại «{kind.key}» có lỗi: {problem}") from None


def load_report_file(source: str) -> Report:
    try:
        if source == "-":
            return parse_report(sys.stdin.buffer.read(), "(đầu vào chuẩn)")
        return read_report(source)
    except ReportFileError as error:
        raise CommandFailed(EXIT_INVALID, error.describe(), error.problems) from None


def render_to(report: Report, output: Path, arguments: argparse.Namespace) -> Outcome:
    """Render a report to `output` (.docx, or .pdf through LibreOffice) atomically, with the command's options."""
    kind = output.suffix.lower()
    if kind not in (".docx", ".pdf"):
        raise CommandFailed(EXIT_INVALID, f"Tệp kết quả «{output}» phải có đuôi .docx hoặc .pdf.")
    if kind == ".docx" and getattr(arguments, "pdfa", False):
        raise CommandFailed(EXIT_INVALID, "Tùy chọn --pdfa chỉ dùng khi tạo tệp .pdf (-o TỆP.pdf).")
    options = RenderOptions(margins=arguments.margins, line_spacing=arguments.line_spacing)
    notes: list[Problem] = []
    try:
        if kind == ".pdf":
            notes = _write_pdf(report, output, options, arguments)
        else:
            write_docx(report, output, options)
    except RenderError as error:
        raise CommandFailed(EXIT_INVALID, str(error)) from None
    except OutputError as error:
        raise CommandFailed(EXIT_FAILURE, str(error)) from None
    warnings = [*report_warnings(report), *notes]
    data = {"ok": True, "output": str(output), "warnings": [problem_data(w) for w in warnings]}
    return Outcome(data, [f"Đã tạo «{output}»."], warnings)


def _write_pdf(report: Report, output: Path, options: RenderOptions, arguments: argparse.Namespace) -> list[Problem]:
    """The .docx rendered in memory, then converted by one LibreOffice run (a one-off command gains
    nothing from a warm converter); warnings about the fonts the PDF will have."""
    from app.render.pdf import DEFAULT_TIMEOUT, PdfError, convert_docx_to_pdf, font_problem

    try:
        document = render_docx(report, options)
    except RenderError as error:
        raise CommandFailed(EXIT_INVALID, str(error)) from None
    try:
        convert_docx_to_pdf(
            document,
            output,
            timeout=getattr(arguments, "timeout", None) or DEFAULT_TIMEOUT,
            pdfa=getattr(arguments, "pdfa", False),
            soffice=getattr(arguments, "soffice", None),
        )
    except PdfError as error:
        raise CommandFailed(EXIT_FAILURE, str(error)) from None
    problem = font_problem()
    return [Problem("phông chữ", problem)] if problem else []


def export_report(report: Report, output: Path) -> None:
    if not output.name.endswith(FILE_SUFFIX) and output.suffix.lower() != ".json":
        raise CommandFailed(EXIT_INVALID, f"Tệp xuất «{output}» phải có đuôi {FILE_SUFFIX}.")
    try:
        write_report(report, output)
    except OutputError as error:
        raise CommandFailed(EXIT_FAILURE, str(error)) from None


def _default_output(report_path: str) -> Path:
    path = Path(report_path)
    name = path.name[: -len(FILE_SUFFIX)] if path.name.endswith(FILE_SUFFIX) else path.stem
    return path.with_name(f"{name}.docx")


# -- check -------------------------------------------------------------------------------------


@dataclass
class _Checked:
    """One checked file: what the checker found, or why it could not be read."""

    name: str
    result: Conformance | None = None
    error: str | None = None

    @property
    def code(self) -> int:
        if self.result is None:
            return EXIT_INVALID
        return EXIT_FAILURE if self.result.violations else EXIT_OK

    def data(self) -> dict[str, Any]:
        if self.result is None:
            return {"file": self.name, "ok": False, "error": self.error}
        return {
            "file": self.name,
            "ok": not self.result.violations,
            "profile": self.result.profile,
            "violations": [finding.to_data() for finding in self.result.violations],
            "warnings": [finding.to_data() for finding in self.result.warnings],
        }


def _check_files(arguments: argparse.Namespace) -> Outcome:
    checked = [_check_one(name, arguments.profile) for name in arguments.files]
    if len(checked) == 1 and checked[0].result is None:
        raise CommandFailed(EXIT_INVALID, checked[0].error or "")
    lines: list[str] = []
    for result in checked:
        if lines:
            lines.append("")
        lines += _check_lines(result)
    code = max(result.code for result in checked)
    if len(checked) == 1:
        data: dict[str, Any] = checked[0].data()
    else:
        data = {"ok": code == EXIT_OK, "files": [result.data() for result in checked]}
    return Outcome(data, lines, code=code)


def _check_one(name: str, profile: str | None) -> _Checked:
    from app.core.conformance import Conformance, conform_docx
    from app.core.docx_package import PackageRefused
    from app.render.report_check import check_report

    path = Path(name)
    if not path.is_file():
        reason = "đây là một thư mục, không phải tệp" if path.is_dir() else "không tìm thấy tệp"
        return _Checked(name, error=f"«{name}»: {reason}; hãy kiểm tra đường dẫn.")
    if name.endswith(FILE_SUFFIX) or path.suffix.lower() == ".json":
        try:
            report = read_report(path, complete=False)
        except ReportFileError as error:
            return _Checked(name, error=error.describe())
        if profile is not None and profile != report.profile:
            kind = "của Đảng" if report.profile == "party" else "Nhà nước"
            return _Checked(
                name, error=f"«{name}» là báo cáo {kind}; bỏ --profile để kiểm tra theo đúng loại văn bản của nó."
            )
        return _Checked(name, Conformance(report.profile, check_report(report)))
    try:
        return _Checked(name, conform_docx(path, profile=cast("Profile | None", profile)))
    except PackageRefused as refused:
        return _Checked(name, error=f"«{name}»: {refused}")


def _check_lines(checked: _Checked) -> list[str]:
    result = checked.result
    if result is None:
        return [checked.error or ""]
    kind = "văn bản của Đảng" if result.profile == "party" else "văn bản Nhà nước"
    violations, warnings = result.violations, result.warnings
    if not result.findings:
        return [f"«{checked.name}» ({kind}): đúng thể thức, không có vi phạm hay lưu ý nào."]
    lines = [f"«{checked.name}» ({kind}): {len(violations)} vi phạm, {len(warnings)} lưu ý."]
    for heading, findings in (("Vi phạm", violations), ("Lưu ý", warnings)):
        if not findings:
            continue
        lines.append(f"{heading}:")
        for number, finding in enumerate(findings, start=1):
            lines.append(f"  {number}. {finding.element} – {finding.where()}: {finding.message}")
            lines.append(f"     Cách sửa: {finding.advice}")
            lines.append(f"     Quy tắc: {finding.rule} ({finding.reference})")
    return lines


# -- output ------------------------------------------------------------------------------------


def problem_data(problem: Problem) -> dict[str, str]:
    return {"path": problem.path, "message": problem.message}


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@contextmanager
def failing_as(code: int, *errors: type[Exception]) -> Iterator[None]:
    """Turn the given exceptions into a CommandFailed with their (Vietnamese) message."""
    try:
        yield
    except errors as error:
        raise CommandFailed(code, str(error)) from None
