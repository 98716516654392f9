"""The recogniser, one element at a time, on paragraphs and tables as the readers hand them over."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from app.core.model import Bullet, Footnote, Paragraph, Report, Section, Span, Table, walk_sections
from app.core.report_file import report_from_data, report_to_data
from app.importers.result import ImportResult
from app.importers.source import SourceItem, SourceParagraph, SourceTable, plain_paragraph
from app.importers.structure import recognise


def p(text: str, **layout: object) -> SourceParagraph:
    return plain_paragraph(text, **layout)


def b(text: str, **layout: object) -> SourceParagraph:
    """A paragraph typed in bold."""
    return SourceParagraph([Span(text, bold=True)], bold=True, **layout)  # type: ignore[arg-type]


def table(*rows: list[str | SourceParagraph | list[SourceParagraph]]) -> SourceTable:
    def cell(value: str | SourceParagraph | list[SourceParagraph]) -> list[SourceParagraph]:
        if isinstance(value, str):
            return [p(line) for line in value.split("\n")] if value else []
        return value if isinstance(value, list) else [value]

    return SourceTable([[cell(value) for value in row] for row in rows])


HEADER = table(
    [
        [p("UBND HUYỆN TRÀ BỒNG", bold=False), b("ỦY BAN NHÂN DÂN XÃ TRÀ TÂY")],
        [b("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), b("Độc lập - Tự do - Hạnh phúc")],
    ],
    ["Số: 12/BC-UBND", "Trà Tây, ngày 05 tháng 6 năm 2023"],
)
TITLE = [b("BÁO CÁO", alignment="center"), b("Kết quả công tác dân vận năm 2023", alignment="center")]
OPENING = p("Thực hiện Kế hoạch số 10/KH-UBND ngày 02/01/2023 của UBND huyện, UBND xã báo cáo như sau:")
CLOSING = p("Trên đây là báo cáo kết quả công tác dân vận năm 2023 của UBND xã Trà Tây./.")
ENDING = table(
    [
        [b("Nơi nhận:"), p("- UBND huyện;"), p("- TT Đảng ủy xã;"), p("- Lưu: VT, VP.")],
        [b("TM. ỦY BAN NHÂN DÂN"), b("CHỦ TỊCH"), p(""), p(""), b("Đinh Văn Hòa")],
    ]
)


def report_of(*body: SourceItem, front: list[SourceItem] | None = None, end: list[SourceItem] | None = None) -> Report:
    return imported(*body, front=front, end=end).report


def imported(
    *body: SourceItem, front: list[SourceItem] | None = None, end: list[SourceItem] | None = None
) -> ImportResult:
    items = [HEADER, *TITLE, OPENING] if front is None else front
    closing = [CLOSING, ENDING] if end is None else end
    return recognise([*items, *body, *closing], "thu.docx")


def tree(report: Report) -> list[tuple[int, str, str | None, bool]]:
    return [
        (depth, section.title, section.number, section.numbered) for depth, section in walk_sections(report.sections)
    ]


def messages(result: ImportResult, kind: str) -> str:
    return "\n".join(note.message for note in result.notes if note.kind == kind)


# -- header -----------------------------------------------------------------------------------------


def test_a_header_table_gives_parent_issuer_number_place_and_date() -> None:
    report = report_of(b("I. TÌNH HÌNH"), p("Nội dung."))
    assert report.issuer.parent == "UBND HUYỆN TRÀ BỒNG"
    assert report.issuer.name == "ỦY BAN NHÂN DÂN XÃ TRÀ TÂY"
    assert (report.issuer.code, report.number, report.kind) == ("UBND", 12, "bao-cao")
    assert (report.issuer.place, report.date) == ("Trà Tây", dt.date(2023, 6, 5))
    assert report.profile == "state"


def test_a_header_typed_in_paragraphs_with_tabs_is_read_as_two_columns() -> None:
    front = [
        p("UBND HUYỆN TRÀ BỒNG\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        p("ỦY BAN NHÂN DÂN XÃ TRÀ TÂY\t\tĐộc lập - Tự do - Hạnh phúc"),
        p("Số:      /BC-UBND\t\tTrà Tây, ngày      tháng      năm 2024"),
        *TITLE,
        OPENING,
    ]
    result = imported(b("I. TÌNH HÌNH"), p("Nội dung."), front=front)
    report = result.report
    assert report.issuer.parent == "UBND HUYỆN TRÀ BỒNG"
    assert report.issuer.name == "ỦY BAN NHÂN DÂN XÃ TRÀ TÂY"
    assert report.number is None and report.date == 2024  # blanks left for the clerk
    assert "Cơ quan chủ quản “UBND HUYỆN TRÀ BỒNG”" in messages(result, "guessed")  # no bold to tell them apart


def test_two_line_commune_name_is_one_issuer_without_parent() -> None:
    front = [table(["ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]), *TITLE]
    report = report_of(b("I. TÌNH HÌNH"), p("Nội dung."), front=front)
    assert (report.issuer.parent, report.issuer.name) == (None, "ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY")
    assert (report.issuer.code, report.issuer.place) == ("UBND", "Trà Tây")  # guessed from the name


def test_an_impossible_date_keeps_the_year_and_asks_to_check() -> None:
    header = table(
        ["UBND XÃ A", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ["Số: 03/BC-UBND", "Trà Tây, ngày 30 tháng 02 năm 2023"]
    )
    front = [header, *TITLE]
    result = imported(b("I. TÌNH HÌNH"), p("Nội dung."), front=front)
    assert result.report.date == 2023
    assert "không có thật" in messages(result, "check")


def test_a_party_header_gives_the_party_profile_and_its_number() -> None:
    front = [
        table(
            [
                [p("ĐẢNG BỘ TỈNH QUẢNG NGÃI", bold=False), b("HUYỆN ỦY BÌNH SƠN"), p("*"), p("Số 45-BC/HU")],
                [b("ĐẢNG CỘNG SẢN VIỆT NAM"), p("Bình Sơn, ngày 20 tháng 02 năm 2024")],
            ]
        ),
        b("BÁO CÁO", alignment="center"),
        b("sơ kết công tác 6 tháng đầu năm 2024", alignment="center"),
        p("-----", alignment="center"),
    ]
    end = [
        CLOSING,
        table(
            [
                [b("Nơi nhận:"), p("- Ban Thường vụ Tỉnh ủy;"), p("- Lưu Văn phòng Huyện ủy.")],
                [b("T/M BAN THƯỜNG VỤ"), b("K/T BÍ THƯ"), p("PHÓ BÍ THƯ"), b("Nguyễn Văn B")],
            ]
        ),
    ]
    report = report_of(b("I. TÌNH HÌNH"), p("Nội dung."), front=front, end=end)
    assert report.profile == "party"
    assert (report.issuer.parent, report.issuer.name, report.issuer.code) == (
        "ĐẢNG BỘ TỈNH QUẢNG NGÃI",
        "HUYỆN ỦY BÌNH SƠN",
        "HU",
    )
    assert (report.number, report.date) == (45, dt.date(2024, 2, 20))
    assert report.summary == "sơ kết công tác 6 tháng đầu năm 2024"
    assert report.archive == "Văn phòng Huyện ủy"
    assert (report.signature.on_behalf_of, report.signature.mode, report.signature.head_title) == (
        "BAN THƯỜNG VỤ",
        "KT",
        "BÍ THƯ",
    )
    assert (report.signature.title, report.signature.name) == ("PHÓ BÍ THƯ", "Nguyễn Văn B")


def test_a_header_line_the_draft_has_no_room_for_is_kept_at_the_top_of_the_opening() -> None:
    front = [
        table(["ỦY BAN NHÂN DÂN XÃ TRÀ TÂY", [b("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), b("DỰ THẢO LẦN 2")]]),
        *TITLE,
        OPENING,
    ]
    result = imported(b("I. TÌNH HÌNH"), p("Nội dung."), front=front)
    assert [paragraph.plain_text for paragraph in result.report.opening] == ["DỰ THẢO LẦN 2", OPENING.text]
    assert "“DỰ THẢO LẦN 2”" in messages(result, "check")


# -- title, trích yếu, Kính gửi, căn cứ ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "kind", "title"),
    [
        ("KẾ HOẠCH", "ke-hoach", None),
        ("TỜ TRÌNH", "to-trinh", None),
        ("B Á O  C Á O", "bao-cao", None),
        ("CHƯƠNG TRÌNH", "bao-cao", "CHƯƠNG TRÌNH"),
    ],
)
def test_the_title_word_gives_the_kind(word: str, kind: str, title: str | None) -> None:
    report = report_of(
        b("I. MỤC ĐÍCH"), p("Nội dung."), front=[HEADER, b(word, alignment="center"), b("Năm 2024", alignment="center")]
    )
    assert (report.kind, report.title) == (kind, title)


def test_a_title_word_run_on_with_the_trich_yeu_is_split() -> None:
    front = [HEADER, b("BÁO CÁO TỔNG KẾT CÔNG TÁC DÂN VẬN NĂM 2023", alignment="center"), OPENING]
    result = imported(b("I. TÌNH HÌNH"), p("Nội dung."), front=front)
    assert (result.report.kind, result.report.summary) == ("bao-cao", "Tổng kết công tác dân vận năm 2023")
    assert "viết liền với trích yếu" in messages(result, "guessed")


def test_a_date_written_in_figures_is_read() -> None:
    header = table(
        ["ỦY BAN NHÂN DÂN XÃ TRÀ TÂY", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["Số: 7/BC-UBND", "Trà Tây, ngày 5/6/2023"],
    )
    report = report_of(b("I. TÌNH HÌNH"), p("Nội dung."), front=[header, *TITLE])
    assert (report.issuer.place, report.date, report.number) == ("Trà Tây", dt.date(2023, 6, 5), 7)


def test_the_trich_yeu_keeps_its_lines_and_stops_at_the_rule() -> None:
    front = [
        HEADER,
        b("BÁO CÁO", alignment="center"),
        b("Sơ kết 03 năm thực hiện", alignment="center"),
        b("Phong trào thi đua “Dân vận khéo”", alignment="center"),
        p("________", alignment="center"),
        OPENING,
    ]
    report = report_of(b("I. TÌNH HÌNH"), p("Nội dung."), front=front)
    assert report.summary == "Sơ kết 03 năm thực hiện\nPhong trào thi đua “Dân vận khéo”"
    assert [paragraph.plain_text for paragraph in report.opening] == [OPENING.text]


def test_kinh_gui_one_recipient_or_one_line_each() -> None:
    one = report_of(
        b("I. A"),
        p("Nội dung."),
        front=[HEADER, *TITLE, p("Kính gửi: Sở Nội vụ tỉnh Quảng Ngãi.", alignment="center"), OPENING],
    )
    assert one.to == ["Sở Nội vụ tỉnh Quảng Ngãi"]
    several = report_of(
        b("I. A"),
        p("Nội dung."),
        front=[HEADER, *TITLE, p("Kính gửi:\t- Sở Nội vụ;"), p("\t- Ban Dân vận Tỉnh ủy."), OPENING],
    )
    assert several.to == ["Sở Nội vụ", "Ban Dân vận Tỉnh ủy"]
    assert [paragraph.plain_text for paragraph in several.opening] == [OPENING.text]


def test_can_cu_lines_are_the_basis_but_a_can_cu_opening_is_the_opening() -> None:
    front = [
        HEADER,
        *TITLE,
        p("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", alignment="both"),
        p("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;", alignment="both"),
        p("Căn cứ Kế hoạch số 10/KH-UBND, UBND xã báo cáo như sau:", alignment="both"),
    ]
    report = report_of(b("I. A"), p("Nội dung."), front=front)
    assert report.basis == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ",
    ]
    assert [paragraph.plain_text for paragraph in report.opening] == [
        "Căn cứ Kế hoạch số 10/KH-UBND, UBND xã báo cáo như sau:"
    ]


# -- sections ------------------------------------------------------------------------------------------------


def test_typed_labels_nest_from_phan_down_to_a() -> None:
    report = report_of(
        b("Phần thứ nhất", alignment="center"),
        b("KẾT QUẢ THỰC HIỆN", alignment="center"),
        b("A- NHỮNG THÀNH TỰU"),
        b("I. VỀ KINH TẾ"),
        b("1. Nông nghiệp"),
        p("1.1. Trồng trọt"),
        p("a) Lúa"),
        p("Năng suất lúa đạt 60 tạ/ha."),
        p("đ) Ngô"),
        p("Năng suất ngô đạt 40 tạ/ha."),
        b("Phần thứ hai", alignment="center"),
        b("PHƯƠNG HƯỚNG NĂM 2024", alignment="center"),
        p("Tiếp tục phát huy."),
    )
    assert tree(report) == [
        (1, "Kết quả thực hiện", "Phần thứ nhất", True),
        (2, "Những thành tựu", "A-", True),
        (3, "Về kinh tế", "I.", True),
        (4, "Nông nghiệp", "1.", True),
        (5, "Trồng trọt", "1.1.", True),
        (6, "Lúa", "a)", True),
        (6, "Ngô", "đ)", True),
        (1, "Phương hướng năm 2024", "Phần thứ hai", True),
    ]


def test_labels_the_renderer_prints_itself_are_not_kept() -> None:
    report = report_of(
        b("I. TÌNH HÌNH"), b("1. Thuận lợi"), p("a) Về con người"), p("Có đội ngũ trẻ."), b("II. KẾT QUẢ"), p("Đạt.")
    )
    assert tree(report) == [
        (1, "Tình hình", None, True),
        (2, "Thuận lợi", None, True),
        (3, "Về con người", None, True),
        (1, "Kết quả", None, True),
    ]


def test_a_label_alone_takes_the_title_on_the_next_line() -> None:
    report = report_of(b("II."), b("KẾT QUẢ THỰC HIỆN"), p("Nội dung."))
    assert tree(report) == [(1, "Kết quả thực hiện", "II.", True)]


def test_inconsistent_numbering_i_then_2_is_a_sibling_with_a_note() -> None:
    result = imported(b("I. TÌNH HÌNH"), p("Nội dung một."), b("2. KẾT QUẢ"), p("Nội dung hai."))
    assert [(depth, title) for depth, title, _, _ in tree(result.report)] == [(1, "Tình hình"), (1, "Kết quả")]
    assert "không liền mạch" in messages(result, "check")


def test_bold_headings_without_numbers_become_unnumbered_sections() -> None:
    report = report_of(
        b("I. TÌNH HÌNH"),
        b("Thuận lợi"),
        p("Có đội ngũ trẻ."),
        b("Khó khăn"),
        p("Địa bàn rộng."),
        b("II. KẾT QUẢ"),
        p("Đạt."),
    )
    assert tree(report) == [
        (1, "Tình hình", None, True),
        (2, "Thuận lợi", None, False),
        (2, "Khó khăn", None, False),
        (1, "Kết quả", None, True),
    ]


def test_word_heading_styles_without_numbers_become_sections() -> None:
    report = report_of(
        p("Tình hình chung", outline_level=0), p("Nội dung."), p("Số liệu", outline_level=1), p("Bảng số liệu.")
    )
    assert tree(report) == [(1, "Tình hình chung", None, False), (2, "Số liệu", None, False)]


def test_a_heading_run_into_its_text_is_split() -> None:
    report = report_of(
        b("I. ĐÁNH GIÁ CHUNG"),
        p("1. Ưu điểm: Phong trào được triển khai rộng khắp, đạt kết quả tốt."),
        p("2. Hạn chế: công tác tuyên truyền có lúc chưa thường xuyên."),
    )
    assert tree(report) == [(1, "Đánh giá chung", None, True), (2, "Ưu điểm", None, True), (2, "Hạn chế", None, True)]
    first = report.sections[0].subsections()[0]
    assert [block.plain_text for block in first.blocks if isinstance(block, Paragraph)] == [
        "Phong trào được triển khai rộng khắp, đạt kết quả tốt."
    ]


def test_a_bold_run_in_title_is_split_at_the_end_of_the_bold() -> None:
    run_in = SourceParagraph(
        [Span("1. Ưu điểm. ", bold=True), Span("Phong trào được triển khai rộng khắp.")], bold=False
    )
    report = report_of(b("II. ĐÁNH GIÁ CHUNG"), run_in, b("2. Hạn chế"), p("Còn chậm."))
    assert tree(report)[1] == (2, "Ưu điểm.", None, True)


def test_numbered_items_without_text_of_their_own_stay_numbered_paragraphs() -> None:
    result = imported(
        b("IV. PHƯƠNG HƯỚNG"),
        p("1. Tiếp tục thực hiện công tác tuyên truyền, quán triệt nâng cao nhận thức của cán bộ, đảng viên."),
        p("2. Tăng cường công tác phối hợp, sơ kết, tổng kết, phát hiện nhân tố mới."),
    )
    section = result.report.sections[0]
    assert section.subsections() == []
    assert [block.plain_text for block in section.blocks if isinstance(block, Paragraph)] == [
        "1. Tiếp tục thực hiện công tác tuyên truyền, quán triệt nâng cao nhận thức của cán bộ, đảng viên.",
        "2. Tăng cường công tác phối hợp, sơ kết, tổng kết, phát hiện nhân tố mới.",
    ]
    assert "2 đoạn có số thứ tự" in messages(result, "guessed")


def test_dash_items_are_bullets_and_plus_items_keep_their_mark() -> None:
    result = imported(
        b("I. MỤC TIÊU"),
        p("- Nâng cao nhận thức;"),
        p("+ Cho cán bộ;"),
        p("– Tăng cường kiểm tra."),
        p("-5 độ là nhiệt độ thấp nhất."),
    )
    blocks = result.report.sections[0].blocks
    assert [(type(block).__name__, block.plain_text) for block in blocks if isinstance(block, (Paragraph, Bullet))] == [
        ("Bullet", "Nâng cao nhận thức;"),
        ("Paragraph", "+ Cho cán bộ;"),
        ("Bullet", "Tăng cường kiểm tra."),
        ("Paragraph", "-5 độ là nhiệt độ thấp nhất."),
    ]
    assert "(+)" in messages(result, "guessed")


def test_titles_in_capitals_become_sentence_case_keeping_abbreviations() -> None:
    result = imported(b("I. KẾT QUẢ THỰC HIỆN CỦA UBND XÃ GIAI ĐOẠN II"), p("Nội dung."))
    assert result.report.sections[0].title == "Kết quả thực hiện của UBND xã giai đoạn II"
    assert "tên riêng" in messages(result, "guessed")


def test_roles_are_guessed_from_the_usual_titles() -> None:
    report = report_of(
        b("I. ĐẶC ĐIỂM TÌNH HÌNH"),
        p("A."),
        b("II. KẾT QUẢ THỰC HIỆN"),
        p("B."),
        b("III. ĐÁNH GIÁ CHUNG"),
        b("1. Ưu điểm"),
        p("C."),
        b("2. Tồn tại, hạn chế"),
        p("D."),
        b("3. Nguyên nhân"),
        p("E."),
        b("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ"),
        p("F."),
        b("V. KIẾN NGHỊ, ĐỀ XUẤT"),
        p("G."),
    )
    assert [section.role for _, section in walk_sections(report.sections)] == [
        "tinh-hinh",
        "ket-qua",
        "danh-gia",
        "uu-diem",
        "han-che",
        "nguyen-nhan",
        "phuong-huong",
        "kien-nghi",
    ]


# -- what is not recognised stays where it stood -------------------------------------------------------------


def test_without_any_heading_everything_stays_in_the_opening_with_a_note() -> None:
    result = imported(p("Đoạn một."), p("- Gạch đầu dòng."), p("Đoạn hai."))
    assert [paragraph.plain_text for paragraph in result.report.opening] == [
        OPENING.text,
        "Đoạn một.",
        "- Gạch đầu dòng.",
        "Đoạn hai.",
    ]
    assert "Không nhận ra mục nào" in messages(result, "check")


def test_text_between_headings_stays_in_its_section_in_order() -> None:
    report = report_of(b("I. A"), p("Một."), p("Hai."), b("1. B"), p("Ba."), b("II. C"), p("Bốn."))
    first = report.sections[0]
    assert [type(block).__name__ for block in first.blocks] == ["Paragraph", "Paragraph", "Section"]
    assert [block.plain_text for block in first.blocks if isinstance(block, Paragraph)] == ["Một.", "Hai."]


def test_a_document_without_header_or_ending_still_imports_and_lists_what_to_fill() -> None:
    result = recognise([b("I. TÌNH HÌNH"), p("Nội dung.")], "trang.txt")
    report = result.report
    assert tree(report) == [(1, "Tình hình", None, True)]
    checks = {note.path for note in result.notes if note.kind == "check"}
    assert {
        "issuer.name",
        "issuer.code",
        "issuer.place",
        "signature.title",
        "signature.name",
        "summary",
        "recipients",
    } <= checks
    assert report_from_data(report_to_data(report), complete=False) == report  # can be saved as a draft


# -- tables, footnotes -----------------------------------------------------------------------------------------


def test_a_body_table_keeps_caption_cells_merged_text_and_notes() -> None:
    merged = table(
        [b("STT"), b("Nội dung"), b("Kết quả")],
        ["1", "Giấy khen", "12"],
        ["", "Bằng khen\n(cấp tỉnh)", "1.234,5"],
    )
    report = report_of(b("I. KẾT QUẢ"), p("Bảng 1. Kết quả khen thưởng"), merged, p("Ghi chú: số liệu đến 30/11."))
    [found] = [block for block in report.sections[0].blocks if isinstance(block, Table)]
    assert found.caption == "Bảng 1. Kết quả khen thưởng"
    assert found.header == [["STT", "Nội dung", "Kết quả"]]
    assert found.rows == [[1, "Giấy khen", 12], [None, "Bằng khen\n(cấp tỉnh)", 1234.5]]
    assert found.notes == "Ghi chú: số liệu đến 30/11."


def test_a_table_in_the_opening_is_kept_as_lines_with_a_note() -> None:
    result = imported(table(["Chỉ tiêu", "Kết quả"], ["Thu ngân sách", "105%"]), b("I. A"), p("Nội dung."))
    assert [paragraph.plain_text for paragraph in result.report.opening][1:] == [
        "Chỉ tiêu | Kết quả",
        "Thu ngân sách | 105%",
    ]
    assert "bảng" in messages(result, "check")


def test_footnotes_stay_at_their_mark() -> None:
    marked = SourceParagraph(
        [Span("Xây dựng kế hoạch"), Footnote("Kế hoạch số 17/KH-UBND."), Span(". Qua đó đạt kết quả.")]
    )
    report = report_of(b("I. A"), marked)
    [paragraph] = report.sections[0].blocks
    assert isinstance(paragraph, Paragraph)
    assert [type(part).__name__ for part in paragraph.inline] == ["Span", "Footnote", "Span"]


def test_a_footnote_in_a_heading_moves_to_the_start_of_its_section() -> None:
    heading = SourceParagraph([Span("1. Kết quả", bold=True), Footnote("Số liệu đến 30/11.")], bold=True)
    result = imported(b("I. A"), heading, p("Nội dung."))
    section = result.report.sections[0].subsections()[0]
    assert section.title == "Kết quả"
    first = section.blocks[0]
    assert isinstance(first, Paragraph) and first.inline == [Footnote("Số liệu đến 30/11.")]
    assert "tên mục" in messages(result, "check")


# -- closing, Nơi nhận, signature -----------------------------------------------------------------------------


def test_the_closing_loses_its_terminator_and_recipients_their_marks() -> None:
    report = report_of(b("I. A"), p("Nội dung."))
    assert [paragraph.plain_text for paragraph in report.closing] == [
        "Trên đây là báo cáo kết quả công tác dân vận năm 2023 của UBND xã Trà Tây"
    ]
    assert report.recipients == ["UBND huyện", "TT Đảng ủy xã"]
    assert report.archive == "VT, VP"
    assert (report.signature.on_behalf_of, report.signature.title, report.signature.name) == (
        "ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Đinh Văn Hòa",
    )


def test_a_closing_with_the_common_typo_and_an_ending_typed_in_paragraphs() -> None:
    end = [
        p("Trân đây là báo cáo sơ kết của Ban./."),
        p("Nơi nhận:\t\tKT. TRƯỞNG BAN"),
        p("- Sở Nội vụ;\t\tPHÓ TRƯỞNG BAN"),
        p("- Lưu VT."),
        p("(Đã ký)", alignment="center"),
        p("ThS. Trần Văn Mẫn", alignment="center"),
    ]
    result = imported(b("I. A"), p("Nội dung."), end=end)
    report = result.report
    assert [paragraph.plain_text for paragraph in report.closing] == ["Trân đây là báo cáo sơ kết của Ban"]
    assert (report.recipients, report.archive) == (["Sở Nội vụ"], "VT")
    signature = report.signature
    assert (signature.mode, signature.head_title, signature.title, signature.name) == (
        "KT",
        "TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Trần Văn Mẫn",
    )
    assert "học vị" in messages(result, "guessed")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Q. GIÁM ĐỐC", "Lê Văn C"], ("Q", "GIÁM ĐỐC", "GIÁM ĐỐC", None)),
        (["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Lê Văn C"], ("TL", "CHỦ TỊCH", "CHÁNH VĂN PHÒNG", None)),
        (["TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG TỔNG HỢP", "Lê Văn C"], ("TUQ", "GIÁM ĐỐC", "TRƯỞNG PHÒNG TỔNG HỢP", None)),
        (["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "Lê Văn C"], ("TL", "BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", None)),
        (
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn C"],
            ("KT", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "ỦY BAN NHÂN DÂN"),
        ),
        (
            ["TM.ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Ký, đóng dấu)", "Lê Văn C"],
            (None, None, "CHỦ TỊCH", "ỦY BAN NHÂN DÂN"),
        ),
    ],
)
def test_signature_authority_lines(lines: list[str], expected: tuple[str | None, str | None, str, str | None]) -> None:
    end = [CLOSING, table([[b("Nơi nhận:"), p("- Như trên;"), p("- Lưu: VT.")], [b(line) for line in lines]])]
    signature = report_of(b("I. A"), p("Nội dung."), end=end).signature
    assert (signature.mode, signature.head_title, signature.title, signature.on_behalf_of) == expected
    assert signature.name == "Lê Văn C"


def test_appendices_after_the_signature_keep_their_sections() -> None:
    end = [
        CLOSING,
        ENDING,
        b("PHỤ LỤC", alignment="center"),
        b("DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO", alignment="center"),
        p("(Kèm theo Báo cáo số 12/BC-UBND ngày 05/6/2023 của UBND xã Trà Tây)", alignment="center"),
        b("1. Mô hình nồi cháo tình thương"),
        p("Của Hội LHPN xã."),
    ]
    report = report_of(b("I. A"), p("Nội dung."), end=end)
    [appendix] = report.appendices
    assert appendix.title == "Danh sách mô hình dân vận khéo"
    assert [section.title for section in appendix.sections] == ["Mô hình nồi cháo tình thương"]
    assert report.signature.name == "Đinh Văn Hòa"


# -- text hygiene ------------------------------------------------------------------------------------------------


def test_text_comes_out_nfc_without_characters_word_cannot_store() -> None:
    decomposed = unicodedata.normalize("NFD", "Tình hình kinh tế\n xã hội\x01 ổn định.")
    report = report_of(b(unicodedata.normalize("NFD", "I. TÌNH HÌNH")), p(decomposed))
    section = report.sections[0]
    assert section.title == "Tình hình"
    texts = [block.plain_text for block in section.blocks if isinstance(block, Paragraph)]
    assert texts == ["Tình hình kinh tế", "xã hội ổn định."]  # a line break (Shift+Enter) splits the paragraph
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)


def test_every_import_can_be_saved_as_a_draft() -> None:
    report = report_of(b("I. A"), table(["x", "y"], ["1", "2"]), p("Nội dung."))
    assert report_from_data(report_to_data(report), complete=False) == report


def test_sections_are_plain_sections_without_import_bookkeeping() -> None:
    report = report_of(b("I. A"), b("1. B"), p("Nội dung."))
    assert all(section.x is None for _, section in walk_sections(report.sections))
    assert isinstance(report.sections[0].blocks[0], Section)
