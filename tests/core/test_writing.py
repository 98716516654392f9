"""Writing checks on a draft (app/core/writing.py): each check on a report that triggers exactly it, the shared
examples (correct reports) with no violation, and any generated report checked without an exception."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.checks import report_warnings
from app.core.findings import Finding
from app.core.model import Bullet, Footnote, Issuer, Paragraph, Report, Section, Signature, Span, Table
from app.core.report_file import read_report
from app.core.writing import (
    REMINDER_RULES,
    path_order,
    said_by_writing,
    text_fields,
    typed_dates,
    writing_findings,
)
from tests.conftest import EXAMPLE_NAMES, example_path

TODAY = dt.date(2026, 11, 22)


def clean_report() -> Report:
    """A short, correct report of a commune (after the reform): no writing check has anything to say."""
    return Report(
        issuer=Issuer(name="ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", code="UBND", place="Trà Tây"),
        signature=Signature(title="CHỦ TỊCH", name="Đinh Văn Hòa"),
        number=12,
        date=dt.date(2026, 3, 10),
        summary="Sơ kết công tác dân vận năm 2025",
        to=["Ủy ban nhân dân tỉnh Quảng Ngãi"],
        basis=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"],
        opening=[
            Paragraph(
                [
                    Span(
                        "Thực hiện Kế hoạch số 05/KH-UBND ngày 05/01/2026 của Ủy ban nhân dân (UBND) xã về "
                        "phong trào thi đua “Dân vận khéo”, Ủy ban nhân dân xã Trà Tây báo cáo như sau:"
                    )
                ]
            )
        ],
        sections=[
            Section(
                "Kết quả thực hiện",
                [
                    Paragraph([Span("Đã tổ chức 05 hội nghị tuyên truyền, thu hút hơn 1.500 lượt người tham dự.")]),
                    Bullet([Span("Mặt trận Tổ quốc (MTTQ) xã phối hợp vận động Nhân dân; MTTQ các thôn tham gia.")]),
                    Section(
                        "Mô hình “Dân vận khéo”",
                        [
                            Paragraph(
                                [
                                    Span("Xây dựng 07 mô hình ở các thôn"),
                                    Footnote("Quyết định số 21/QĐ-UBND ngày 29 tháng 02 năm 2024 của UBND xã."),
                                    Span(", đạt chuẩn OCOP 3 sao; giai đoạn II triển khai từ 01/4/2026."),
                                ]
                            )
                        ],
                    ),
                    Table(header=[["STT", "Nội dung", "Kết quả"]], rows=[["1", "Hội nghị", 5]], caption="ĐVT: cuộc"),
                ],
            )
        ],
        closing=[Paragraph([Span("Trên đây là báo cáo công tác dân vận năm 2025 của Ủy ban nhân dân xã Trà Tây.")])],
        recipients=["Thường trực Đảng ủy xã", "CT, PCT UBND xã"],
        archive="VT, VP",
    )


def found(report: Report) -> list[tuple[str, str, str]]:
    return [(finding.rule, finding.path or "", finding.severity) for finding in writing_findings(report, TODAY)]


def test_a_correct_report_gets_nothing_to_look_at() -> None:
    assert found(clean_report()) == []


def body(report: Report, text: str) -> Report:
    report.sections[0].blocks[0] = Paragraph([Span(text)])
    return report


def opening(report: Report, text: str) -> Report:
    report.opening = [Paragraph([Span(text)])]
    return report


def signature(report: Report, **fields: object) -> Report:
    report.signature = dataclasses.replace(report.signature, **fields)  # type: ignore[arg-type]
    return report


def party(report: Report) -> Report:
    report.profile = "party"
    report.issuer = Issuer(name="ĐẢNG ỦY XÃ TRÀ TÂY", code="ĐU", place="Trà Tây", parent="ĐẢNG BỘ TỈNH QUẢNG NGÃI")
    report.archive = "Văn phòng Đảng ủy"
    report.recipients = ["Ban Thường vụ Tỉnh ủy"]
    return report


Change = Callable[[Report], Report]
EXACTLY_ONE: list[tuple[str, Change, tuple[str, str, str]]] = [
    # Dates written in the text: Nghị định 30's way is a convention for citations (a warning)
    (
        "day without its zero",
        lambda r: opening(r, "Thực hiện Công văn số 12/UBND-VP ngày 5/1/2026 của UBND xã, báo cáo như sau:"),
        ("writing.date-format", "opening[0]", "warning"),
    ),
    (
        "month 6 padded",
        lambda r: body(r, "Hội nghị tổ chức ngày 15/06/2026 tại hội trường xã."),
        ("writing.date-format", "sections[0].blocks[0]", "warning"),
    ),
    (
        "spaces inside a date",
        lambda r: body(r, "Kế hoạch số 106-KH/ĐU ngày 28/ 02/ 2026 về dân vận."),
        ("writing.date-format", "sections[0].blocks[0]", "warning"),
    ),
    (
        "worded date",
        lambda r: body(r, "Nghị quyết số 25-NQ/TW ngày 3 tháng 6 năm 2013 của Ban Chấp hành Trung ương."),
        ("writing.date-format", "sections[0].blocks[0]", "warning"),
    ),
    (
        "a day that is not on the calendar",
        lambda r: body(r, "Kế hoạch số 13/KH-UBND ngày 30/02/2026 của xã."),
        ("writing.date-invalid", "sections[0].blocks[0]", "warning"),
    ),
    # Số: a reminder only
    ("no number", lambda r: dataclasses.replace(r, number=None), ("writing.number-slot", "number", "warning")),
    # Chữ ký
    (
        "TM. typed in the collective's name",
        lambda r: signature(r, on_behalf_of="TM. ỦY BAN NHÂN DÂN"),
        ("writing.authority", "signature.on_behalf_of", "violation"),
    ),
    (
        "TM. before a position",
        lambda r: signature(r, on_behalf_of="CHỦ TỊCH"),
        ("writing.authority", "signature.on_behalf_of", "warning"),
    ),
    (
        "KT. typed in the head's title",
        lambda r: signature(r, mode="KT", head_title="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH"),
        ("writing.authority", "signature.head_title", "violation"),
    ),
    (
        "KT. typed as the signer's title",
        lambda r: signature(r, title="KT. CHỦ TỊCH"),
        ("writing.authority", "signature.title", "warning"),
    ),
    (
        "a Party prefix in a state document",
        lambda r: signature(r, title="T/M ỦY BAN NHÂN DÂN"),
        ("writing.authority", "signature.title", "violation"),
    ),
    (
        "a deputy signing without KT.",
        lambda r: signature(r, title="PHÓ CHỦ TỊCH"),
        ("writing.authority", "signature.mode", "warning"),
    ),
    (
        "the head signing KT. for himself",
        lambda r: signature(r, mode="KT", head_title="CHỦ TỊCH", title="CHỦ TỊCH"),
        ("writing.authority", "signature.title", "warning"),
    ),
    (
        "Q. in a Party document",
        lambda r: signature(party(r), mode="Q", head_title="BÍ THƯ", title="PHÓ BÍ THƯ"),
        ("writing.authority", "signature.mode", "warning"),
    ),
    (
        "an academic title before the name",
        lambda r: signature(r, name="TS. Đinh Văn Hòa"),
        ("writing.signer-name", "signature.name", "violation"),
    ),
    # Kính gửi ↔ Như trên
    (
        "«Như trên» without a Kính gửi",
        lambda r: dataclasses.replace(r, to=[], recipients=["Như trên", "Thường trực Đảng ủy xã"]),
        ("writing.as-above", "recipients[0]", "violation"),
    ),
    (
        "the addressee again in Nơi nhận",
        lambda r: dataclasses.replace(r, recipients=["Thường trực Đảng ủy xã", "- Ủy ban nhân dân tỉnh Quảng Ngãi;"]),
        ("writing.as-above", "recipients[1]", "warning"),
    ),
    (
        "«Kính gửi» typed in the Kính gửi line",
        lambda r: dataclasses.replace(r, to=["Kính gửi: Ủy ban nhân dân tỉnh Quảng Ngãi"]),
        ("writing.as-above", "to[0]", "violation"),
    ),
    # Typing
    (
        "double space",
        lambda r: body(r, "Đã tổ chức  05 hội nghị tuyên truyền."),
        ("writing.double-space", "sections[0].blocks[0]", "warning"),
    ),
    (
        "straight quotes among curly ones",
        lambda r: body(r, 'Hưởng ứng phong trào "Dân vận khéo" trong toàn xã.'),
        ("writing.quotes", "sections[0].blocks[0]", "warning"),
    ),
    (
        "a closing quote used to open",
        lambda r: body(r, "Hưởng ứng phong trào ”Dân vận khéo” trong toàn xã."),
        ("writing.quotes", "sections[0].blocks[0]", "warning"),
    ),
    (
        "a body paragraph in capitals",
        lambda r: body(r, "ĐÃ TỔ CHỨC 05 HỘI NGHỊ TUYÊN TRUYỀN"),
        ("writing.all-caps", "sections[0].blocks[0]", "violation"),
    ),
    (
        "a trích yếu in capitals",
        lambda r: dataclasses.replace(r, summary="SƠ KẾT CÔNG TÁC DÂN VẬN NĂM 2025"),
        ("writing.all-caps", "summary", "violation"),
    ),
    (
        "the signer's name in capitals",
        lambda r: signature(r, name="ĐINH VĂN HÒA"),
        ("writing.all-caps", "signature.name", "violation"),
    ),
    (
        "an abbreviation never spelled out",
        lambda r: body(r, "Hội đồng nhân dân xã giám sát; HĐND xã họp 02 kỳ, HĐND huyện dự."),
        ("writing.abbreviation", "sections[0].blocks[0]", "warning"),
    ),
    (
        "an abbreviation used before its definition",
        lambda r: opening(r, "Thực hiện chỉ đạo của BTV Đảng ủy, Ban Thường vụ (BTV) báo cáo như sau:"),
        ("writing.abbreviation", "opening[0]", "warning"),
    ),
    # After 1/7/2025
    (
        "a district-level issuer",
        lambda r: dataclasses.replace(r, issuer=Issuer("ỦY BAN NHÂN DÂN\nHUYỆN BÌNH SƠN", "UBND", "Bình Sơn")),
        ("writing.district-name", "issuer.name", "warning"),
    ),
    # Dates of issue
    (
        "a date of issue in the future",
        lambda r: dataclasses.replace(r, date=dt.date(2026, 12, 1)),
        ("writing.future-date", "date", "warning"),
    ),
    (
        "a year of issue in the future",
        lambda r: dataclasses.replace(r, date=2027),
        ("writing.future-date", "date", "warning"),
    ),
    (
        "a cited document issued after the report",
        lambda r: opening(r, "Thực hiện Công văn số 1444/UBND-NV ngày 18/5/2026 của UBND tỉnh, báo cáo như sau:"),
        ("writing.cited-after", "opening[0]", "warning"),
    ),
    (
        "a căn cứ issued after the report",
        lambda r: dataclasses.replace(r, basis=["Căn cứ Nghị quyết của Hội đồng nhân dân xã ngày 20 tháng 4 năm 2026"]),
        ("writing.cited-after", "basis[0]", "warning"),
    ),
    # What the command line's render warns about, folded in
    (
        "an empty section",
        lambda r: dataclasses.replace(r, sections=[*r.sections, Section("Kiến nghị")]),
        ("writing.empty-section", "sections[1]", "warning"),
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"), [(c, e) for _, c, e in EXACTLY_ONE], ids=[n for n, _, _ in EXACTLY_ONE]
)
def test_each_check_on_a_report_that_triggers_exactly_it(change: Change, expected: tuple[str, str, str]) -> None:
    assert found(change(clean_report())) == [expected]


def only(report: Report, rule: str) -> list[str]:
    """The messages and advice of one rule's findings."""
    return [f"{f.message} {f.advice}" for f in writing_findings(report, TODAY) if f.rule == rule]


def test_dates_say_how_to_write_them() -> None:
    text = "Công văn số 12 ngày 5/1/2026, Quyết định số 3 ngày 3 tháng 6 năm 2013 và Kế hoạch ngày 9/3/2026."
    [message] = only(opening(clean_report(), text), "writing.date-format")
    assert "«5/1/2026», «ngày 3 tháng 6 năm 2013», «9/3/2026»" in message
    assert "Nên viết «05/01/2026», «ngày 03 tháng 6 năm 2013», «09/3/2026»." in message


@pytest.mark.parametrize(
    "text", ["ngày 05/3/2020", "ngày 29/6/2019", "ngày 05 tháng 01 năm 2020", "ngày 10 tháng 02 năm 2021", "31/12/2025"]
)
def test_dates_written_as_the_decree_writes_them_pass(text: str) -> None:
    assert found(body(clean_report(), f"Văn bản {text} của Ủy ban nhân dân xã.")) == []


def test_codes_and_figures_are_not_taken_for_dates() -> None:
    text = (
        "Toàn xã có 729 hộ/2.971 khẩu; Chỉ thị số 22-CT/TU; Kế hoạch số 17/KH-UBND; tỷ lệ 1/2 số hộ; năm học 2025/2026."
    )
    assert typed_dates(text) == []


def test_a_date_after_the_report_that_is_not_a_citation_is_a_plan_not_a_mistake() -> None:
    plan = body(clean_report(), "Phấn đấu đến ngày 31/12/2026 hoàn thành 100% chỉ tiêu.")
    assert found(plan) == []


def test_an_undated_draft_counts_citations_from_today() -> None:
    draft = opening(clean_report(), "Thực hiện Công văn số 44/UBND ngày 05/12/2026 của UBND tỉnh, báo cáo như sau:")
    draft.date = None
    assert found(draft) == [("writing.cited-after", "opening[0]", "warning")]


def test_the_number_slot_is_a_reminder_that_shows_the_printed_slot() -> None:
    [finding] = writing_findings(dataclasses.replace(clean_report(), number=None), TODAY)
    assert finding.rule in REMINDER_RULES
    assert "«Số:" in finding.message and "/BC-UBND»" in finding.message


def test_correct_signatures_pass() -> None:
    deputy = signature(
        clean_report(), on_behalf_of="ỦY BAN NHÂN DÂN", mode="KT", head_title="CHỦ TỊCH", title="PHÓ CHỦ TỊCH"
    )
    assert found(deputy) == []
    party_deputy = signature(party(clean_report()), on_behalf_of="BAN THƯỜNG VỤ", title="PHÓ BÍ THƯ")
    assert found(party_deputy) == []
    acting = signature(clean_report(), mode="Q", head_title="CHỦ TỊCH", title="PHÓ CHỦ TỊCH")
    assert found(acting) == []


def test_a_doubled_prefix_says_what_would_print() -> None:
    [message] = only(signature(clean_report(), on_behalf_of="TM. ỦY BAN NHÂN DÂN"), "writing.authority")
    assert "«TM. TM. ỦY BAN NHÂN DÂN»" in message


def test_as_above_with_a_kinh_gui_is_left_to_the_renderer() -> None:
    assert found(dataclasses.replace(clean_report(), recipients=["Như trên", "Thường trực Đảng ủy xã"])) == []


def test_double_spaces_where_the_renderer_tidies_them_are_not_reported() -> None:
    report = clean_report()
    report.sections[0].title = "Kết  quả thực hiện"
    report.recipients = ["Thường trực  Đảng ủy xã"]
    assert found(report) == []


def test_a_double_space_says_where() -> None:
    [message] = only(body(clean_report(), "Đã tổ chức 05  hội nghị,  mỗi thôn 01 hội nghị."), "writing.double-space")
    assert "2 chỗ" in message and "sau chữ «05»" in message and "một dấu cách" in message


def test_quotes_follow_the_majority_of_the_document() -> None:
    report = clean_report()
    report.sections[0].blocks[0] = Paragraph([Span('Phong trào "Dân vận khéo", "Ngày vì người nghèo", "Tết vì dân".')])
    # six straight marks against the four curly ones of the opening and the sub-section title: the curly stand out
    assert {(rule, path) for rule, path, _ in found(report)} == {
        ("writing.quotes", "opening[0]"),
        ("writing.quotes", "sections[0].blocks[2].title"),
    }


def test_capitals_in_headings_tables_and_short_labels_are_fine() -> None:
    report = clean_report()
    report.sections[0].title = "KẾT QUẢ THỰC HIỆN"
    report.sections[0].blocks.append(Paragraph([Span("UBND XÃ")]))
    report.sections[0].blocks.append(Table(header=[["NỘI DUNG CÔNG VIỆC ĐÃ THỰC HIỆN"]], rows=[["Hội nghị"]]))
    assert found(report) == []


def test_abbreviations_that_need_no_definition() -> None:
    text = (
        "Thực hiện Chỉ thị số 22-CT/TU, Kế hoạch số 70/KH-UBND và Đề án giai đoạn II, phần XIV; sản phẩm OCOP, "
        "kinh phí 20.000 USD, KHÔNG để xảy ra sai sót; BC này do UBND xã lập."
    )
    assert found(body(clean_report(), text)) == []


def test_an_abbreviation_is_reported_once_with_its_full_form() -> None:
    report = body(clean_report(), "MTTQVN xã và MTTQVN các thôn; HĐND xã; sau đó HĐND các thôn.")
    findings = [f for f in writing_findings(report, TODAY) if f.rule == "writing.abbreviation"]
    assert [(f.path, f.message.split("»")[0]) for f in findings] == [
        ("sections[0].blocks[0]", "Chữ viết tắt «MTTQVN"),
        ("sections[0].blocks[0]", "Chữ viết tắt «HĐND"),
    ]
    assert "«Mặt trận Tổ quốc Việt Nam (MTTQVN)»" in findings[0].advice
    assert "«Hội đồng nhân dân (HĐND)»" in findings[1].advice


def test_the_issuers_code_needs_no_definition_but_another_bodys_does() -> None:
    report = opening(clean_report(), "Thực hiện chỉ đạo của UBND tỉnh, Ủy ban nhân dân xã báo cáo như sau:")
    assert found(report) == []
    report.issuer = dataclasses.replace(report.issuer, code="VP")
    [finding] = writing_findings(report, TODAY)
    assert (finding.path, finding.rule) == ("opening[0]", "writing.abbreviation")
    assert "«Ủy ban nhân dân (UBND)»" in finding.advice


def test_findings_come_in_reading_order() -> None:
    report = clean_report()
    report.number = None
    report.signature.name = "ĐINH VĂN HÒA"
    report.closing = [Paragraph([Span("Trên đây là báo cáo  năm 2025.")])]
    report.summary = "SƠ KẾT CÔNG TÁC DÂN VẬN NĂM 2025"
    paths = [finding.path for finding in writing_findings(report, TODAY)]
    assert paths == ["number", "summary", "closing[0]", "signature.name"]
    assert sorted(["sections[10]", "sections[2].blocks[1]", "sections[2].title", "sections[2]"], key=path_order) == [
        "sections[2]",
        "sections[2].title",
        "sections[2].blocks[1]",
        "sections[10]",
    ]


def test_the_command_lines_warnings_are_the_same_findings_not_a_second_copy() -> None:
    report = dataclasses.replace(
        clean_report(),
        issuer=Issuer("ỦY BAN NHÂN DÂN\nHUYỆN BÌNH SƠN", "UBND", "Bình Sơn"),
        sections=[*clean_report().sections, Section("Kiến nghị")],
    )
    folded = [
        f for f in writing_findings(report, TODAY) if f.rule in ("writing.empty-section", "writing.district-name")
    ]
    assert len(folded) == 2
    assert sorted((finding.as_problem() for finding in folded), key=str) == sorted(report_warnings(report), key=str)


def test_a_finding_on_the_printed_docx_that_a_writing_check_already_says_is_recognised() -> None:
    findings = writing_findings(signature(clean_report(), name="ĐINH VĂN HÒA"), TODAY)
    printed = Finding("signer-name.case", "violation", "Họ tên người ký", "§1.2", "IN HOA.", "Gõ lại.", paragraph=60)
    assert said_by_writing(printed, findings)
    assert not said_by_writing(dataclasses.replace(printed, rule="summary.case"), findings)
    assert not said_by_writing(dataclasses.replace(printed, rule="page.margins"), findings)


def test_decomposed_text_is_checked_as_composed() -> None:
    composed = body(clean_report(), "Đã tổ chức  05 hội nghị; ĐÃ VẬN ĐỘNG ngày 5/1/2026 “Dân vận khéo”.")
    decomposed = body(
        clean_report(),
        unicodedata.normalize("NFD", "Đã tổ chức  05 hội nghị; ĐÃ VẬN ĐỘNG ngày 5/1/2026 “Dân vận khéo”."),
    )
    assert writing_findings(decomposed, TODAY) == writing_findings(composed, TODAY)
    assert all(unicodedata.is_normalized("NFC", field.text) for field in text_fields(decomposed))


# -- the shared examples: correct reports ----------------------------------------------------------

LEGITIMATE_WARNINGS = {
    # The three are real reports as issued: no number yet, and the small slips of real typing.
    "ubnd-xa-tra-tay-so-ket-2023": [
        ("writing.number-slot", "number"),
        ("writing.date-format", "sections[1].blocks[0].blocks[0]"),  # footnote: 2/4/2021, 28/ 02/ 2023, 9/3/2023
        ("writing.date-format", "sections[1].blocks[1].blocks[2]"),  # 8/12/2009
        ("writing.quotes", "sections[1].blocks[1].blocks[2]"),  # "Về tiếp tục đổi mới …" among “ ”
        ("writing.quotes", "sections[2].blocks[1].blocks[1]"),
        ("writing.abbreviation", "sections[2].blocks[2].blocks[4]"),  # LHPN
        ("writing.abbreviation", "sections[2].blocks[2].blocks[5]"),  # LPHN (a typo of LHPN)
        ("writing.abbreviation", "sections[3].blocks[3].blocks[0]"),  # MTTQ
    ],
    "ubnd-huyen-binh-son-so-ket-2022": [
        ("writing.number-slot", "number"),
        ("writing.quotes", "sections[1].blocks[1].blocks[1].blocks[0]"),
    ],
    "ban-dan-toc-tinh-so-ket-2022": [
        ("writing.number-slot", "number"),
        ("writing.quotes", "sections[0].blocks[0].blocks[0]"),  # Bác ” Dân vận khéo …”, and straight quotes
        ("writing.quotes", "sections[0].blocks[1].title"),  # thi đua ”Dân vận khéo”
        ("writing.quotes", "sections[0].blocks[1].blocks[1]"),
        ("writing.quotes", "sections[0].blocks[2].blocks[0]"),
        ("writing.quotes", "sections[0].blocks[5].title"),
        ("writing.quotes", "sections[1].blocks[0].blocks[0]"),
    ],
}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_shared_examples_break_no_rule_and_get_only_their_own_slips(name: str) -> None:
    findings = writing_findings(read_report(example_path(name)), TODAY)
    assert [f for f in findings if f.severity == "violation"] == []
    assert [(f.rule, f.path) for f in findings] == LEGITIMATE_WARNINGS[name]


# -- any report: no exception ------------------------------------------------------------------------

_pieces = st.sampled_from(
    [
        "ngày 5/1/2026", "ngày 31/02/2023", "ngày 3 tháng 6 năm 2013", "28/ 02/ 2023", "số 12/UBND ngày 18/5/2099",
        "UBND", "(UBND)", "(viết tắt là HĐND)", "22-CT/TU", "“", "”", '"', "  ", "\u00a0", "TM.", "KT.", "T/M",
        "Như trên", "Kính gửi:", "huyện", "ĐÃ TỔ CHỨC HỘI NGHỊ", "Ủy", unicodedata.normalize("NFD", "Ủy ban"), "\n",
        "0/0/0000", "99/99/9999", "ngày 00 tháng 13 năm 0000",
    ]
)  # fmt: skip
_any = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_text = st.lists(_pieces | _any, max_size=8).map("".join)
_inline = st.lists(st.builds(Span, _text) | st.builds(Footnote, _text), min_size=1, max_size=3)
_cell = st.none() | _text | st.integers(-(10**6), 10**6)
_table = st.builds(
    Table,
    header=st.lists(st.lists(_cell, min_size=1, max_size=3), max_size=1),
    rows=st.lists(st.lists(_cell, min_size=1, max_size=3), max_size=2),
    caption=st.none() | _text,
)
_sections = st.recursive(
    st.builds(Section, _text, st.just([])),
    lambda children: st.builds(
        Section,
        _text,
        st.lists(st.builds(Paragraph, _inline) | st.builds(Bullet, _inline) | _table | children, max_size=3),
    ),
    max_leaves=6,
)
_signatures = st.builds(
    Signature,
    title=_text,
    name=_text,
    on_behalf_of=st.none() | _text,
    mode=st.none() | st.sampled_from(["KT", "Q", "TL", "TUQ"]),
    head_title=st.none() | _text,
)
_reports = st.builds(
    Report,
    issuer=st.builds(Issuer, _text, _text, _text, st.none() | _text),
    signature=_signatures,
    profile=st.sampled_from(["state", "party"]),
    kind=st.sampled_from(["bao-cao", "thong-bao", "ke-hoach", "to-trinh"]),
    number=st.none() | st.integers(1, 999),
    date=st.none() | st.integers(1, 9999) | st.dates(),
    summary=st.none() | _text,
    to=st.lists(_text, max_size=3),
    basis=st.lists(_text, max_size=2),
    opening=st.lists(st.builds(Paragraph, _inline), max_size=2),
    sections=st.lists(_sections, max_size=3),
    closing=st.lists(st.builds(Paragraph, _inline), max_size=2),
    recipients=st.lists(_text, max_size=3),
    archive=_text,
)


@settings(max_examples=300, deadline=None)
@given(_reports, st.dates())
def test_any_report_is_checked_without_an_exception(report: Report, today: dt.date) -> None:
    findings = writing_findings(report, today)
    for finding in findings:
        assert finding.rule.startswith("writing.") and finding.severity in ("violation", "warning")
        assert finding.path and finding.message.strip() and finding.advice.strip()
