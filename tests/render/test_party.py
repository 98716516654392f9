"""Every Party-document rule (profile "party"), read back from the rendered .docx as Word resolves it.

The rules are those of ../shared/reference/formatting-rules.md §2 (HD 36-HD/VPTW, as replaced by
HD 05-HD/VPTW of 27/5/2026); where §2 marks a rule UNCONFIRMED the renderer follows the current
HD 05 summaries, and so do these tests. The main document is the Trà Tây example re-issued as a
báo cáo of Đảng ủy xã Trà Tây; smaller variants reuse the state tests' helpers (tests/render/test_rules.py).
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import zipfile
from typing import Any

import pytest

from app.core.checks import report_warnings
from app.core.conformance_rules import PARTY_SPECS
from app.core.docx_format import DocxFormat, ParagraphFormat
from app.core.model import DOCUMENT_KINDS
from app.core.report_file import report_from_data
from app.render.metrics import text_width_twips
from tests.conftest import example_path
from tests.render.test_golden import GOLDEN, pretty
from tests.render.test_rules import (
    A4_HEIGHT_TWIPS,
    A4_WIDTH_TWIPS,
    FONT_SLOTS,
    MOTTO,
    NATIONAL_NAME,
    PART_SECTIONS,
    TERMINATOR,
    TNR,
    Line,
    body,
    content,
    content_elements,
    elements_against,
    find,
    header_cell,
    is_bold,
    is_regular,
    is_rule,
    lines_of,
    part_heading_lines,
    prints_in_capitals,
    rendered,
    rendered_bytes,
    report_data,
    rule_length,
    signature_cell,
    sizes,
)

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
EXAMPLE = "ubnd-xa-tra-tay-so-ket-2023"
PARTY_ISSUER = {"parent": "ĐẢNG BỘ TỈNH QUẢNG NGÃI", "name": "ĐẢNG ỦY XÃ TRÀ TÂY", "code": "ĐU", "place": "Trà Tây"}
PARTY_SUMMARY = "sơ kết 03 năm thực hiện Phong trào thi đua “Dân vận khéo”"  # Party trích yếu start lower-case
PARTY_SIGNATURE = {
    "on_behalf_of": "ĐẢNG ỦY",
    "mode": "KT",
    "head_title": "BÍ THƯ",
    "title": "PHÓ BÍ THƯ",
    "name": "Đinh Văn Hòa",
}
PARTY_RECIPIENTS = ["Ban Thường vụ Tỉnh ủy (b/c)", "Ban Dân vận Tỉnh ủy (b/c)", "Các đồng chí Đảng ủy viên"]
PARTY_ARCHIVE = "Văn phòng Đảng ủy"
PARTY_DATE_LINE = "Trà Tây, ngày 05 tháng 6 năm 2026"
# "TM.", "KT.", "TL." as Nghị định 30 prints them; a Party document uses the slash forms only.
DOT_AUTHORITY = re.compile(r"(?<![\w/])(TM|KT|TL)\.")


def party_data(**changes: Any) -> dict[str, Any]:
    """The Trà Tây example as a báo cáo of Đảng ủy xã Trà Tây; `changes` replace top-level keys."""
    data: dict[str, Any] = json.loads(example_path(EXAMPLE).read_text(encoding="utf-8"))
    data.pop("x", None)
    data.update(
        profile="party",
        issuer=PARTY_ISSUER,
        number=45,
        date="2026-06-05",
        summary=PARTY_SUMMARY,
        recipients=PARTY_RECIPIENTS,
        archive=PARTY_ARCHIVE,
        signature=PARTY_SIGNATURE,
    )
    data.update(copy.deepcopy(changes))
    return data


def small_party_data(**changes: Any) -> dict[str, Any]:
    """A short Party báo cáo (fast to render) for the rules that vary one field."""
    base = {
        "profile": "party",
        "issuer": PARTY_ISSUER,
        "number": 45,
        "date": "2026-06-05",
        "summary": PARTY_SUMMARY,
        "recipients": PARTY_RECIPIENTS,
        "archive": PARTY_ARCHIVE,
        "signature": PARTY_SIGNATURE,
    }
    return report_data(**{**base, **changes})


def draft_data(kind: str) -> dict[str, Any]:
    """A Party draft with only what the report file requires: every other key takes its default."""
    data: dict[str, Any] = {
        "format": "baocao/1",
        "profile": "party",
        "kind": kind,
        "issuer": PARTY_ISSUER,
        "signature": PARTY_SIGNATURE,
    }
    if DOCUMENT_KINDS[kind].summary_required:
        data["summary"] = PARTY_SUMMARY
    return data


PARTY = party_data()


def party() -> DocxFormat:
    return rendered(PARTY)


def every_text(document: DocxFormat) -> list[str]:
    """The text of every paragraph of every story (body, headers, footers, footnotes)."""
    return [paragraph.text for paragraph in document.all_paragraphs()]


def sole_size(paragraph: ParagraphFormat) -> float:
    found = sizes(paragraph)
    assert len(found) == 1, found
    size = found.pop()
    assert size is not None
    return size


# -- golden file ---------------------------------------------------------------------------------

GOLDEN_PARTS = ("word/document.xml", "word/styles.xml", "word/numbering.xml", "word/footnotes.xml", "word/header1.xml")


@pytest.mark.parametrize("part", GOLDEN_PARTS)
def test_party_document_xml_matches_the_reviewed_reference(part: str) -> None:
    with zipfile.ZipFile(io.BytesIO(rendered_bytes(PARTY)[0])) as package:
        actual = pretty(package.read(part))
    reference = GOLDEN / "party-dang-uy-xa" / part.replace("/", "__")
    if os.environ.get("UPDATE_GOLDEN"):
        reference.parent.mkdir(parents=True, exist_ok=True)
        reference.write_text(actual, encoding="utf-8")
    assert reference.is_file(), f"no reference yet: run with UPDATE_GOLDEN=1 and review {reference}"
    assert actual == reference.read_text(encoding="utf-8")


# -- every kind renders a complete draft with its defaults ---------------------------------------


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_every_kind_renders_a_complete_party_draft_with_its_defaults(kind: str) -> None:
    document_kind = DOCUMENT_KINDS[kind]
    document = rendered(draft_data(kind))
    assert header_cell(document, 0, 1)[0].text == PARTY_NAME
    assert [paragraph.text for paragraph in header_cell(document, 1, 0)] == ["*"]
    number = header_cell(document, 2, 0)[0].text
    assert re.fullmatch(rf"Số {{2,}}-{document_kind.abbreviation}/ĐU", number), number
    assert re.fullmatch(r"Trà Tây, ngày {2,}tháng {2,}năm +", header_cell(document, 1, 1)[0].text)
    title = find(document, document_kind.title)
    assert title.table_index is None and is_bold(title)
    if document_kind.summary_required:
        paragraphs = content(document)
        assert [p.text for p in paragraphs[paragraphs.index(title) + 1 :][:2]] == [PARTY_SUMMARY, "-----"]
    assert content(document)[-1].text == TERMINATOR
    assert [line.text for line in signature_cell(document, 1)] == [
        "T/M ĐẢNG ỦY",
        "K/T BÍ THƯ",
        "PHÓ BÍ THƯ",
        "Đinh Văn Hòa",
    ]
    recipients = [line.text for line in signature_cell(document, 0)]
    assert recipients[0] == "Nơi nhận:"
    assert re.fullmatch(r"- Lưu [^:]+\.", recipients[-1]), recipients


def test_party_draft_with_the_default_archive_prints_it_and_is_warned() -> None:
    # The file format gives `archive` the default "VT" for every profile; the renderer prints what
    # the report says, and the officer is told that Party documents write "Lưu Văn phòng …".
    data = draft_data("bao-cao")
    last = signature_cell(rendered(data), 0)[-1].text
    assert last == "- Lưu VT."
    warnings = report_warnings(report_from_data(data))
    assert any(w.path == "archive" and "Lưu Văn phòng" in w.message for w in warnings)


# -- the checker's catalogue (PARTY_SPECS), as in tests/render/test_rules.py ---------------------------

PARTY_WITH_SALUTATION = small_party_data(
    to=["Ban Thường vụ Tỉnh ủy", "Ban Dân vận Tỉnh ủy"],
    basis=["Căn cứ Điều lệ Đảng", "Căn cứ Quy chế làm việc của Đảng ủy xã"],
)


def party_elements(document: DocxFormat) -> dict[str, list[tuple[Line, str]]]:
    """The lines of each element of a Party document the renderer printed, by PARTY_SPECS key."""
    issuer_cell = header_cell(document, 0, 0)
    return {
        "party-name": lines_of(header_cell(document, 0, 1)[0]),
        "parent-body": lines_of(*issuer_cell[:-1]),
        "issuer": lines_of(issuer_cell[-1]),
        "number": lines_of(header_cell(document, 2, 0)[0]),
        "date": lines_of(header_cell(document, 1, 1)[0]),
        **content_elements(document),
    }


def test_party_elements_print_as_the_checkers_catalogue_expects() -> None:
    located = [party_elements(rendered(data)) for data in (PARTY, PARTY_WITH_SALUTATION)]
    assert {key for found in located for key, lines in found.items() if lines} == set(PARTY_SPECS) - {
        "part-heading",
        "part-title",
    }
    assert [elements_against(PARTY_SPECS, found) for found in located] == [{}, {}]
    parts = part_heading_lines(rendered(small_party_data(sections=PART_SECTIONS)))
    assert elements_against(PARTY_SPECS, parts) == {}


# -- page and fonts (§2.2 "Page", "Font", "Số trang") --------------------------------------------


def test_party_page_is_a4_portrait_with_margins_20_20_30_15_mm() -> None:
    page = party().page
    assert (page.width_twips, page.height_twips, page.orientation) == (A4_WIDTH_TWIPS, A4_HEIGHT_TWIPS, "portrait")
    assert (page.top_mm, page.bottom_mm, page.left_mm, page.right_mm) == (20.0, 20.0, 30.0, 15.0)


def test_party_page_number_centered_14_pt_in_the_header_from_page_two() -> None:
    document = party()
    page_fields = document.fields_named("PAGE")
    assert [field.story for field in page_fields] == ["header:default"]
    number = document.headers["default"][page_fields[0].paragraph_index]
    assert number.alignment == "center"
    assert {run.size_pt for run in number.runs} == {14}
    assert not any(run.bold or run.italic for run in number.runs)
    assert document.page.header_mm == 10.0
    assert document.page.title_page
    assert not "".join(paragraph.text for paragraph in document.headers["first"]).strip()
    assert document.page.page_number_start in (None, 1)


def test_party_document_prints_in_times_new_roman_everywhere_without_theme_fonts() -> None:
    document = party()
    stories = set()
    for paragraph in document.all_paragraphs():
        stories.add(paragraph.story.split(":")[0])
        for run in paragraph.runs:
            assert {slot: run.fonts.get(slot) for slot in FONT_SLOTS} == dict.fromkeys(FONT_SLOTS, TNR), (
                f"{paragraph.story} {paragraph.text[:40]!r}: {run.fonts}"
            )
    assert {"body", "header", "footnote"} <= stories
    assert document.theme_font_attributes == []
    assert document.default_fonts == dict.fromkeys(FONT_SLOTS, TNR)
    assert {style.font for style in document.styles.values() if style.type in ("paragraph", "character")} == {TNR}


# -- header: tiêu đề, issuer, "*", number, date (§2.2 rows 1–5) ----------------------------------


def test_party_name_prints_15_pt_bold_capitals_at_the_top_right() -> None:
    document = party()
    assert body(document)[0].table_index == 0  # the header table opens the page
    party_name, issuer_top = header_cell(document, 0, 1)[0], header_cell(document, 0, 0)[0]
    assert party_name.text == PARTY_NAME
    assert party_name.cell == (0, 1)  # right column, first row
    assert sole_size(party_name) == 15
    assert is_bold(party_name)
    assert prints_in_capitals(party_name)
    assert not any(run.italic for run in party_name.runs)
    assert party_name.alignment == "center"
    assert party_name.space_before_twips == issuer_top.space_before_twips  # on the first line of the page


def test_rule_under_party_name_is_as_long_as_the_name() -> None:
    document = party()
    cell = header_cell(document, 0, 1)
    rules = [paragraph for paragraph in cell if is_rule(paragraph)]
    assert len(rules) == 1
    assert cell.index(rules[0]) == 1
    name_width = text_width_twips(PARTY_NAME, 15, bold=True)
    assert abs(rule_length(document, rules[0]) - name_width) <= 0.02 * name_width
    assert abs(rules[0].left_indent_twips - rules[0].right_indent_twips) <= 1


def test_party_header_has_no_national_name_motto_or_rule_under_the_issuer() -> None:
    document = party()
    texts = every_text(document)
    assert not any(NATIONAL_NAME in text or MOTTO in text or "Độc lập" in text for text in texts)
    left = [paragraph for row in range(3) for paragraph in header_cell(document, row, 0)]
    assert not any(is_rule(paragraph) for paragraph in left)
    assert not {paragraph.style_id for paragraph in document.paragraphs} & {"QuocHieu", "TieuNgu"}


def test_superior_body_prints_14_pt() -> None:
    superior = header_cell(party(), 0, 0)[0]  # capitals, not bold, centred: the catalogue test
    assert superior.text == "ĐẢNG BỘ TỈNH QUẢNG NGÃI"
    assert sole_size(superior) == 14


def test_issuing_body_prints_14_pt_upright_under_the_superior_body() -> None:
    cell = header_cell(party(), 0, 0)
    assert [paragraph.text for paragraph in cell] == ["ĐẢNG BỘ TỈNH QUẢNG NGÃI", "ĐẢNG ỦY XÃ TRÀ TÂY"]
    issuer = cell[1]  # bold capitals, centred: the catalogue test
    assert sole_size(issuer) == 14
    assert not any(run.italic for run in issuer.runs)


def test_star_line_centered_under_the_issuing_body() -> None:
    star = header_cell(party(), 1, 0)
    assert [paragraph.text for paragraph in star] == ["*"]
    assert star[0].alignment == "center"
    assert sole_size(star[0]) == 14


def test_number_prints_14_pt_without_colon_under_the_star() -> None:
    number = header_cell(party(), 2, 0)
    assert [paragraph.text for paragraph in number] == ["Số 45-BC/ĐU"]
    assert ":" not in number[0].text
    assert sole_size(number[0]) == 14


def test_missing_number_leaves_a_blank_slot_in_the_party_shape() -> None:
    number = header_cell(rendered(small_party_data(number=None)), 2, 0)[0].text
    assert re.fullmatch(r"Số {2,}-BC/ĐU", number), number


def test_date_prints_14_pt_under_the_rule_on_the_star_row() -> None:
    document = party()
    star, date = header_cell(document, 1, 0)[0], header_cell(document, 1, 1)[0]
    assert date.text == PARTY_DATE_LINE
    assert star.table_index == date.table_index == 0
    assert star.cell == (1, 0) and date.cell == (1, 1)  # right column, the row below the title rule
    assert sole_size(date) == 14


def test_star_and_date_line_stand_level() -> None:
    document = party()
    star, date = header_cell(document, 1, 0)[0], header_cell(document, 1, 1)[0]
    assert star.space_before_twips == date.space_before_twips


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2026-02-03", "Trà Tây, ngày 03 tháng 02 năm 2026"),
        ("2026-01-09", "Trà Tây, ngày 09 tháng 01 năm 2026"),
        ("2026-03-15", "Trà Tây, ngày 15 tháng 3 năm 2026"),
        ("2026-06-05", PARTY_DATE_LINE),
        ("2026-12-10", "Trà Tây, ngày 10 tháng 12 năm 2026"),
    ],
    ids=["february", "january", "march", "june", "december"],
)
def test_party_date_pads_days_below_ten_and_months_below_three(date: str, expected: str) -> None:
    assert header_cell(rendered(small_party_data(date=date)), 1, 1)[0].text == expected


# -- title, trích yếu, body (§2.2 "Tên loại", "Trích yếu", "Nội dung") ---------------------------


def test_title_word_prints_15_to_16_pt_bold_capitals_centered() -> None:
    title = find(party(), "BÁO CÁO")
    assert title.table_index is None
    assert 15 <= sole_size(title) <= 16
    assert is_bold(title)
    assert prints_in_capitals(title)
    assert title.alignment == "center"


def test_summary_prints_lower_case_over_five_hyphens() -> None:
    document = party()
    paragraphs = content(document)
    summary = find(document, PARTY_SUMMARY)
    assert paragraphs[paragraphs.index(summary) - 1].text == "BÁO CÁO"
    assert summary.text[0].islower()  # size, bold, centred: the catalogue test
    assert not any(run.caps for run in summary.runs)
    hyphens = paragraphs[paragraphs.index(summary) + 1]
    assert hyphens.text == "-----"
    assert hyphens.alignment == "center"
    assert not is_rule(hyphens)
    assert not any(is_rule(paragraph) for paragraph in paragraphs)  # no drawn rule as in Nghị định 30


def test_party_body_text_is_14_pt_justified() -> None:
    paragraphs = [paragraph for paragraph in content(party()) if paragraph.style_id in ("NoiDung", "GachDauDong")]
    assert len(paragraphs) > 5
    for paragraph in paragraphs:
        assert sizes(paragraph) == {14}
        assert paragraph.alignment == "both"
    assert content(party())[-1].text.endswith(TERMINATOR)


# -- signature (§2.2 "Quyền hạn ký", "Chức vụ", "Họ tên"; HD 36 §1.7.1) --------------------------


def _party_signer(on_behalf_of: str | None, mode: str | None, head: str | None, title: str) -> dict[str, Any]:
    return {"on_behalf_of": on_behalf_of, "mode": mode, "head_title": head, "title": title, "name": "Lê Thị Hoa"}


@pytest.mark.parametrize(
    ("signature", "authority", "title"),
    [
        pytest.param(PARTY_SIGNATURE, ["T/M ĐẢNG ỦY", "K/T BÍ THƯ"], "PHÓ BÍ THƯ", id="T/M+K/T"),
        pytest.param(_party_signer("Ban Thường vụ", None, None, "Bí thư"), ["T/M BAN THƯỜNG VỤ"], "BÍ THƯ", id="T/M"),
        pytest.param(
            _party_signer(None, "KT", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"), ["K/T TRƯỞNG BAN"], "PHÓ TRƯỞNG BAN", id="K/T"
        ),
        pytest.param(
            _party_signer(None, "TL", "BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"),
            ["T/L BAN THƯỜNG VỤ"],
            "CHÁNH VĂN PHÒNG",
            id="T/L",
        ),
    ],
)
def test_party_signature_prints_slash_authority_bold_and_title_not_bold(
    signature: dict[str, Any], authority: list[str], title: str
) -> None:
    data = PARTY if signature is PARTY_SIGNATURE else small_party_data(signature=signature)
    document = rendered(data)
    cell = signature_cell(document, 1)
    assert [line.text for line in cell] == [*authority, title, signature["name"]]
    for line in cell[:-2]:
        assert sole_size(line) == 14
        assert is_bold(line)
        assert prints_in_capitals(line)
        assert line.alignment == "center"
    title_line, name = cell[-2], cell[-1]
    assert sole_size(title_line) == 14
    assert is_regular(title_line)  # the Party's signer title is not bold, unlike Nghị định 30's
    assert sole_size(name) == 14
    assert is_bold(name)
    assert name.space_before_twips >= 1000  # room to sign
    assert not any(DOT_AUTHORITY.search(text) for text in every_text(document))


# -- Nơi nhận (§2.2 "Nơi nhận:", recipient list) ------------------------------------------------


def test_party_recipients_heading_is_14_pt() -> None:
    heading = signature_cell(party(), 0)[0]  # underlined, not bold, flush left: the catalogue test
    assert heading.text == "Nơi nhận:"
    assert sole_size(heading) == 14


def test_party_recipient_lines_are_12_pt_ending_with_lu_without_colon_or_vt() -> None:
    lines = signature_cell(party(), 0)[1:]
    assert [line.text for line in lines] == [
        *(f"- {recipient};" for recipient in PARTY_RECIPIENTS),
        "- Lưu Văn phòng Đảng ủy.",
    ]
    for line in lines:
        assert sole_size(line) == 12
    assert "Lưu:" not in lines[-1].text and "VT" not in lines[-1].text


# -- appendices ----------------------------------------------------------------------------------


def test_party_appendix_refers_to_the_party_number() -> None:
    data = small_party_data(appendices=[{"title": "Biểu số liệu", "sections": []}])
    document = rendered(data)
    assert find(document, "(Kèm theo", start=True).text == "(Kèm theo Báo cáo số 45-BC/ĐU ngày 05 tháng 6 năm 2026)"


# -- state documents keep none of it -------------------------------------------------------------


def test_state_document_has_no_party_elements() -> None:
    signature = {
        "on_behalf_of": "ỦY BAN NHÂN DÂN",
        "mode": "KT",
        "head_title": "CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Lê Thị Hoa",
    }
    document = rendered(report_data(signature=signature))
    texts = every_text(document)
    assert header_cell(document, 0, 1)[0].text == NATIONAL_NAME
    assert PARTY_NAME not in texts and "*" not in texts and "-----" not in texts
    assert header_cell(document, 1, 0)[0].text == "Số: 05/BC-SNV"
    assert [line.text for line in signature_cell(document, 1)][:2] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert not any(re.search(r"\b(T/M|K/T|T/L)\b", text) for text in texts)
    assert signature_cell(document, 0)[-1].text == "- Lưu: VT."
