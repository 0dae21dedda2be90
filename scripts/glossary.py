"""Write docs/GLOSSARY.md from geodata/i18n/glossary.csv, the machine-readable glossary.

    python scripts/glossary.py            # rewrite docs/GLOSSARY.md
    python scripts/glossary.py --check    # exit 1 if docs/GLOSSARY.md is not what the CSV gives

The CSV is the one source: translations of the interface and of the data labels are tested
against it (tests/unit/test_glossary.py); the Markdown page is only its readable form.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "geodata" / "i18n" / "glossary.csv"
MD = ROOT / "docs" / "GLOSSARY.md"

HEAD = """# Glossary: the fixed terms in four languages

Generated from [`geodata/i18n/glossary.csv`](../geodata/i18n/glossary.csv) by `python scripts/glossary.py`;
edit the CSV, not this page. Every translation in the interface catalogs (`dashboard/locale/`) and the
data labels (`geodata/i18n/`) uses these terms verbatim: `tests/unit/test_glossary.py` fails on a label
whose English contains a term (or one of its English forms) when its translation contains neither the
term nor one of the inflected forms listed (Russian declines nouns, Turkish and Kazakh soften a final
consonant before a suffix: *Başkonsolosluk → Başkonsolosluğu*, *консулдық → консулдығы*).

Official names follow the two governments' own usage where it was found (foreign ministries, Akorda,
the operators); the source column says where. Quotes from sources are never translated in place: they
stay as written, with a translation beside them, marked as such. Numbers are never translated; only
their separators change (see `dashboard/format.py`).

| term (en) | Türkçe | Қазақша | Русский | source | note |
|---|---|---|---|---|---|
"""


def rows() -> list[dict[str, str]]:
    with CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _with_forms(term: str, forms: str) -> str:
    return _cell(term) + (f" <br>*also:* {_cell(forms.replace('|', ', '))}" if forms else "")


def render() -> str:
    lines = [
        "| " + " | ".join([
            _with_forms(r["en"], r["en_forms"]),
            _with_forms(r["tr"], r["tr_forms"]),
            _with_forms(r["kk"], r["kk_forms"]),
            _with_forms(r["ru"], r["ru_forms"]),
            _cell(r["source"]),
            _cell(r["note"]),
        ]) + " |"
        for r in rows()
    ]
    return HEAD + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that docs/GLOSSARY.md is current")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        if not MD.exists() or MD.read_text(encoding="utf-8") != text:
            print("docs/GLOSSARY.md is not what geodata/i18n/glossary.csv gives: run python scripts/glossary.py",
                  file=sys.stderr)
            return 1
        return 0
    MD.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
