from __future__ import annotations

import copy
import datetime as dt
import json
import time

import pytest

from app.core.diff import (
    PartDiff,
    ReportDiff,
    WordChange,
    diff_reports,
    diff_to_data,
    format_diff,
    section_words,
    title_key,
)
from app.core.model import (
    Appendix,
    Bullet,
    Footnote,
    Issuer,
    Paragraph,
    Report,
    Section,
    Signature,
    Span,
    Table,
    plain_inline,
)
from app.core.report_file import read_report
from tests.conftest import EXAMPLE_NAMES, example_path

TRA_TAY = "ubnd-xa-tra-tay-so-ket-2023"


def report(*sections: Section) -> Report:
    return Report(
        issuer=Issuer("ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", "UBND", "Trà Tây"),
        signature=Signature("CHỦ TỊCH", "Nguyễn Văn A"),
        date=dt.date(2023, 6, 5),
        summary="Sơ kết công tác dân vận",
        opening=[Paragraph(plain_inline("Ủy ban nhân dân xã báo cáo như sau:"))],
        sections=list(sections),
        closing=[Paragraph(plain_inline("Trên đây là báo cáo./."))],
        recipients=["UBND huyện", "TT Đảng ủy xã"],
    )


def text(words: str) -> Paragraph:
    return Paragraph(plain_inline(words))


def body() -> list[Section]:
    return [
        Section("Đặc điểm tình hình", [text("Xã miền núi, đời sống còn nhiều khó khăn.")], role="tinh-hinh"),
        Section(
            "Kết quả đạt được",
            [
                text("Công tác dân vận được quán triệt sâu rộng."),
                Section("Công tác lãnh đạo, chỉ đạo", [text("Ban hành kế hoạch số 17/KH-UBND.")]),
                Section("Công tác tuyên truyền", [text("Tuyên truyền trên loa truyền thanh.")]),
            ],
            role="ket-qua",
        ),
        Section("Bài học kinh nghiệm", [text("Phải gần dân, hiểu dân.")]),
    ]


def changed_parts(diff: ReportDiff) -> dict[str, PartDiff]:
    return {part.key: part for part in diff.parts if part.status != "unchanged"}


def edits(part: PartDiff) -> list[WordChange]:
    return [change for change in part.changes if change.op != "equal"]


def example(name: str = TRA_TAY) -> Report:
    return read_report(example_path(name))


# -- matching and statuses ---------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_identical_reports_have_no_changes(name: str) -> None:
    diff = diff_reports(example(name), example(name))
    assert not diff.changed
    assert all(part.status == "unchanged" and not part.changes and not part.moved for part in diff.parts)
    assert diff.summary() == "0 mục sửa, 0 mục thêm, 0 mục xóa"
    assert len({part.key for part in diff.parts}) == len(diff.parts)


def test_one_changed_word_is_one_replace_in_exactly_that_part() -> None:
    old = example()
    new = copy.deepcopy(old)
    paragraph = new.sections[1].subsections()[0].blocks[0]
    assert isinstance(paragraph, Paragraph) and isinstance(paragraph.inline[0], Span)
    paragraph.inline[0].text = paragraph.inline[0].text.replace("quán triệt sâu sắc", "quán triệt đầy sắc", 1)

    diff = diff_reports(old, new)
    changed = changed_parts(diff)
    assert list(changed) == ["sections/chi-dao/1"]
    part = changed["sections/chi-dao/1"]
    assert part.status == "changed" and not part.moved
    assert part.label == "Mục II › 1. Công tác lãnh đạo, chỉ đạo, phát động Phong trào thi đua"
    assert edits(part) == [WordChange("replace", "sâu", "đầy")]
    assert part.old_title is None and part.new_title is None
    assert diff.summary() == "1 mục sửa, 0 mục thêm, 0 mục xóa"


def test_added_section_with_its_label_in_the_new_numbering() -> None:
    new_sections = body()
    new_sections.insert(2, Section("Hạn chế", [text("Còn chung chung.")], role="han-che"))
    diff = diff_reports(report(*body()), report(*new_sections))
    changed = changed_parts(diff)
    assert list(changed) == ["sections/han-che"]
    part = changed["sections/han-che"]
    assert part.status == "added" and part.label == "Mục III. HẠN CHẾ"
    assert part.changes == [WordChange("insert", "", "Còn chung chung.")]
    # The section after it is renumbered (III → IV) but neither changed nor moved.
    assert [p.status for p in diff.parts if p.key.startswith("sections/")][-1] == "unchanged"


def test_removed_section_stands_where_it_was_in_the_old_report() -> None:
    new_sections = body()
    del new_sections[1]
    diff = diff_reports(report(*body()), report(*new_sections))
    keys = [part.key for part in diff.parts if part.key.startswith("sections/")]
    assert keys == [
        "sections/tinh-hinh",
        "sections/ket-qua",
        "sections/ket-qua/old-1",
        "sections/ket-qua/old-2",
        "sections/2",
    ]
    removed = changed_parts(diff)
    assert [part.status for part in removed.values()] == ["removed"] * 3
    assert removed["sections/ket-qua"].label == "Mục II. KẾT QUẢ ĐẠT ĐƯỢC"
    assert removed["sections/ket-qua"].changes == [
        WordChange("delete", "Công tác dân vận được quán triệt sâu rộng.", "")
    ]
    assert removed["sections/ket-qua/old-2"].label == "Mục II › 2. Công tác tuyên truyền"
    assert diff.summary() == "0 mục sửa, 0 mục thêm, 3 mục xóa"


def test_reordered_sections_are_moved_not_removed_and_added() -> None:
    old_sections, new_sections = body(), body()
    new_sections.reverse()
    diff = diff_reports(report(*old_sections), report(*new_sections))
    statuses = {part.key: (part.status, part.moved) for part in diff.parts if part.key.count("/") == 1}
    # The longest run still in the old order stays put; the others moved.
    assert sorted(statuses.values()) == [("moved", True), ("moved", True), ("unchanged", False)]
    assert "chuyển chỗ" in diff.summary()
    assert all(not part.changes for part in diff.parts)


def test_moved_and_edited_section_is_changed_with_the_moved_flag() -> None:
    new_sections = body()
    kinh_nghiem = new_sections.pop()
    kinh_nghiem.blocks = [text("Phải gần dân, hiểu dân, trọng dân.")]
    new_sections.insert(0, kinh_nghiem)
    diff = diff_reports(report(*body()), report(*new_sections))
    part = next(part for part in diff.parts if part.status != "unchanged")
    assert part.key == "sections/1" and part.label == "Mục I. BÀI HỌC KINH NGHIỆM"
    assert part.status == "changed" and part.moved
    assert edits(part) == [WordChange("insert", "", "dân, trọng")]
    assert "(sửa, chuyển chỗ)" in format_diff(diff)


def test_sub_sections_swapped_inside_their_section_are_moved() -> None:
    new_sections = body()
    new_sections[1].blocks[1:] = reversed(new_sections[1].blocks[1:])
    diff = diff_reports(report(*body()), report(*new_sections))
    changed = changed_parts(diff)
    assert [(part.status, part.moved) for part in changed.values()] == [("moved", True)]
    assert next(iter(changed)) in {"sections/ket-qua/1", "sections/ket-qua/2"}


def test_renamed_section_is_still_matched_by_its_role() -> None:
    new_sections = body()
    new_sections[1].title = "Những việc đã làm được"
    diff = diff_reports(report(*body()), report(*new_sections))
    changed = changed_parts(diff)
    assert list(changed) == ["sections/ket-qua"]
    part = changed["sections/ket-qua"]
    assert part.status == "changed" and part.changes == []
    assert (part.old_title, part.new_title) == ("Kết quả đạt được", "Những việc đã làm được")
    assert part.label == "Mục II. NHỮNG VIỆC ĐÃ LÀM ĐƯỢC"
    assert "Tiêu đề: [-Kết quả đạt-]{+Những việc đã làm+} được" in format_diff(diff)


def test_roles_shared_by_several_siblings_fall_back_to_titles() -> None:
    old = [Section("Ưu điểm", role="danh-gia"), Section("Hạn chế", role="danh-gia")]
    new = [Section("Hạn chế", role="danh-gia"), Section("Ưu điểm", role="danh-gia")]
    diff = diff_reports(report(*old), report(*new))
    assert sorted(part.status for part in diff.parts if part.key.startswith("sections/")) == ["moved", "unchanged"]


def test_a_heading_whose_year_rolled_forward_is_matched_by_title() -> None:
    old = [Section("I. Kết quả thực hiện năm 2023", [text("Đạt 10 chỉ tiêu.")])]
    new = [Section("Kết quả thực hiện năm 2024:", [text("Đạt 12 chỉ tiêu.")])]
    diff = diff_reports(report(*old), report(*new))
    changed = changed_parts(diff)
    assert list(changed) == ["sections/1"]
    part = changed["sections/1"]
    assert part.status == "changed"
    assert (part.old_title, part.new_title) == ("I. Kết quả thực hiện năm 2023", "Kết quả thực hiện năm 2024:")
    assert edits(part) == [WordChange("replace", "10", "12")]


def test_title_key_ignores_case_numbering_punctuation_and_years() -> None:
    assert title_key("II. Kết quả thực hiện năm 2023.") == title_key("KẾT QUẢ THỰC HIỆN NĂM 2024")
    assert title_key("a) Lĩnh vực “kinh tế”") == "lĩnh vực kinh tế"
    decomposed = "Ke\u0302\u0301t qua\u0309"  # "Kết quả" typed with combining marks
    assert title_key(decomposed) == title_key("Kết quả")


def test_unrelated_headings_are_removed_and_added() -> None:
    old = [Section("Công tác tuyên truyền", [text("A.")])]
    new = [Section("Kiến nghị với cấp trên", [text("A.")])]
    diff = diff_reports(report(*old), report(*new))
    assert [(part.key, part.status) for part in diff.parts if part.key.startswith("sections/")] == [
        ("sections/old-1", "removed"),
        ("sections/1", "added"),
    ]


def test_sub_section_keys_use_a_unique_role_or_the_position() -> None:
    danh_gia = Section(
        "Đánh giá chung",
        [Section("Ưu điểm", role="uu-diem"), Section("Hạn chế", role="han-che"), Section("Khác")],
        role="danh-gia",
    )
    diff = diff_reports(report(danh_gia), report(copy.deepcopy(danh_gia)))
    assert [part.key for part in diff.parts if part.key.startswith("sections/")] == [
        "sections/danh-gia",
        "sections/danh-gia/uu-diem",
        "sections/danh-gia/han-che",
        "sections/danh-gia/3",
    ]
    assert diff.parts[-4].label == "Mục I › 3. Khác"


# -- what a section's text is ------------------------------------------------------------------


def test_section_text_has_bullets_tables_and_footnotes_in_place_but_not_sub_sections() -> None:
    section = Section(
        "Kết quả",
        [
            Paragraph([Span("Ban hành kế hoạch"), Footnote("Kế hoạch số 17/KH-UBND"), Span(". Qua đó")]),
            Bullet(plain_inline("Họp thôn")),
            Table(header=[["Chỉ tiêu", "Số"]], rows=[["Hộ nghèo", 1234.5], [None, 7]], caption="Bảng 1"),
            Section("Mục con", [text("không tính")]),
        ],
    )
    assert " ".join(section_words(section)) == (
        "Ban hành kế hoạch [chú thích: Kế hoạch số 17/KH-UBND] . Qua đó - Họp thôn "
        "Bảng 1 Chỉ tiêu | Số Hộ nghèo | 1.234,5 | 7"
    )


# -- header and footer fields ------------------------------------------------------------------


def test_header_and_footer_changes_have_vietnamese_labels() -> None:
    old = report(*body())
    new = report(*body())
    new.number = 15
    new.date = dt.date(2024, 6, 5)
    new.summary = "Sơ kết công tác dân vận năm 2024"
    new.to = ["UBND huyện Trà Bồng"]
    new.recipients = ["UBND huyện", "TT HĐND xã"]
    new.signature = Signature("PHÓ CHỦ TỊCH", "Trần Thị B", mode="KT", head_title="CHỦ TỊCH")
    changed = changed_parts(diff_reports(old, new))
    assert {key: (part.label, part.status) for key, part in changed.items()} == {
        "number-date": ("Số, ngày", "changed"),
        "summary": ("Trích yếu", "changed"),
        "to": ("Kính gửi", "added"),
        "recipients": ("Nơi nhận", "changed"),
        "signature": ("Chữ ký", "changed"),
    }
    assert edits(changed["number-date"]) == [
        WordChange("replace", "/BC-UBND", "15/BC-UBND"),
        WordChange("replace", "2023", "2024"),
    ]
    assert edits(changed["summary"]) == [WordChange("insert", "", "năm 2024")]
    assert edits(changed["recipients"]) == [WordChange("replace", "Đảng ủy", "HĐND")]
    signature = changed["signature"].changes
    assert " ".join(change.after for change in signature if change.after) == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Thị B"
    assert WordChange("equal", "CHỦ TỊCH", "CHỦ TỊCH") in signature
    keys = [part.key for part in diff_reports(old, new).parts]
    assert keys[:5] == ["issuer", "number-date", "kind", "summary", "to"]
    assert keys[-3:] == ["closing", "recipients", "signature"]


def test_appendices_are_parts_with_their_sections() -> None:
    old = report(*body())
    new = report(*body())
    new.appendices = [Appendix("Danh sách mô hình", [Section("Mô hình", [text("Nồi cháo tình thương.")])])]
    changed = changed_parts(diff_reports(old, new))
    assert {key: (part.label, part.status) for key, part in changed.items()} == {
        "appendices/1": ("Phụ lục: Danh sách mô hình", "added"),
        "appendices/1/1": ("Phụ lục › Mục I. MÔ HÌNH", "added"),
    }


# -- showing -----------------------------------------------------------------------------------


def tra_tay_edited() -> tuple[Report, Report]:
    """The Trà Tây example, and the same with one word changed in section II and section III removed."""
    old = example()
    new = copy.deepcopy(old)
    paragraph = new.sections[1].subsections()[0].blocks[0]
    assert isinstance(paragraph, Paragraph) and isinstance(paragraph.inline[0], Span)
    paragraph.inline[0].text = paragraph.inline[0].text.replace("quán triệt sâu sắc", "quán triệt đầy đủ", 1)
    del new.sections[2]
    return old, new


def test_format_diff_marks_words_and_shortens_unchanged_runs() -> None:
    diff = diff_reports(*tra_tay_edited())
    output = format_diff(diff)
    assert "== Mục II › 1. Công tác lãnh đạo, chỉ đạo, phát động Phong trào thi đua (sửa) ==" in output
    assert "quán triệt [-sâu sắc-]{+đầy đủ+} chủ trương" in output
    assert "… (11 từ giống nhau) …" in output  # 16 unchanged words before: 5 kept next to the change
    assert "== Mục III. KẾT QUẢ ĐẠT ĐƯỢC (xóa) ==" in output
    assert "[-Trong lãnh đạo điều hành" in output
    assert "(không đổi)" not in output and "ĐẶC ĐIỂM TÌNH HÌNH" not in output  # unchanged parts not shown
    assert output.rstrip().splitlines()[-1] == "1 mục sửa, 0 mục thêm, 6 mục xóa; 18 mục không đổi."
    assert "\x1b[" not in output
    colored = format_diff(diff, color=True)
    assert "\x1b[31m[-sâu sắc-]\x1b[0m\x1b[32m{+đầy đủ+}\x1b[0m" in colored


def test_format_diff_status_words() -> None:
    new_sections = body()
    new_sections.reverse()
    new_sections.append(Section("Kiến nghị", [text("Đề nghị hỗ trợ kinh phí.")], role="kien-nghi"))
    del new_sections[0].blocks[0]
    output = format_diff(diff_reports(report(*body()), report(*new_sections)))
    for word in ("(thêm)", "(chuyển chỗ)", "(sửa"):
        assert word in output
    assert "{+Đề nghị hỗ trợ kinh phí.+}" in output
    assert "[-Phải gần dân, hiểu dân.-]" in output
    same = format_diff(diff_reports(report(*body()), report(*body())))
    assert same.strip().startswith("Hai báo cáo giống nhau (")


def test_diff_to_data_is_json_serialisable() -> None:
    diff = diff_reports(*tra_tay_edited())
    data = json.loads(json.dumps(diff_to_data(diff), ensure_ascii=False))
    assert data["changed"] is True
    assert data["counts"] == {"changed": 1, "added": 0, "removed": 6, "moved": 0, "unchanged": 18}
    part = next(part for part in data["parts"] if part["status"] == "changed")
    assert part["key"] == "sections/chi-dao/1"
    assert {"op": "replace", "before": "sâu sắc", "after": "đầy đủ"} in part["changes"]


# -- real reports ------------------------------------------------------------------------------


def test_two_different_examples_give_a_sensible_comparison() -> None:
    diff = diff_reports(example("ubnd-huyen-binh-son-so-ket-2022"), example(TRA_TAY))
    statuses = {part.key: part.status for part in diff.parts}
    assert len(statuses) == len(diff.parts)  # keys are unique
    for status in ("changed", "added", "removed"):
        assert diff.count(status) >= 2
    # The same roles are the same sections, though their titles differ.
    assert statuses["sections/tinh-hinh"] == "changed"
    assert statuses["sections/ket-qua"] == "changed"
    assert statuses["sections/chi-dao"] == "added"
    assert statuses["sections/phuong-huong"] == "removed"
    assert statuses["signature"] == "changed"
    assert format_diff(diff).count("== ") == len(diff.parts) - diff.count("unchanged")


def test_thirty_page_reports_are_compared_quickly() -> None:
    """A hang guard: the real time is about 20 ms for each pair."""

    def thirty_pages(name: str) -> Report:
        big = example(name)
        big.sections = [copy.deepcopy(section) for _ in range(5) for section in big.sections]
        return big

    old, new = thirty_pages(TRA_TAY), thirty_pages("ubnd-huyen-binh-son-so-ket-2022")
    edited = copy.deepcopy(old)
    del edited.sections[3]
    edited.sections[7].blocks.reverse()
    for before, after in ((old, new), (old, edited), (new, old)):
        start = time.perf_counter()
        diff_reports(before, after)
        assert time.perf_counter() - start < 2.0
