from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from app.core.model import Issuer, Signature
from app.core.rollforward import Period
from app.core.templating import (
    TemplateProblem,
    check_template,
    compile_template,
    name_in_sentence,
    next_period_phrase,
    render_template,
    shortened_name,
    template_context,
    title_in_sentence,
)


def context(**overrides: Any) -> dict[str, Any]:
    values = overrides.pop("values", None)
    built = template_context(
        issuer=Issuer(name="ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", code="UBND", place="Trà Tây"),
        signature=Signature(title="PHÓ CHỦ TỊCH", name="Đinh Văn Hòa"),
        date=dt.date(2023, 6, 5),
        period=Period("half", 1, 2023),
        kind_name="Báo cáo sơ kết",
        profile="state",
        values=values,
    )
    built.update(overrides)
    return built


def render(source: str, **overrides: Any) -> str:
    return render_template(source, context(**overrides))


# -- filters -----------------------------------------------------------------------------------


def test_ngay_writes_the_nghi_dinh_30_date_words() -> None:
    assert render("{{ ngay_ban_hanh | ngay }}") == "ngày 05 tháng 6 năm 2023"
    assert render("{{ ngay_ban_hanh | ngay }}", ngay_ban_hanh=dt.date(2024, 2, 9)) == "ngày 09 tháng 02 năm 2024"
    assert render("{{ ngay_ban_hanh | ngay }}", ngay_ban_hanh=2025) == "ngày     tháng     năm 2025"


def test_dia_danh_ngay_writes_the_place_and_date_line() -> None:
    assert render("{{ co_quan.dia_danh | dia_danh_ngay(ngay_ban_hanh) }}") == "Trà Tây, ngày 05 tháng 6 năm 2023"


def test_ngay_refuses_what_is_not_a_date() -> None:
    with pytest.raises(TemplateProblem, match="«ngay» cần một ngày"):
        render("{{ 'hôm qua' | ngay }}")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 1234567.5 | so }}", "1.234.567,5"),
        ("{{ 1234567 | so }}", "1.234.567"),
        ("{{ 6957.815 | so(2) }}", "6.957,82"),
        ("{{ 6957.0 | so(2) }}", "6.957"),
        ("{{ 0.1234 | phan_tram }}", "12,34%"),
        ("{{ 0.5 | phan_tram }}", "50%"),
        ("{{ 0.12345 | phan_tram }}", "12,35%"),
        ("{{ 0.178 | phan_tram(1) }}", "17,8%"),
        ("{{ 0.5555 | phan_tram(0) }}", "56%"),
    ],
)
def test_numbers_and_percentages_in_vietnamese_style(source: str, expected: str) -> None:
    assert render(source) == expected


def test_so_refuses_text_with_a_vietnamese_message() -> None:
    with pytest.raises(TemplateProblem, match="«so» cần một số"):
        render("{{ 'mười' | so }}")


def test_bang_chu_reads_an_amount_in_words() -> None:
    assert render("{{ 1050000 | bang_chu }}") == "Một triệu không trăm năm mươi nghìn đồng"
    assert render("{{ so_tien | bang_chu }}", so_tien=Decimal("2023")) == "Hai nghìn không trăm hai mươi ba đồng"
    assert render("{{ 3.05 | bang_chu('mét') }}") == "Ba phẩy không năm mét"


def test_first_letter_filters_keep_the_rest_as_written() -> None:
    assert render("{{ 'sơ kết Phong trào' | viet_hoa_dau }}") == "Sơ kết Phong trào"
    assert render("{{ 'Sơ kết Phong trào' | viet_thuong_dau }}") == "sơ kết Phong trào"
    assert render("{{ 'UBND xã' | viet_thuong_dau }}") == "UBND xã"


# -- context -----------------------------------------------------------------------------------


def test_the_context_names_the_issuer_signer_and_period_as_a_sentence_needs_them() -> None:
    source = (
        "{{ co_quan.ten }}|{{ co_quan.ten_viet_tat }}|{{ co_quan.ten_in }}|{{ co_quan.dia_ban }}|"
        "{{ nguoi_ky.chuc_vu }} {{ nguoi_ky.ten }}|{{ ky }}|{{ ky_sau }}|{{ nam }}|{{ loai | lower }}"
    )
    assert render(source).split("|") == [
        "Ủy ban nhân dân xã Trà Tây",
        "UBND xã Trà Tây",
        "ỦY BAN NHÂN DÂN XÃ TRÀ TÂY",
        "xã Trà Tây",
        "Phó Chủ tịch Đinh Văn Hòa",
        "6 tháng đầu năm 2023",
        "6 tháng cuối năm 2023",
        "2023",
        "báo cáo sơ kết",
    ]


@pytest.mark.parametrize(
    ("printed", "in_sentence"),
    [
        ("ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", "Ủy ban nhân dân xã Trà Tây"),
        ("UỶ BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
        ("UBND TỈNH QUẢNG NGÃI", "UBND tỉnh Quảng Ngãi"),
        ("BAN DÂN TỘC", "Ban Dân tộc"),
        ("SỞ NỘI VỤ", "Sở Nội vụ"),
        ("PHÒNG TÀI CHÍNH - KẾ HOẠCH HUYỆN BÌNH SƠN", "Phòng Tài chính - Kế hoạch huyện Bình Sơn"),
        ("PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Phòng Lao động - Thương binh và Xã hội"),
        ("VĂN PHÒNG HĐND VÀ UBND HUYỆN", "Văn phòng HĐND và UBND huyện"),
        ("HUYỆN ỦY BÌNH SƠN", "Huyện ủy Bình Sơn"),
        ("ĐẢNG ỦY XÃ TRÀ TÂY", "Đảng ủy xã Trà Tây"),
        ("CHI BỘ BAN DÂN TỘC", "Chi bộ Ban Dân tộc"),
        ("ỦY BAN NHÂN DÂN\nPHƯỜNG 5", "Ủy ban nhân dân phường 5"),
        ("Sở Nội vụ tỉnh Quảng Ngãi", "Sở Nội vụ tỉnh Quảng Ngãi"),
    ],
)
def test_printed_names_are_written_as_a_sentence_needs_them(printed: str, in_sentence: str) -> None:
    assert name_in_sentence(printed) == in_sentence


def test_names_and_titles_are_shortened_and_cased_as_reports_write_them() -> None:
    assert shortened_name("Ủy ban nhân dân huyện Bình Sơn") == "UBND huyện Bình Sơn"
    assert shortened_name("Ban Dân tộc") == "Ban Dân tộc"
    assert title_in_sentence("PHÓ CHỦ TỊCH") == "Phó Chủ tịch"
    assert title_in_sentence("TRƯỞNG BAN") == "Trưởng ban"


def test_the_period_after_nine_months_is_the_fourth_quarter() -> None:
    assert next_period_phrase(Period("nine-months", 1, 2024)) == "quý IV năm 2024"
    assert next_period_phrase(Period("quarter", 4, 2024)) == "quý I năm 2025"
    assert next_period_phrase(Period("year", 1, 2024)) == "năm 2025"


def test_optional_values_are_there_only_when_given() -> None:
    source = "Thực hiện {{ can_cu | default('chỉ đạo của cấp trên') }}"
    assert render(source) == "Thực hiện chỉ đạo của cấp trên"
    given = context(values={"can_cu": "Công văn số 12/UBND  ngày 5/4/2024", "chu_de": "  "})
    assert render_template(source, given) == "Thực hiện Công văn số 12/UBND ngày 5/4/2024"
    assert "chu_de" not in given
    with pytest.raises(ValueError, match="unknown template values"):
        context(values={"khong_co": "x"})


# -- strictness and the sandbox ----------------------------------------------------------------


def test_an_undefined_variable_is_a_problem_naming_it_and_its_line() -> None:
    with pytest.raises(TemplateProblem) as caught:
        render("Dòng một\n{{ co_quan.ten }} và {{ ten_co_quan }}")
    assert caught.value.line == 2
    assert "«ten_co_quan»" in caught.value.message
    assert str(caught.value).startswith("dòng 2: ")


def test_a_missing_field_names_the_object_and_the_field() -> None:
    with pytest.raises(TemplateProblem, match="«co_quan» không có trường «ten_day_du»"):
        render("{{ co_quan.ten_day_du }}")


def test_an_optional_variable_without_default_says_how_to_write_it() -> None:
    with pytest.raises(TemplateProblem, match=r"«chu_de».*default"):
        render("{{ chu_de }}")


def test_a_syntax_error_is_a_problem_with_its_line() -> None:
    with pytest.raises(TemplateProblem) as caught:
        compile_template("Một\nHai {{ ky }\n")
    assert caught.value.line == 2
    assert "sai cú pháp" in caught.value.message


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''['__class__'] }}",
        "{% if false %}{{ loai.__class__ }}{% endif %}",
        "{% macro f() %}x{% endmacro %}{{ f() }}",
        "{% include 'other' %}",
        "{% import 'other' as o %}",
        "{% set s = 'x' %}{{ s }}",
        "{% for a in kinh_gui %}{% for b in kinh_gui %}{% endfor %}{% endfor %}",
        "{{ ky | attr('__class__') }}",
    ],
)
def test_unsafe_templates_are_refused_before_they_run(source: str) -> None:
    with pytest.raises(TemplateProblem, match=r"không được|không có bộ lọc"):
        compile_template(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ ky['_' ~ '_class__'] }}", "không được dùng «__class__»"),
        ("{{ 2 ** 1000000 }}", "số mũ quá lớn"),
        ("{{ '{}'.format(ky) }}", "không được gọi «format»"),
        ("{{ 'x'.center(10000000) }}", "không được gọi «center»"),
        ("{{ 'x' * 100000000 }}", "quá dài"),
        ("{{ '%s' % ky }}", "phép %"),
        ("{{ range(100000000) | list }}", "range"),
        ("{{ lipsum() }}", "không có biến «lipsum»"),
    ],
)
def test_unsafe_calls_are_refused_when_they_run(source: str, expected: str) -> None:
    with pytest.raises(TemplateProblem, match=expected):
        render(source)


def test_a_template_cannot_write_without_end() -> None:
    with pytest.raises(TemplateProblem, match="quá dài"):
        render("{% for i in range(1000) %}" + "x" * 100 + "{% endfor %}")


def test_safe_string_methods_still_work() -> None:
    assert render("{{ loai.lower() }}|{{ loai.startswith('Báo') }}") == "báo cáo sơ kết|True"


def test_templates_produce_plain_text_without_escaping() -> None:
    assert render("{{ x }}", x="Phong trào “A & B” <mới>") == "Phong trào “A & B” <mới>"


def test_check_template_refuses_unknown_names_and_unguarded_optional_ones() -> None:
    check_template("{{ co_quan.ten }} {% if can_cu is defined %}{{ can_cu }}{% endif %} {{ chu_de | default('…') }}")
    with pytest.raises(TemplateProblem, match="«kyy»"):
        check_template("{{ kyy }}")
    with pytest.raises(TemplateProblem, match="«thoi_gian»"):
        check_template("{{ thoi_gian }}")
    with pytest.raises(TemplateProblem, match="«trich_yeu»"):
        check_template("{{ trich_yeu }}", unavailable=("trich_yeu",))
