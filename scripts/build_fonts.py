"""Build the web font the Atlas ships: DejaVu Sans (regular, bold), subset to the scripts it writes.

    python scripts/build_fonts.py [--from /usr/share/fonts/truetype/dejavu]

Why ship a font: the page's font stack (Inter, Segoe UI, Helvetica Neue, Arial, DejaVu Sans) depends on
what the viewer's machine has, and rooms without internet cannot fetch one. Kazakh letters
(ә ғ қ ң ө ұ ү һ і) are missing from some system fonts; a browser then falls back glyph by glyph
to the next family in the stack, "DejaVu Sans", which ``assets/fonts.css`` declares with these
files (``local()`` first: an installed DejaVu is used as it is). Server-rendered exports (kaleido,
Debian Chromium) draw with the same DejaVu Sans from ``fonts-dejavu-core``, so screen and export
share the face. DejaVu: Bitstream Vera licence (free; modified copies keep a name without
"Bitstream"/"Vera"), see ``assets/fonts/LICENSE-DejaVu.txt``.

Subset (also the ``unicode-range`` of fonts.css, so a browser downloads a file only when a
character in it is missing from the fonts before it): Basic Latin, Latin-1, Latin Extended-A
(ğ ş ı İ), Cyrillic (Russian and Kazakh), general punctuation (dashes, quotes, no-break spaces),
arrows (→), ≈ and −. Written as WOFF (zlib; no extra compressor needed).
Needs fontTools (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "assets" / "fonts"
FACES = {"DejaVuSans.ttf": "DejaVuSans-atlas.woff", "DejaVuSans-Bold.ttf": "DejaVuSans-Bold-atlas.woff"}
#: Code point ranges kept (inclusive); fonts.css's unicode-range says the same.
RANGES = [(0x20, 0x7E), (0xA0, 0x17F), (0x400, 0x4FF), (0x2000, 0x206F), (0x2190, 0x21FF), (0x2212, 0x2212),
          (0x2248, 0x2248)]


def unicode_range() -> str:
    return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in RANGES)


def build(source: Path) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for name, target in FACES.items():
        font = TTFont(source / name)
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]  # keep the copyright and licence records
        options.notdef_outline = True
        sub = subset.Subsetter(options)
        sub.populate(unicodes=[c for a, b in RANGES for c in range(a, b + 1)])
        sub.subset(font)
        path = OUT / target
        font.flavor = "woff"
        font.save(path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="source", type=Path, default=Path("/usr/share/fonts/truetype/dejavu"),
                    help="folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf (Debian: fonts-dejavu-core)")
    args = ap.parse_args(argv)
    for path in build(args.source):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} kB")
    print(f"unicode-range: {unicode_range()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
