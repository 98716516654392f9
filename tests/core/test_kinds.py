from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from app.core.kinds import (
    BUILT_IN_FOLDER,
    BUILT_IN_ORDER,
    KIND_KEY,
    MAX_KIND_FILE_BYTES,
    USER_SUBFOLDER,
    KindCatalog,
    KindSection,
    ReportKind,
    fill_defaults,
    find_kind_section,
    load_kinds,
    new_report,
    reporting_period,
    skeleton,
)
from app.core.model import Issuer, Paragraph, Section, Signature, plain_inline, walk_sections
from app.core.report_file import read_report, validate_report
from app.core.rollforward import Period, PeriodKind
from app.render.docx import render_docx
from tests.conftest import EXAMPLE_NAMES, example_path

ISSUER = Issuer(name="ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", code="UBND", place="Trà Tây")
SIGNATURE = Signature(title="CHỦ TỊCH", name="Đinh Văn Hòa")
PARTY_ISSUER = Issuer(name="HUYỆN ỦY BÌNH SƠN", code="HU", place="Bình Sơn", parent="ĐẢNG BỘ TỈNH QUẢNG NGÃI")
PARTY_SIGNATURE = Signature(title="BÍ THƯ", name="Phạm Quang Sự", on_behalf_of="BAN THƯỜNG VỤ")

MINIMAL_KIND = """
name = "Báo cáo tuần"
document_kind = "bao-cao"
summary = "Công tác tuần {{ ky }}"
"""


@pytest.fixture(scope="module")
def catalog() -> KindCatalog:
    return load_kinds()


def user_folder(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / USER_SUBFOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return tmp_path


def only_problem(tmp_path: Path, name: str, content: str | bytes) -> str:
    """Load with one user file that must be skipped; the built-in kinds must be untouched."""
    loaded = load_kinds(user_folder(tmp_path, {name: content}))
    assert len(loaded.problems) == 1, loaded.problems
    assert [kind.key for kind in loaded.kinds] == list(BUILT_IN_ORDER)
    problem = loaded.problems[0]
    assert problem.startswith(f"Bỏ qua tệp «{tmp_path / USER_SUBFOLDER / name}»: ")
    return problem


# -- built-in kinds ----------------------------------------------------------------------------


def test_every_built_in_kind_loads_without_problems_in_the_wizard_order(catalog: KindCatalog) -> None:
    assert catalog.problems == []
    assert [kind.key for kind in catalog.kinds] == list(BUILT_IN_ORDER)
    assert sorted(path.stem for path in BUILT_IN_FOLDER.glob("*.toml")) == sorted(BUILT_IN_ORDER)
    for kind in catalog.kinds:
        assert kind.built_in and kind.source.parent == BUILT_IN_FOLDER
        assert kind.name and kind.description and kind.sections and kind.closing
        for _, section in walk_sections(skeleton(kind)):
            assert section.title


def every_section(kind: ReportKind) -> list[KindSection]:
    found = []
    pending = list(kind.sections)
    while pending:
        section = pending.pop()
        found.append(section)
        pending.extend(section.sections)
    return found


def test_every_built_in_section_guides_the_officer(catalog: KindCatalog) -> None:
    for kind in catalog.kinds:
        for section in every_section(kind):
            assert section.guidance, f"{kind.key}: «{section.title}» has no guidance"
            assert section.phrases or section.sections, f"{kind.key}: «{section.title}» has no phrases"


@pytest.mark.parametrize("key", BUILT_IN_ORDER)
def test_a_new_report_of_every_kind_is_valid_and_renders(catalog: KindCatalog, key: str) -> None:
    kind = catalog.get(key)
    assert kind is not None
    report = new_report(kind, issuer=ISSUER, signature=SIGNATURE, date=dt.date(2024, 6, 20), profile="state")
    assert validate_report(report) == []
    assert report.kind == kind.document_kind
    assert report.x == {KIND_KEY: key}
    assert report.closing and report.recipients
    assert "{{" not in str(report) and "{%" not in str(report)
    assert render_docx(report).startswith(b"PK")
    party = new_report(kind, issuer=PARTY_ISSUER, signature=PARTY_SIGNATURE, date=2025, profile="party")
    assert validate_report(party) == []


def test_the_skeleton_is_empty_sections_without_guidance(catalog: KindCatalog) -> None:
    kind = catalog.get("bao-cao-so-ket")
    assert kind is not None
    sections = skeleton(kind)
    assert [section.title for section in sections] == [
        "Đặc điểm tình hình",
        "Công tác lãnh đạo, chỉ đạo, triển khai thực hiện",
        "Kết quả thực hiện",
        "Đánh giá chung",
        "Phương hướng, nhiệm vụ, giải pháp trong thời gian tới",
        "Kiến nghị, đề xuất",
    ]
    evaluation = sections[3]
    assert [(child.role, child.title) for child in evaluation.subsections()] == [
        ("uu-diem", "Ưu điểm"),
        ("han-che", "Tồn tại, hạn chế"),
        ("nguyen-nhan", "Nguyên nhân của tồn tại, hạn chế"),
        ("bai-hoc", "Bài học kinh nghiệm"),
    ]
    assert all(isinstance(block, Section) for _, section in walk_sections(sections) for block in section.blocks)


def test_a_new_report_reads_like_the_real_ones(catalog: KindCatalog) -> None:
    kind = catalog.get("bao-cao-so-ket")
    assert kind is not None
    report = new_report(
        kind,
        issuer=ISSUER,
        signature=SIGNATURE,
        date=dt.date(2023, 6, 5),
        to=["Ủy ban nhân dân huyện Trà Bồng"],
        values={
            "can_cu": "Công văn số 1444/UBND-NV ngày 18/5/2023 của UBND huyện Trà Bồng",
            "thoi_gian": "03 năm",
            "chu_de": "Phong trào thi đua “Dân vận khéo”",
        },
    )
    assert report.summary == "Sơ kết 03 năm thực hiện Phong trào thi đua “Dân vận khéo”"
    assert [paragraph.plain_text for paragraph in report.opening] == [
        "Thực hiện Công văn số 1444/UBND-NV ngày 18/5/2023 của UBND huyện Trà Bồng, Ủy ban nhân dân xã Trà Tây "
        "báo cáo kết quả sơ kết 03 năm thực hiện Phong trào thi đua “Dân vận khéo” như sau:"
    ]
    assert [paragraph.plain_text for paragraph in report.closing] == [
        "Trên đây là báo cáo sơ kết 03 năm thực hiện Phong trào thi đua “Dân vận khéo”, UBND xã Trà Tây "
        "kính báo cáo Ủy ban nhân dân huyện Trà Bồng xem xét, chỉ đạo."
    ]
    assert report.recipients == ["Như trên", "Chủ tịch, các Phó Chủ tịch UBND xã Trà Tây"]


def test_periodic_reports_name_their_period_and_the_next(catalog: KindCatalog) -> None:
    kind = catalog.get("bao-cao-quy")
    assert kind is not None
    report = new_report(kind, issuer=ISSUER, signature=SIGNATURE, date=dt.date(2024, 4, 3))
    assert report.summary == "Kết quả thực hiện nhiệm vụ quý I năm 2024; phương hướng, nhiệm vụ quý II năm 2024"
    chosen = new_report(kind, issuer=ISSUER, signature=SIGNATURE, date=2024, period=Period("quarter", 3, 2024))
    assert chosen.summary is not None and chosen.summary.startswith("Kết quả thực hiện nhiệm vụ quý III năm 2024")


@pytest.mark.parametrize(
    ("period", "date", "expected"),
    [
        ("quarter", dt.date(2024, 4, 3), Period("quarter", 1, 2024)),
        ("quarter", dt.date(2024, 3, 18), Period("quarter", 1, 2024)),
        ("half", dt.date(2024, 6, 15), Period("half", 1, 2024)),
        ("half", dt.date(2024, 7, 10), Period("half", 1, 2024)),
        ("month", dt.date(2024, 1, 3), Period("month", 12, 2023)),
        ("nine-months", dt.date(2024, 9, 20), Period("nine-months", 1, 2024)),
        ("year", dt.date(2024, 12, 10), Period("year", 1, 2024)),
        ("year", dt.date(2025, 1, 8), Period("year", 1, 2024)),
        ("year", 2026, Period("year", 1, 2026)),
        (None, dt.date(2024, 1, 8), Period("year", 1, 2024)),
        (None, None, Period("year", 1, 2025)),
    ],
)
def test_the_period_of_a_new_report_is_judged_from_its_date(
    period: PeriodKind | None, date: dt.date | int | None, expected: Period
) -> None:
    assert reporting_period(period, date, today=dt.date(2025, 3, 1)) == expected


def test_party_documents_start_their_trich_yeu_in_lower_case(catalog: KindCatalog) -> None:
    kind = catalog.get("bao-cao-6-thang")
    assert kind is not None
    report = new_report(
        kind, issuer=PARTY_ISSUER, signature=PARTY_SIGNATURE, date=dt.date(2025, 6, 10), profile="party"
    )
    assert report.summary == (
        "kết quả thực hiện nhiệm vụ 6 tháng đầu năm 2025; phương hướng, nhiệm vụ 6 tháng cuối năm 2025"
    )
    assert report.recipients == ["Thường trực Huyện ủy Bình Sơn"]


def test_a_party_conclusion_carries_its_own_title(catalog: KindCatalog) -> None:
    kind = catalog.get("thong-bao-ket-luan")
    assert kind is not None
    party = new_report(kind, issuer=PARTY_ISSUER, signature=PARTY_SIGNATURE, profile="party")
    assert party.title == "THÔNG BÁO\nKẾT LUẬN CỦA THƯỜNG TRỰC HUYỆN ỦY BÌNH SƠN"
    state = new_report(kind, issuer=ISSUER, signature=SIGNATURE, values={"cuoc_hop": "cuộc họp giao ban tháng 6"})
    assert state.title is None
    assert state.summary == "Kết luận của Chủ tịch UBND xã Trà Tây tại cuộc họp giao ban tháng 6"


def test_a_kind_is_only_used_for_its_profiles(catalog: KindCatalog) -> None:
    kind = catalog.get("bao-cao-nam")
    assert kind is not None
    state_only = dataclasses.replace(kind, profiles=("state",))
    with pytest.raises(ValueError, match="văn bản của Đảng"):
        new_report(state_only, issuer=PARTY_ISSUER, signature=PARTY_SIGNATURE, profile="party")
    assert state_only not in KindCatalog([state_only]).for_profile("party")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_kind_of_an_example_report_is_recognised(catalog: KindCatalog, name: str) -> None:
    kind = catalog.for_report(read_report(example_path(name)))
    assert kind is not None and kind.key == "bao-cao-so-ket"


def test_a_report_without_a_recognisable_kind_gets_the_general_one(catalog: KindCatalog) -> None:
    kind = catalog.get("bao-cao-nam")
    assert kind is not None
    report = new_report(kind, issuer=ISSUER, signature=SIGNATURE, date=dt.date(2024, 12, 1))
    assert catalog.for_report(report) == kind
    report.x = None
    assert catalog.for_report(report) == kind  # "năm 2024" in the trích yếu
    report.summary = "Công tác phòng, chống thiên tai"
    assert catalog.for_report(report) == catalog.get("bao-cao-chuyen-de")


# -- fill_defaults -----------------------------------------------------------------------------


def test_fill_defaults_fills_only_the_empty_parts(catalog: KindCatalog) -> None:
    report = read_report(example_path("ubnd-huyen-binh-son-so-ket-2022"))
    kind = catalog.for_report(report)
    assert kind is not None
    written_opening = [paragraph.plain_text for paragraph in report.opening]
    report.closing = [Paragraph(plain_inline("  "))]
    report.recipients = []

    filled = fill_defaults(report, kind)

    assert [paragraph.plain_text for paragraph in filled.opening] == written_opening
    assert [paragraph.plain_text for paragraph in filled.closing] == [
        "Trên đây là báo cáo sơ kết 05 năm thực hiện Chỉ thị số 22-CT/TU ngày 03/4/2017 của Ban Thường vụ Tỉnh ủy "
        "về đẩy mạnh và nâng cao hiệu quả phong trào thi đua “Dân vận khéo”, UBND huyện Bình Sơn kính báo cáo "
        "Sở Nội vụ tỉnh Quảng Ngãi xem xét, chỉ đạo."
    ]
    assert filled.recipients == ["Như trên", "Chủ tịch, các Phó Chủ tịch UBND huyện Bình Sơn"]
    assert report.recipients == [] and report.closing[0].plain_text == "  "  # the original is untouched
    assert validate_report(filled) == []


def test_fill_defaults_never_overwrites_what_the_officer_wrote(catalog: KindCatalog) -> None:
    report = read_report(example_path("ubnd-xa-tra-tay-so-ket-2023"))
    kind = catalog.get("bao-cao-so-ket")
    assert kind is not None
    filled = fill_defaults(report, kind)
    assert filled == report and filled is not report


# -- user kinds --------------------------------------------------------------------------------


def test_a_user_file_replaces_the_built_in_kind_and_adds_new_ones(tmp_path: Path) -> None:
    own_quarter = MINIMAL_KIND.replace("Báo cáo tuần", "Báo cáo quý của Sở")
    folder = user_folder(tmp_path, {"bao-cao-quy.toml": own_quarter, "bao-cao-tuan.toml": MINIMAL_KIND})
    loaded = load_kinds(folder)
    assert loaded.problems == []
    keys = [kind.key for kind in loaded.kinds]
    assert keys == [*BUILT_IN_ORDER, "bao-cao-tuan"]
    replaced = loaded.get("bao-cao-quy")
    assert replaced is not None and replaced.name == "Báo cáo quý của Sở" and not replaced.built_in
    assert replaced.source == folder / USER_SUBFOLDER / "bao-cao-quy.toml"
    weekly = loaded.get("bao-cao-tuan")
    assert weekly is not None and weekly.profiles == ("state", "party") and weekly.sections == ()
    report = new_report(weekly, issuer=ISSUER, signature=SIGNATURE, date=dt.date(2024, 5, 2))
    assert report.summary == "Công tác tuần năm 2024" and validate_report(report) == []


def test_no_user_folder_is_no_problem(tmp_path: Path) -> None:
    assert load_kinds(tmp_path).problems == []
    (tmp_path / USER_SUBFOLDER).write_text("không phải thư mục", encoding="utf-8")
    loaded = load_kinds(tmp_path)
    assert len(loaded.problems) == 1 and "không phải thư mục" in loaded.problems[0]
    assert len(loaded.kinds) == len(BUILT_IN_ORDER)


def test_malformed_toml_is_skipped_naming_the_line(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "hong.toml", 'name = "Báo cáo tuần"\ndocument_kind\n')
    assert "dòng 2" in problem and "thiếu dấu bằng" in problem


def test_an_unknown_field_is_skipped_naming_the_field(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "sai-ten.toml", MINIMAL_KIND + 'titel = "BÁO CÁO"\n')
    assert "«titel»" in problem and "lỗi chính tả" in problem


def test_a_field_of_the_wrong_type_is_skipped(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "sai-kieu.toml", MINIMAL_KIND + "opening = 5\n")
    assert "opening: phải là danh sách" in problem and "số nguyên" in problem


def test_wrong_values_are_each_reported(tmp_path: Path) -> None:
    content = MINIMAL_KIND.replace('"bao-cao"', '"bao_cao"') + 'period = "tuần"\n[[sections]]\nrole = "ket_qua"\n'
    problem = only_problem(tmp_path, "sai-gia-tri.toml", content)
    assert "«bao_cao» không hợp lệ" in problem
    assert "«tuần» không hợp lệ" in problem
    assert "sections[0].title" in problem and "«ket_qua» không hợp lệ" in problem


def test_a_template_with_a_syntax_error_is_skipped_naming_field_and_line(tmp_path: Path) -> None:
    content = MINIMAL_KIND + 'closing = ["Trên đây là báo cáo.", "{% if kinh_gui %}Như trên"]\n'
    problem = only_problem(tmp_path, "cu-phap.toml", content)
    assert "closing[1], dòng 1 của mẫu câu: mẫu câu sai cú pháp" in problem


def test_a_template_using_an_unknown_variable_is_skipped(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "bien-la.toml", MINIMAL_KIND + 'opening = ["{{ co_quan.ten_day_du }}"]\n')
    assert "«co_quan» không có trường «ten_day_du»" in problem


def test_an_unsafe_template_is_skipped(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "nguy-hiem.toml", MINIMAL_KIND + "opening = [\"{{ ''.__class__.__mro__ }}\"]\n")
    assert "opening[0]" in problem and "không được dùng «__" in problem


def test_a_huge_file_is_skipped_without_being_read(tmp_path: Path) -> None:
    content = MINIMAL_KIND + "# " + "x" * MAX_KIND_FILE_BYTES + "\n"
    problem = only_problem(tmp_path, "qua-lon.toml", content)
    assert "quá lớn" in problem and "256 KB" in problem


def test_a_file_that_is_not_utf8_is_skipped(tmp_path: Path) -> None:
    legacy = MINIMAL_KIND.replace("Báo cáo tuần", "Báo cáo").replace("Công tác tuần", "Công tác").encode("cp1258")
    problem = only_problem(tmp_path, "ma-cu.toml", legacy)
    assert "không phải văn bản UTF-8" in problem


def test_a_file_name_that_cannot_be_a_key_is_skipped(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "Báo cáo tuần.toml", MINIMAL_KIND)
    assert "tên tệp" in problem


def test_a_bao_cao_kind_must_have_a_trich_yeu(tmp_path: Path) -> None:
    content = MINIMAL_KIND.replace('summary = "Công tác tuần {{ ky }}"\n', "")
    problem = only_problem(tmp_path, "thieu.toml", content)
    assert "thiếu trường «summary»" in problem


def test_the_trich_yeu_cannot_quote_itself(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "vong.toml", MINIMAL_KIND.replace("{{ ky }}", "{{ trich_yeu }}"))
    assert "summary" in problem and "«trich_yeu»" in problem


def test_many_problems_are_shortened(tmp_path: Path) -> None:
    content = MINIMAL_KIND + "".join(f"sai{i} = 1\n" for i in range(8))
    problem = only_problem(tmp_path, "nhieu.toml", content)
    assert "và 3 lỗi khác" in problem


def test_a_report_section_finds_its_skeleton_section_by_role_then_by_title() -> None:
    inner = KindSection("Lĩnh vực kinh tế", guidance="inside «Kết quả»")
    top = KindSection("Lĩnh vực kinh tế", guidance="top level")
    results = KindSection("Kết quả thực hiện", role="ket-qua", sections=(inner,))
    kind = ReportKind(
        key="thu", name="Báo cáo thử", document_kind="bao-cao", source=Path("thu.toml"), sections=(top, results)
    )
    assert find_kind_section([kind], Section("Tên khác hẳn", role="ket-qua")) is results
    assert find_kind_section([kind], Section("  LINH VUC   kinh te ")) is top
    assert find_kind_section([kind], Section("Lĩnh vực kinh tế"), within=results) is inner
    assert find_kind_section([kind], Section("Không có")) is None
