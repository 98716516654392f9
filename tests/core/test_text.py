"""Input hygiene: what every text field stores, whatever was typed or pasted."""

from __future__ import annotations

import unicodedata

from app.core.text import clean_input


def test_clean_text_passes_unchanged_without_a_note() -> None:
    assert clean_input("Xã Trà Tây") == ("Xã Trà Tây", None)


def test_input_is_stored_as_nfc_with_plain_line_feeds() -> None:
    decomposed = unicodedata.normalize("NFD", "Ủy ban\r\nnhân dân\rxã")
    assert clean_input(decomposed) == ("Ủy ban\nnhân dân\nxã", None)


def test_characters_word_cannot_store_are_removed_and_the_first_is_named() -> None:
    cleaned, note = clean_input("a\x01b\x02c\ufffed")
    assert cleaned == "abcd"
    assert note is not None
    assert "U+0001" in note and "vị trí 2" in note
    assert "chương trình đã xóa nó" in note and "hãy xóa nó" not in note
