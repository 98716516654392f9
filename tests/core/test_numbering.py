from __future__ import annotations

from app.core.model import Section
from app.core.numbering import numbered_sections


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
