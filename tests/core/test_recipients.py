"""Kính gửi and Nơi nhận lines: what the renderer prints and the wizard previews."""

from __future__ import annotations

from app.core.model import Issuer, Report, Signature
from app.core.recipients import addressees, archive_line, is_as_above, list_item, recipient_lines


def report(to: list[str], recipients: list[str]) -> Report:
    return Report(
        issuer=Issuer(name="ỦY BAN NHÂN DÂN\nXÃ TRÀ TÂY", code="UBND", place="Trà Tây"),
        signature=Signature(title="CHỦ TỊCH", name="Nguyễn Văn A"),
        to=to,
        recipients=recipients,
    )


def test_list_items_lose_the_dash_and_end_punctuation_the_renderer_adds() -> None:
    assert list_item("  -  Thường trực   Đảng ủy xã; ") == "Thường trực Đảng ủy xã"
    assert list_item("Lưu trữ.") == "Lưu trữ"
    assert list_item("   ") == ""


def test_as_above_is_recognised_however_it_was_typed() -> None:
    assert is_as_above("Như trên")
    assert is_as_above("- như trên;")
    assert not is_as_above("Như trên và các phòng")


def test_as_above_comes_first_only_when_there_is_a_kinh_gui() -> None:
    with_to = report(["UBND huyện", "  "], ["Giám đốc Sở;", "Như trên"])
    assert addressees(with_to) == ["UBND huyện"]
    assert recipient_lines(with_to) == ["Như trên", "Giám đốc Sở"]
    without_to = report(["  "], ["Giám đốc Sở;", ""])
    assert addressees(without_to) == []
    assert recipient_lines(without_to) == ["Giám đốc Sở"]


def test_archive_line_uses_the_profile_prefix_and_defaults_to_vt() -> None:
    assert archive_line("VT, VP;", "Lưu: ") == "- Lưu: VT, VP."
    assert archive_line("- VT", "Lưu: ") == "- Lưu: VT."
    assert archive_line("  ", "Lưu: ") == "- Lưu: VT."
    assert archive_line("Văn phòng Đảng ủy", "Lưu ") == "- Lưu Văn phòng Đảng ủy."
