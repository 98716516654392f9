"""The command line: a thin layer over core and render (and later db).

Exit codes: 0 done; 1 the output could not be written or another failure; 2 invalid input or usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from app.core.checks import report_warnings
from app.core.files import OutputError
from app.core.report_file import FILE_SUFFIX, Problem, ReportFileError, parse_report, read_report
from app.render.docx import Margins, RenderError, RenderOptions, write_docx

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2

EXIT_CODES_HELP = """mã thoát:
  0  thành công
  1  không ghi được tệp kết quả hoặc lỗi khác (tệp cũ, nếu có, vẫn nguyên vẹn)
  2  tệp đầu vào không hợp lệ hoặc sai cách dùng lệnh (không tệp nào được ghi)"""

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
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "subcommands": "lệnh",
}


def _translate(message: str) -> str:
    return _ARGPARSE_WORDS.get(message, message)


argparse._ = _translate  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog}: lỗi: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="main.py",
        description="Trợ lý Báo cáo: soạn và in báo cáo hành chính đúng thể thức Nghị định 30/2020/NĐ-CP. "
        "Chạy không có lệnh để mở chương trình.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", title="lệnh", metavar="LỆNH", parser_class=_Parser)
    render = commands.add_parser(
        "render",
        help="tạo tệp .docx từ tệp báo cáo",
        description="Tạo tệp Word (.docx) đúng thể thức từ một tệp báo cáo (*.baocao.json). "
        "Tệp kết quả được ghi trọn vẹn hoặc không ghi gì.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    render.add_argument("report", metavar="TỆP_BÁO_CÁO", help="tệp *.baocao.json (hoặc - để đọc từ đầu vào chuẩn)")
    render.add_argument(
        "-o", "--output", metavar="TỆP.docx", help="tệp Word sẽ tạo (mặc định: cùng tên, cùng thư mục với tệp báo cáo)"
    )
    render.add_argument(
        "--margins",
        metavar="T,D,TR,P",
        type=_margins,
        default=Margins(),
        help="lề trên, dưới, trái, phải tính bằng mm (mặc định 25,20,35,20; trong khoảng Nghị định 30 cho phép)",
    )
    render.add_argument(
        "--line-spacing",
        metavar="DÒNG",
        type=_decimal,
        default=1.0,
        help="giãn dòng phần nội dung, từ 1 (dòng đơn) đến 1,5 (mặc định 1)",
    )
    render.add_argument("--json", action="store_true", help="in kết quả dạng JSON cho chương trình khác đọc")
    render.set_defaults(handler=_render)
    return parser


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return EXIT_OK
    handler: Any = arguments.handler
    result: int = handler(arguments)
    return result


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


def _default_output(report_path: str) -> Path:
    path = Path(report_path)
    name = path.name[: -len(FILE_SUFFIX)] if path.name.endswith(FILE_SUFFIX) else path.stem
    return path.with_name(f"{name}.docx")


def _render(arguments: argparse.Namespace) -> int:
    output = Path(arguments.output) if arguments.output else None
    if arguments.report == "-" and output is None:
        return _fail(arguments, EXIT_INVALID, "Khi đọc từ đầu vào chuẩn, hãy chỉ định tệp kết quả bằng -o.")
    output = output or _default_output(arguments.report)
    if output.suffix.lower() != ".docx":
        return _fail(arguments, EXIT_INVALID, f"Tệp kết quả «{output}» phải có đuôi .docx.")
    try:
        if arguments.report == "-":
            report = parse_report(sys.stdin.buffer.read(), "(đầu vào chuẩn)")
        else:
            report = read_report(arguments.report)
    except ReportFileError as error:
        return _fail(arguments, EXIT_INVALID, error.describe(), error.problems)
    options = RenderOptions(margins=arguments.margins, line_spacing=arguments.line_spacing)
    try:
        write_docx(report, output, options)
    except RenderError as error:
        return _fail(arguments, EXIT_INVALID, str(error))
    except OutputError as error:
        return _fail(arguments, EXIT_FAILURE, str(error))
    warnings = report_warnings(report)
    if arguments.json:
        _print_json({"ok": True, "output": str(output), "warnings": [_problem_data(w) for w in warnings]})
    else:
        for warning in warnings:
            print(f"Cảnh báo: {warning}", file=sys.stderr)
        print(f"Đã tạo «{output}».")
    return EXIT_OK


def _fail(arguments: argparse.Namespace, code: int, message: str, problems: list[Problem] | None = None) -> int:
    if arguments.json:
        _print_json(
            {
                "ok": False,
                "error": message,
                "problems": [_problem_data(p) for p in problems or []],
            }
        )
    else:
        print(message, file=sys.stderr)
    return code


def _problem_data(problem: Problem) -> dict[str, str]:
    return {"path": problem.path, "message": problem.message}


def _print_json(data: object, stream: TextIO | None = None) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2), file=stream or sys.stdout)
