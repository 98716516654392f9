"""Write resources/fonts/times-new-roman-widths.json from the Liberation Serif 2.x fonts.

A developer script, run by hand when the character set changes; the program itself only
reads the JSON (app/render/metrics.py). Liberation Serif 2.x has the same advance widths as
Times New Roman, so its tables stand in for a font we may not redistribute.

Needs fontTools (`pip install fonttools`), which is not a runtime dependency:

    python tools/make_font_metrics.py [--font-dir DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
DEFAULT_OUTPUT = REPOSITORY_ROOT / "resources" / "fonts" / "times-new-roman-widths.json"

# Style key in the JSON → Liberation Serif file name.
FONT_FILES: dict[str, str] = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}

VIETNAMESE_VOWELS = "aăâeêioôơuưy"
# Grave, acute, hook above, tilde, dot below: the five Vietnamese tone marks.
TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
TYPOGRAPHIC_PUNCTUATION = (
    "\u2010\u2012\u2013\u2014"  # hyphen, figure dash, en dash, em dash
    "\u2018\u2019\u201a\u201c\u201d\u201e"  # curly quotes
    "\u2039\u203a\u2032\u2033"  # single guillemets, prime, double prime
    "\u2026\u2022\u2116\u00b0"  # ellipsis, bullet, numero sign, degree sign
    "\u20ac\u2030\u2122\u2212"  # euro, per mille, trade mark, minus
    "\u2009\u202f"  # thin space, narrow no-break space
)
# Marks that NFC cannot fold into a precomposed letter (e.g. on a consonant) stay separate;
# listing them keeps them at their real zero advance instead of the fallback width.
COMBINING_MARKS = "\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323"
# Characters Word does not draw in the middle of a line, whatever the font says:
# a soft hyphen only shows where Word breaks the line there, which a measured line never does.
ZERO_WIDTH_CHARACTERS = "\u00ad\u200b"


def vietnamese_letters() -> list[str]:
    """Every Vietnamese vowel with and without each tone mark, plus đ, in both cases, as NFC."""
    letters: list[str] = ["đ", "Đ"]
    for vowel in VIETNAMESE_VOWELS + VIETNAMESE_VOWELS.upper():
        letters.append(vowel)
        for mark in TONE_MARKS:
            composed = unicodedata.normalize("NFC", vowel + mark)
            if len(composed) != 1:
                raise ValueError(f"{vowel!r} + U+{ord(mark):04X} has no precomposed form")
            letters.append(composed)
    return letters


def characters_to_measure() -> list[str]:
    """The characters the program may print, without duplicates, in code point order."""
    printable_ascii = [chr(code) for code in range(0x20, 0x7F)]
    latin_1 = [chr(code) for code in range(0xA0, 0x100)]  # NBSP, symbols and letters
    characters = set(printable_ascii + latin_1 + vietnamese_letters())
    characters.update(TYPOGRAPHIC_PUNCTUATION, COMBINING_MARKS, ZERO_WIDTH_CHARACTERS)
    return sorted(characters)


def font_version(font: TTFont) -> str:
    """The version string from the name table, e.g. "Version 2.1.5"."""
    return str(font["name"].getDebugName(5) or "")


def measure_style(font: TTFont, characters: list[str]) -> dict[str, object]:
    """Units per em, each character's advance width and the fallback width of one font."""
    character_map: dict[int, str] = font.getBestCmap()
    horizontal_metrics: dict[str, tuple[int, int]] = font["hmtx"].metrics
    advances: dict[str, int] = {}
    missing: list[str] = []
    for character in characters:
        if character in ZERO_WIDTH_CHARACTERS:
            advances[character] = 0
            continue
        glyph = character_map.get(ord(character))
        if glyph is None:
            missing.append(f"U+{ord(character):04X}")
            continue
        advances[character] = int(horizontal_metrics[glyph][0])
    if missing:
        raise ValueError(f"the font has no glyph for {', '.join(missing)}")
    return {
        "units_per_em": int(font["head"].unitsPerEm),
        # OS/2 xAvgCharWidth: the mean advance of all the font's non-empty glyphs.
        "fallback": int(font["OS/2"].xAvgCharWidth),
        "advances": advances,
    }


def escape_invisible(text: str) -> str:
    """JSON text with spaces other than U+0020, format characters and combining marks as \\uXXXX."""
    return "".join(
        f"\\u{ord(character):04x}"
        if character != " " and unicodedata.category(character) in {"Zs", "Cf", "Mn"}
        else character
        for character in text
    )


def render_json(version: str, styles: dict[str, dict[str, object]]) -> str:
    """The JSON text: sorted keys, one line per style so a diff shows which style changed."""

    def dump(value: object) -> str:
        return escape_invisible(json.dumps(value, ensure_ascii=False, sort_keys=True))

    document: dict[str, object] = {
        "source": f"Liberation Serif {version.removeprefix('Version ').strip()}, "
        "metric-compatible with Times New Roman",
        "fallback": "width of any character not listed: the font's OS/2 xAvgCharWidth",
        "zero_width": "U+00AD soft hyphen and U+200B zero-width space are 0 on purpose",
        "styles": styles,
    }
    lines = []
    for key in sorted(document):
        value = document[key]
        if key == "styles":
            style_lines = [f"    {dump(name)}: {dump(styles[name])}" for name in sorted(styles)]
            lines.append(f"  {dump(key)}: {{\n" + ",\n".join(style_lines) + "\n  }")
        else:
            lines.append(f"  {dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then replace it, so a failure keeps the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file readable by its owner only.
        os.chmod(temporary_name, 0o644)
        os.replace(temporary_name, path)
    except BaseException:
        Path(temporary_name).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--font-dir",
        type=Path,
        default=DEFAULT_FONT_DIR,
        help="folder with LiberationSerif-*.ttf",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file to write")
    arguments = parser.parse_args(argv)

    characters = characters_to_measure()
    styles: dict[str, dict[str, object]] = {}
    versions: set[str] = set()
    for style, file_name in FONT_FILES.items():
        font_path = arguments.font_dir / file_name
        with TTFont(font_path, lazy=True) as font:
            version = font_version(font)
            if not version.startswith("Version 2."):
                print(f"{font_path}: {version!r} is not Liberation 2.x", file=sys.stderr)
                return 1
            versions.add(version)
            styles[style] = measure_style(font, characters)
    if len(versions) != 1:
        print(
            f"the four styles come from different releases: {sorted(versions)}",
            file=sys.stderr,
        )
        return 1

    write_atomically(arguments.output, render_json(versions.pop(), styles))
    for style in sorted(styles):
        advances = styles[style]["advances"]
        assert isinstance(advances, dict)
        print(f"{style}: {len(advances)} characters")
    print(f"wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
