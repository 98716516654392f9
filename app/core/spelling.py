"""Vietnamese spell checking, without Qt: which words of a text to check, tone placement, the word list, the
officer's own words.

- The word list is Debian's `hunspell-vi` (a GPL-2 list of Vietnamese syllables) or the same list as
  LibreOffice bundles it, read and looked up with spylls (Hunspell ported to pure Python: no C library to
  install on Windows or macOS). `find_dictionary` looks in the places those are installed; none found means
  no checking, never an error. Suggestions come from `SyllableSuggester` (bounded work; spylls' own
  suggester can take a minute on a foreign word).
- The list writes the tone of oa, oe, uy on the second vowel (hoà, khoẻ, thuỷ, Uỷ), while most official
  documents write it on the first (hòa, khỏe, thủy, Ủy). Both are correct: a word is checked in both
  placements, and suggestions come back in the placement the officer uses.
- A list of syllables cannot catch a wrong syllable that exists ("xảy" written "sảy"), only impossible ones.
- Numbers, codes (22-CT/TU), abbreviations in capitals (UBND, HĐND), Roman numerals, addresses of web pages and
  e-mails are not checked. A capitalised syllable is checked like any other: a proper name is made of
  ordinary syllables.
- Words the officer adds ("Thêm vào từ điển") go into a text file in the data folder, one a line, written
  atomically; "Bỏ qua" words are accepted until the program closes.
"""

from __future__ import annotations

import enum
import glob
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from app.core.files import OutputError, atomic_write_bytes
from app.core.paths import data_folder
from app.core.vietnamese import has_syllable_shape

DICTIONARY_VARIABLE = "BAOCAO_DICTIONARY"
"""Environment variable naming the dictionary to use: a folder holding a .aff/.dic pair, one of the two files,
or a LibreOffice dictionary extension (.oxt). When set, nothing else is searched."""
DICTIONARY_SUBFOLDER = "tu-dien"
"""A folder inside the user's data folder where an officer may put a Vietnamese dictionary of their own."""
USER_DICTIONARY_FILE = "tu-dien-rieng.txt"
"""The officer's own words ("Thêm vào từ điển"), in the user's data folder: UTF-8, one word a line."""
SOFFICE_VARIABLE = "BAOCAO_SOFFICE"
"""Where the settings say LibreOffice is (app/render/pdf.py): its bundled Vietnamese dictionary is beside it."""
MAX_SUGGESTIONS = 6
NO_DICTIONARY_NOTICE = "Kiểm tra chính tả: chưa có từ điển tiếng Việt — cài gói hunspell-vi hoặc LibreOffice"

_CACHE_LIMIT = 200_000
_EXTRA_WORDS = frozenset({"nòng", "covid", "online", "website", "video", "camera", "zalo", "facebook", "wifi", "radio"})
"""Accepted besides the word list: "nòng" (nòng cốt), missing from hunspell-vi 7.5, and loanwords that commune
reports use every day. Compared like the officer's own words."""
_USER_FILE_HEADER = "# Từ điển riêng của Trợ lý Báo cáo: mỗi dòng một từ; dòng bắt đầu bằng # được bỏ qua.\n"


class DictionaryError(Exception):
    """A dictionary file was found but could not be read; the message says which and what to do."""


# -- tone placement ----------------------------------------------------------------------------------


class ToneStyle(enum.Enum):
    """Where the tone mark of oa, oe, uy goes when nothing follows them."""

    FIRST_VOWEL = "hòa"
    """hòa, khỏe, thủy, Ủy: what most official documents write."""
    SECOND_VOWEL = "hoà"
    """hoà, khoẻ, thuỷ, Uỷ: what the hunspell-vi word list holds."""


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (NFD)
_TONE_PAIR = re.compile(r"(?P<before>.*?)(?P<first>[oO])(?P<second>[aeAE])|(?P<before_u>.*?)(?P<u>[uU])(?P<y>[yY])")
_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"


def _split_tone(syllable: str) -> tuple[str, str]:
    """The syllable without its tone mark (NFC) and the mark itself ("" when it has none)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    marks = [character for character in decomposed if character in _TONE_MARKS]
    if len(marks) != 1:
        return syllable, ""
    return unicodedata.normalize("NFC", decomposed.replace(marks[0], "")), marks[0]


def _tone_pair(base: str) -> tuple[str, str, str] | None:
    """(what comes before, first vowel, second vowel) when `base` (toneless) ends in oa, oe or uy, the two
    vowels being the whole vowel group; qu + y is not such a pair (quý is written one way only)."""
    match = _TONE_PAIR.fullmatch(base)
    if match is None:
        return None
    if match.group("first"):
        before, first, second = match.group("before"), match.group("first"), match.group("second")
    else:
        before, first, second = match.group("before_u"), match.group("u"), match.group("y")
        if before[-1:] in ("q", "Q"):
            return None
    if before[-1:] and before[-1] in _VOWELS:
        return None
    return before, first, second


def tone_style_of(word: str) -> ToneStyle | None:
    """FIRST_VOWEL for hòa, SECOND_VOWEL for hoà; None when the word has no oa/oe/uy ending with a tone."""
    base, mark = _split_tone(unicodedata.normalize("NFC", word))
    pair = _tone_pair(base) if mark else None
    if pair is None:
        return None
    decomposed = unicodedata.normalize("NFD", word)
    before_length = len(unicodedata.normalize("NFD", pair[0]))
    first_vowel_marked = decomposed[before_length + 1 : before_length + 2] == mark
    return ToneStyle.FIRST_VOWEL if first_vowel_marked else ToneStyle.SECOND_VOWEL


def with_tone_style(word: str, style: ToneStyle) -> str:
    """`word` (NFC) with the tone of a final oa/oe/uy moved as `style` wants (hòa ↔ hoà, Ủy ↔ Uỷ); other
    words unchanged."""
    word = unicodedata.normalize("NFC", word)
    base, mark = _split_tone(word)
    pair = _tone_pair(base) if mark else None
    if pair is None:
        return word
    before, first, second = pair
    if style is ToneStyle.FIRST_VOWEL:
        return unicodedata.normalize("NFC", before + first + mark + second)
    return unicodedata.normalize("NFC", before + first + second + mark)


_STYLE_PATTERNS = (
    (ToneStyle.FIRST_VOWEL, re.compile(r"(?<![qQ])(?:[òóỏõọÒÓỎÕỌ][aeAE]|[ùúủũụÙÚỦŨỤ][yY])(?![^\W\d_])")),
    (ToneStyle.SECOND_VOWEL, re.compile(r"(?<![qQ])(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])")),
)


def tone_style_of_text(text: str) -> ToneStyle | None:
    """The placement most of the text's oa/oe/uy endings use (NFC text); None when it has none."""
    counts = {style: sum(1 for _ in pattern.finditer(text)) for style, pattern in _STYLE_PATTERNS}
    first, second = counts[ToneStyle.FIRST_VOWEL], counts[ToneStyle.SECOND_VOWEL]
    if first == second == 0:
        return None
    return ToneStyle.FIRST_VOWEL if first >= second else ToneStyle.SECOND_VOWEL


# -- which words to check ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a text to check: characters [start, end) of the text; `text` is those characters in NFC."""

    start: int
    end: int
    text: str


# Letters, and the combining marks of NFD text (a letter followed by its marks is one letter to the reader).
_LETTERS = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*")
# A chunk is what lies between spaces and the editor's object characters (footnote marks, tables).
_CHUNK = re.compile(r"[^\s\ufffc]+")
_DIGIT = re.compile(r"\d")
_WEB_ADDRESS = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*://|www\.)|@")
_ROMAN_NUMERAL = re.compile(r"m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
_VOWEL = re.compile(r"[aăâeêioôơuưyAĂÂEÊIOÔƠUƯY]")


def _without_tones(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", decomposed.translate({ord(mark): None for mark in _TONE_MARKS}))


def _worth_checking(word: str) -> bool:
    """False for what is not meant as a Vietnamese word: no vowel (đ, v, km), Roman numerals, mixed case
    (TTg, iPhone), and abbreviations in capitals that cannot be a syllable (UBND, HĐND, BCH)."""
    plain = _without_tones(word)
    if not _VOWEL.search(plain):
        return False
    upper = word.isupper()
    if (upper or word.islower()) and _ROMAN_NUMERAL.fullmatch(word.lower()):
        return False
    if not upper and not word[1:].islower() and len(word) > 1:
        return False
    return not (upper and len(word) > 1 and not has_syllable_shape(word))


_chunk_cache: dict[str, tuple[tuple[int, int, str], ...]] = {}


def _chunk_words(chunk: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, NFC word) of the words to check in one chunk; cached, as a report repeats its chunks."""
    found = _chunk_cache.get(chunk)
    if found is None:
        if _DIGIT.search(chunk) or _WEB_ADDRESS.search(chunk):
            found = ()  # numbers, dates, codes like 22-CT/TU, web pages, e-mails
        else:
            words = (
                (letters.start(), letters.end(), unicodedata.normalize("NFC", letters.group()))
                for letters in _LETTERS.finditer(chunk)
            )
            found = tuple(word for word in words if _worth_checking(word[2]))
        if len(_chunk_cache) >= _CACHE_LIMIT:
            _chunk_cache.clear()
        _chunk_cache[chunk] = found
    return found


def words_to_check(text: str) -> list[Word]:
    """The words of `text` a spell checker should look at, with their offsets in `text` (NFC or not)."""
    words: list[Word] = []
    for chunk in _CHUNK.finditer(text):
        offset = chunk.start()
        for start, end, word in _chunk_words(chunk.group()):
            words.append(Word(offset + start, offset + end, word))
    return words


# -- the checker --------------------------------------------------------------------------------------


class WordList(Protocol):
    """What the checker needs of a dictionary: spylls' Dictionary has exactly this."""

    def lookup(self, word: str) -> bool: ...

    def suggest(self, word: str) -> Iterator[str]: ...


def _user_key(word: str) -> str:
    """How the officer's words are compared: NFC, lower case, tone placement of the word list."""
    return with_tone_style(unicodedata.normalize("NFC", word), ToneStyle.SECOND_VOWEL).lower()


class SpellChecker:
    """Checks Vietnamese words against a word list, the officer's own words and the words ignored this session.

    Results are cached per word: a report repeats the same few thousand syllables.
    """

    def __init__(self, word_list: WordList, user_dictionary: Path | None = None, *, source: Path | None = None) -> None:
        self._word_list = word_list
        self.user_dictionary = user_dictionary
        """The file of the officer's own words; None keeps them in memory only."""
        self.source = source
        """Where the word list was read from (shown to the officer)."""
        self._known: dict[str, bool] = {}
        self._suggestions: dict[tuple[str, ToneStyle], tuple[str, ...]] = {}
        self._user_words: set[str] = set()
        self._ignored: set[str] = set()
        if user_dictionary is not None:
            self._user_words = {_user_key(word) for word in _read_user_words(user_dictionary, strict=False)}

    def check(self, word: str) -> bool:
        """True when `word` (one syllable, as `words_to_check` gives it) is spelt right."""
        known = self._known.get(word)
        if known is None:
            if len(self._known) >= _CACHE_LIMIT:
                self._known.clear()
            known = self._known[word] = self._look_up(word)
        return known

    def misspelled_ranges(self, text: str) -> list[tuple[int, int]]:
        """(start, end) offsets in `text` of every misspelled word, in order."""
        ranges: list[tuple[int, int]] = []
        check = self.check
        for chunk in _CHUNK.finditer(text):
            for start, end, word in _chunk_words(chunk.group()):
                if not check(word):
                    ranges.append((chunk.start() + start, chunk.start() + end))
        return ranges

    def suggestions(self, word: str, style: ToneStyle | None = None) -> list[str]:
        """Up to MAX_SUGGESTIONS corrections, best first, with oa/oe/uy toned as `style` wants (by default as
        `word` itself is, else as official documents write: hòa).

        Usually a few milliseconds, but up to half a second for a badly garbled word: a caller on the UI
        thread may run it on a worker thread (it touches nothing `check` uses) and look at
        `cached_suggestions` first.
        """
        word = unicodedata.normalize("NFC", word)
        wanted = style or tone_style_of(word) or ToneStyle.FIRST_VOWEL
        cached = self._suggestions.get((word, wanted))
        if cached is not None:
            return list(cached)
        found: list[str] = []
        for candidate in islice(self._word_list.suggest(with_tone_style(word, ToneStyle.SECOND_VOWEL)), 20):
            if "-" in candidate:
                continue  # Vietnamese never joins syllables with a hyphen; "hoa á" (a missing space) may be right
            styled = _LETTERS.sub(lambda letters: with_tone_style(letters.group(), wanted), candidate)
            if styled != word and styled not in found:
                found.append(styled)
            if len(found) == MAX_SUGGESTIONS:
                break
        if len(self._suggestions) >= _CACHE_LIMIT:
            self._suggestions.clear()
        self._suggestions[(word, wanted)] = tuple(found)
        return found

    def cached_suggestions(self, word: str, style: ToneStyle | None = None) -> list[str] | None:
        """What `suggestions` gave for the same word and style, without computing; None when not yet asked."""
        word = unicodedata.normalize("NFC", word)
        cached = self._suggestions.get((word, style or tone_style_of(word) or ToneStyle.FIRST_VOWEL))
        return None if cached is None else list(cached)

    def ignore(self, word: str) -> None:
        """Accept `word` until the program closes ("Bỏ qua")."""
        self._ignored.add(_user_key(word))
        self._accept_cached(word)

    def add_to_user_dictionary(self, word: str) -> None:
        """Accept `word` from now on and keep it in the officer's dictionary file ("Thêm vào từ điển").

        The word is accepted even when the file cannot be written; OutputError then says why, in Vietnamese.
        """
        word = unicodedata.normalize("NFC", word).strip()
        if not word or any(character.isspace() for character in word):
            raise ValueError("a word to add has no spaces and is not empty")
        self._user_words.add(_user_key(word))
        self._accept_cached(word)
        if self.user_dictionary is not None:
            _add_user_word(self.user_dictionary, word)

    def _accept_cached(self, word: str) -> None:
        """Every cached spelling of `word` (other case, other tone placement) is now right."""
        key = _user_key(word)
        for cached in [cached for cached, known in self._known.items() if not known and _user_key(cached) == key]:
            self._known[cached] = True

    def _look_up(self, word: str) -> bool:
        key = _user_key(word)
        if key in self._user_words or key in self._ignored or key in _EXTRA_WORDS:
            return True
        if self._word_list.lookup(word):
            return True
        for style in ToneStyle:
            other = with_tone_style(word, style)
            if other != word and self._word_list.lookup(other):
                return True
        return False


# -- the officer's own words ----------------------------------------------------------------------------


def user_dictionary_path() -> Path:
    return data_folder() / USER_DICTIONARY_FILE


def _read_user_words(path: Path, *, strict: bool) -> list[str]:
    """The words in the officer's file; a missing file is an empty list. `strict`: an unreadable file raises
    OutputError (before rewriting it, so that no word in it is lost) instead of counting as empty."""
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        if strict:
            raise OutputError(
                f"Không đọc được từ điển riêng «{path}»: {error.strerror or error}; hãy kiểm tra quyền của tệp."
            ) from None
        return []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        if strict:
            raise OutputError(
                f"Từ điển riêng «{path}» không ở dạng UTF-8 nên chưa thêm được từ; hãy mở tệp, lưu lại với "
                "bảng mã UTF-8 rồi thử lại."
            ) from None
        return []
    words: list[str] = []
    for line in text.splitlines():
        word = unicodedata.normalize("NFC", line.strip())
        if word and not word.startswith("#"):
            words.append(word)
    return words


def _add_user_word(path: Path, word: str) -> None:
    """Adds `word` to the file, keeping every word already there (another copy of the program may have added
    some since this one read it)."""
    words = _read_user_words(path, strict=True)
    if any(_user_key(existing) == _user_key(word) for existing in words):
        return
    words.append(word)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"Không tạo được thư mục «{path.parent}»: {error.strerror or error}.") from None
    content = _USER_FILE_HEADER + "".join(f"{entry}\n" for entry in sorted(words, key=_user_key))
    atomic_write_bytes(path, content.encode("utf-8"))


# -- finding and loading the word list ------------------------------------------------------------------

_DICTIONARY_NAMES = ("vi_VN", "vi-VN", "vi")


def find_dictionary(configured: str | os.PathLike[str] | None = None) -> Path | None:
    """The Vietnamese dictionary to use: a .dic file (its .aff beside it) or a LibreOffice extension (.oxt).

    `configured`, else $BAOCAO_DICTIONARY: only there (the officer asked for that one). Otherwise the folder
    «tu-dien» in the user's data folder, the system's Hunspell folders, then LibreOffice's bundled dictionary.
    """
    wanted = configured or os.environ.get(DICTIONARY_VARIABLE)
    if wanted:
        return _dictionary_at(Path(wanted).expanduser(), any_name=True)
    for folder in _search_folders():
        found = _dictionary_at(folder, any_name=False)
        if found is not None:
            return found
    return None


def _dictionary_at(path: Path, *, any_name: bool) -> Path | None:
    """The dictionary that `path` is or holds."""
    if path.is_file():
        if path.suffix.lower() in (".oxt", ".zip"):
            return path
        dic = path.with_suffix(".dic")
        return dic if dic.is_file() and dic.with_suffix(".aff").is_file() else None
    if not path.is_dir():
        return None
    names = list(_DICTIONARY_NAMES)
    if any_name:
        names += sorted(candidate.stem for candidate in path.glob("*.dic"))
    for name in names:
        dic = path / f"{name}.dic"
        if dic.is_file() and dic.with_suffix(".aff").is_file():
            return dic
    extensions = sorted(path.glob("*.oxt")) if any_name else sorted(path.glob("dict-vi*.oxt"))
    return extensions[0] if extensions else None


def _search_folders() -> list[Path]:
    folders = [data_folder() / DICTIONARY_SUBFOLDER]
    if sys.platform not in ("win32", "darwin"):
        for root in (Path("/usr/share"), Path("/usr/local/share")):
            folders += [root / "hunspell", root / "myspell", root / "myspell" / "dicts"]
    folders += _libreoffice_dictionary_folders()
    return folders


def _libreoffice_dictionary_folders() -> list[Path]:
    """Where LibreOffice keeps its bundled Vietnamese dictionary (share/extensions/dict-vi)."""
    bundled = Path("share", "extensions", "dict-vi")
    folders: list[Path] = []
    soffice = os.environ.get(SOFFICE_VARIABLE)
    if soffice:
        program = Path(soffice).expanduser()
        install = program.parent.parent if program.is_file() else program
        folders += [install / bundled, install / "Resources" / "extensions" / "dict-vi"]
    if sys.platform == "win32":
        roots = {os.environ.get(name) for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")}
        roots |= {r"C:\Program Files", r"C:\Program Files (x86)"}
        folders += [Path(root, "LibreOffice") / bundled for root in sorted(r for r in roots if r)]
    elif sys.platform == "darwin":
        resources = Path("LibreOffice.app", "Contents", "Resources", "extensions", "dict-vi")
        folders += [Path("/Applications") / resources, Path.home() / "Applications" / resources]
    else:
        folders += [Path("/usr/lib/libreoffice") / bundled, Path("/usr/lib64/libreoffice") / bundled]
        folders += [Path(found) / bundled for found in sorted(glob.glob("/opt/libreoffice*"), reverse=True)]
    return folders


def load_word_list(path: Path) -> WordList:
    """Reads a dictionary `find_dictionary` found; DictionaryError (Vietnamese) when it cannot be read."""
    try:
        from spylls.hunspell import Dictionary  # type: ignore[import-untyped]
    except ImportError:
        raise DictionaryError(
            "Thiếu thư viện spylls để kiểm tra chính tả; hãy cài lại chương trình (python3 -m pip install -e .)."
        ) from None
    try:
        if path.suffix.lower() in (".oxt", ".zip"):
            loaded: Any = Dictionary.from_zip(str(path))
        else:
            loaded = Dictionary.from_files(str(path.with_suffix("")))
    except Exception as error:  # spylls raises whatever its readers meet in a damaged file
        raise DictionaryError(
            f"Không đọc được từ điển «{path}» ({error.__class__.__name__}); hãy cài lại gói hunspell-vi "
            f"hoặc chọn từ điển khác bằng biến môi trường {DICTIONARY_VARIABLE}."
        ) from None
    return _SpyllsWordList(loaded)


class _SpyllsWordList:
    """spylls looks words up (Hunspell's rules: case, affixes); suggestions come from SyllableSuggester, as
    spylls' own take seconds, even a minute, for a foreign word ("Youtube": it tries every vowel of its MAP
    table at every vowel of the word)."""

    def __init__(self, dictionary: Any) -> None:
        self._dictionary = dictionary
        replacements = [(str(item.pattern), str(item.replacement)) for item in dictionary.aff.REP or ()]
        self._suggester = SyllableSuggester((str(word.stem) for word in dictionary.dic.words), replacements)

    def lookup(self, word: str) -> bool:
        return bool(self._dictionary.lookup(word))

    def suggest(self, word: str) -> Iterator[str]:
        yield from self._suggester.suggest(word)


_HOI_NGA = 0.4
_REPLACEMENT_RULE = 0.45
_TONE_ONLY = 0.5
_DIACRITIC_ONLY = 0.7
_SAME_LETTER = 0.9


class SyllableSuggester:
    """Corrections from a list of syllables (what hunspell-vi is), with bounded work whatever the word.

    Best first: hỏi for ngã or the reverse (the commonest slip), the list's replacement rules (ngh → ng,
    ch → tr, s → x …: the .aff file's REP lines), then the other words one edit away (another tone, then
    another diacritic, then another letter, a letter more or less, two letters swapped), then two syllables
    where a space is missing, then words two edits away.
    """

    def __init__(self, words: Iterable[str], replacements: Iterable[tuple[str, str]] = ()) -> None:
        self._forms: dict[str, str] = {}
        """Lower-case spelling → the word as listed; oa/oe/uy under both tone placements."""
        for word in words:
            word = unicodedata.normalize("NFC", word)
            for spelling in {word, *(with_tone_style(word, style) for style in ToneStyle)}:
                if spelling and (spelling.lower() not in self._forms or spelling.islower()):
                    self._forms[spelling.lower()] = word
        self._alphabet = sorted({character for word in self._forms for character in word if character.isalpha()})
        self._by_length: dict[int, list[str]] = {}
        for word in self._forms:
            self._by_length.setdefault(len(word), []).append(word)
        self._replacements = [
            (pattern.lower().replace("_", " "), replacement.lower().replace("_", " "))
            for pattern, replacement in replacements
            if pattern and pattern.strip("^$")
        ]

    def suggest(self, word: str, limit: int = 20) -> list[str]:
        lower = unicodedata.normalize("NFC", word).lower()
        scores: dict[str, float] = {}

        def add(candidate: str, score: float) -> None:
            if candidate != lower and candidate in self._forms and score < scores.get(candidate, 9.0):
                scores[candidate] = score

        for pattern, replacement in self._replacements:
            for candidate in _replaced(lower, pattern, replacement):
                add(candidate, _REPLACEMENT_RULE)
        for candidate, score in self._one_edit(lower):
            add(candidate, score)
        for split in range(2, len(lower) - 1):
            left, right = lower[:split], lower[split:]
            if left in self._forms and right in self._forms:
                scores.setdefault(f"{left} {right}", 1.5)
        if len(scores) < 3:
            for length in range(max(len(lower) - 2, 1), len(lower) + 3):
                for candidate in self._by_length.get(length, ()):
                    if candidate not in scores and _distance_at_most_two(lower, candidate):
                        scores[candidate] = 2.0
        ranked = sorted(scores, key=lambda candidate: (scores[candidate], abs(len(candidate) - len(lower)), candidate))
        return [_cased_like(word, " ".join(self._forms[part] for part in found.split(" "))) for found in ranked[:limit]]

    def _one_edit(self, word: str) -> Iterator[tuple[str, float]]:
        for index, character in enumerate(word):
            before, after = word[:index], word[index + 1 :]
            yield before + after, 1.0
            if after:
                yield before + after[0] + character + after[1:], 1.0
            for other in self._alphabet:
                if other != character:
                    yield before + other + after, _substitution_score(character, other)
        for index in range(len(word) + 1):
            for other in self._alphabet:
                yield word[:index] + other + word[index:], 1.0


def _replaced(word: str, pattern: str, replacement: str) -> Iterator[str]:
    """`word` with one occurrence of `pattern` replaced (^ and $ anchor it to the start or the end)."""
    at_start, at_end = pattern.startswith("^"), pattern.endswith("$")
    core = pattern.strip("^$")
    index = word.find(core)
    while index >= 0:
        if (not at_start or index == 0) and (not at_end or index + len(core) == len(word)):
            yield word[:index] + replacement + word[index + len(core) :]
        index = word.find(core, index + 1)


def _marks(character: str) -> tuple[str, str, str]:
    """(base letter, its tone mark, its other marks) of one NFC letter."""
    decomposed = unicodedata.normalize("NFD", character)
    tone = "".join(mark for mark in decomposed[1:] if mark in _TONE_MARKS)
    other = "".join(mark for mark in decomposed[1:] if mark not in _TONE_MARKS)
    return decomposed[0], tone, other


def _substitution_score(character: str, other: str) -> float:
    """Another tone on the same letter is the likeliest slip (hỏi for ngã), then another diacritic (a for â)."""
    base, tone, marks = _marks(character)
    other_base, other_tone, other_marks = _marks(other)
    if base != other_base:
        return 1.0
    if marks == other_marks:
        return _HOI_NGA if {tone, other_tone} == {"\u0309", "\u0303"} else _TONE_ONLY
    if tone == other_tone:
        return _DIACRITIC_ONLY
    return _SAME_LETTER


def _distance_at_most_two(word: str, candidate: str) -> bool:
    """Damerau-Levenshtein distance ≤ 2, giving up on a row as soon as it cannot be."""
    previous_previous: list[int] = []
    previous = list(range(len(candidate) + 1))
    for row, character in enumerate(word, 1):
        current = [row]
        for column, other in enumerate(candidate, 1):
            cost = 0 if character == other else 1
            value = min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + cost)
            if row > 1 and column > 1 and character == candidate[column - 2] and word[row - 2] == other:
                value = min(value, previous_previous[column - 2] + 1)
            current.append(value)
        if min(current) > 2:
            return False
        previous_previous, previous = previous, current
    return previous[-1] <= 2


def _cased_like(word: str, suggestion: str) -> str:
    """The suggestion in the case the officer typed: NGÀNH for NGHÀNH, Ngành for Nghành."""
    if len(word) > 1 and word.isupper():
        return suggestion.upper()
    if word[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def load_spell_checker(
    configured: str | os.PathLike[str] | None = None, user_dictionary: Path | None = None
) -> SpellChecker | None:
    """The checker with the dictionary `find_dictionary` finds and the officer's own words; None without a
    dictionary. DictionaryError when one was found but cannot be read."""
    path = find_dictionary(configured)
    if path is None:
        return None
    word_list = load_word_list(path)
    return SpellChecker(word_list, user_dictionary or user_dictionary_path(), source=path)
