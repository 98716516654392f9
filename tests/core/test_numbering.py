from __future__ import annotations

from app.core.model import Bullet, Footnote, Issuer, Paragraph, Report, Section, Signature, Span, Table
from app.core.numbering import first_footnote_number, numbered_sections


def _labels(sections: list[Section]) -> list[tuple[int, str | None, str]]:
    return [(n.depth, n.label, n.section.title) for n in numbered_sections(sections)]


def test_labels_follow_depth_with_vietnamese_letters() -> None:
    letters = [Section(f"điểm {i}") for i in range(6)]
    tree = [
        Section("một", [Section("a", [*letters]), Section("b", [Section("sâu", [Section("sâu hơn")])])]),
        Section("hai"),
    ]
    labels = _labels(tree)
    assert labels[0] == (1, "I.", "một")
    assert labels[1] == (2, "1.", "a")
    assert [label for depth, label, _ in labels if depth == 3][:6] == ["a)", "b)", "c)", "d)", "đ)", "e)"]
    assert (4, "-", "sâu hơn") in labels
    assert labels[-1] == (1, "II.", "hai")


def test_given_numbers_and_unnumbered_sections_do_not_take_a_rank() -> None:
    tree = [
        Section("Phần mở đầu", number="Phần thứ nhất"),
        Section("tình hình"),
        Section("ghi chú", numbered=False),
        Section("kết quả"),
        Section("lặp số", number="II."),
    ]
    labels = [label for _, label, _ in _labels(tree)]
    assert labels == ["Phần thứ nhất", "I.", None, "II.", "II."]
    first = next(numbered_sections(tree))
    assert first.is_part and first.position is None


def test_footnotes_are_counted_in_the_order_the_renderer_numbers_them() -> None:
    def noted(count: int) -> Paragraph:
        return Paragraph([Span("Văn bản"), *(Footnote(f"nguồn {i}") for i in range(count))])

    child = Section("con", [noted(1)])
    first = Section("một", [noted(2), child, Bullet([Span("-"), Footnote("ghi chú")]), Table(rows=[["1"]])])
    second = Section("hai", [noted(1)])
    report = Report(
        issuer=Issuer(name="UBND XÃ A", code="UBND", place="A"),
        signature=Signature(title="CHỦ TỊCH", name="Nguyễn Văn A"),
        opening=[noted(2)],
        sections=[first, second],
        closing=[noted(1)],
    )
    assert first_footnote_number(report, "opening") == 1
    assert first_footnote_number(report, first) == 3  # after the opening's two
    assert first_footnote_number(report, child) == 5  # after the two before it in «một»
    assert first_footnote_number(report, second) == 7  # «một» holds four, its sub-section's one included
    assert first_footnote_number(report, "closing") == 8
