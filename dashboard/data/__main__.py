"""Command line of the data package: ``python -m dashboard.data import FILE [options]`` and
``python -m dashboard.data fetch comtrade --years 2000-2024 [--dry-run]``.

Exit codes: 0 imported (or valid, with ``--dry-run``), 1 rejected (problems on stderr, one per line,
``FILE, row N, column 'C': message``), 2 usage error, or (fetch) UN Comtrade unreachable or refusing
the query. Nothing is written unless the whole import is valid. See ``docs/IMPORT.md``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path

from dashboard.config import Settings
from dashboard.data import comtrade
from dashboard.data.importer import (
    FIRST_YEAR,
    NAME_RE,
    ImportPlan,
    ImportRejected,
    apply_import,
    plan_import,
    slug,
    target_path,
    to_csv_bytes,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit code for usage errors is 2 as well
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m dashboard.data", description="Data tools of the Kazakhstan–Türkiye Partnership Atlas."
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    imp = sub.add_parser(
        "import",
        help="validate and import a UN Comtrade export or a file in the atlas's own CSV schema",
        description="Validate FILE (a UN Comtrade Kazakhstan–Türkiye export, or a CSV with exactly the columns of "
        "trade_annual.csv or indicators.csv) and write it to DIR/imported/<table>_<name>.csv.",
    )
    imp.add_argument("file", metavar="FILE", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="validate and show what would be written; write nothing")
    imp.add_argument(
        "--source", default="", help="declared source of the file (kept in every row); a URL in it becomes source_url"
    )
    imp.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="data directory (default: $ATLAS_DATA_DIR, else the shipped geodata/)",
    )
    imp.add_argument("--name", help="import name, [a-z0-9_-] (default: a slug of the file name)")
    imp.set_defaults(usage=imp.format_usage())
    fetch = sub.add_parser(
        "fetch",
        help="fetch Kazakhstan–Türkiye trade by HS chapter from UN Comtrade and import it",
        description="Ask UN Comtrade (the UN's comtradeapicall client; public preview endpoint, or the full API with "
        "the subscription key in $COMTRADE_KEY) for Kazakhstan's and Türkiye's reported trade with each other, both "
        "flows, TOTAL and every HS chapter, and import it like a downloaded file (validated, atomic, with "
        "provenance). If UN Comtrade cannot be reached or refuses the query, nothing is changed (exit code 2).",
    )
    fetch.add_argument("source", choices=["comtrade"], help="where to fetch from")
    fetch.add_argument("--years", required=True, metavar="FROM-TO", help="years to fetch, e.g. 2000-2024")
    fetch.add_argument("--dry-run", action="store_true", help="fetch and validate; show what would be written")
    fetch.add_argument("--data-dir", type=Path, metavar="DIR", help="data directory (default as for import)")
    fetch.add_argument("--name", default="comtrade_api", help="import name (default: comtrade_api)")
    fetch.set_defaults(usage=fetch.format_usage())
    return parser


def _import(args: argparse.Namespace) -> int:
    file, data_dir = args.file, args.data_dir or Settings.from_env().data_dir
    if not file.is_file():
        return _usage(args, f"{file}: not found, or not a file")
    if not data_dir.is_dir():
        return _usage(args, f"{data_dir}: data directory not found")
    name = args.name if args.name is not None else slug(file.stem)
    if not NAME_RE.match(name):
        return _usage(
            args, f"--name {name!r}: use 1–60 characters a-z, 0-9, '_' or '-', starting with a letter or digit"
        )
    declared = " ".join(args.source.split())
    plan = plan_import(file, data_dir, name=name, declared=declared, today=date.today())
    return _finish(plan, file.name, data_dir, name, args.dry_run)


def _finish(plan: ImportPlan, file_name: str, data_dir: Path, name: str, dry_run: bool) -> int:
    """Report a planned import: its problems (exit 1), what it would write (dry run), or write it."""
    if plan.problems:
        for p in plan.problems:
            print(p, file=sys.stderr)
        print(f"{file_name}: rejected ({len(plan.problems)} problem(s)); nothing was written.", file=sys.stderr)
        return 1
    rows = ", ".join(f"{len(f)} {t} row(s)" for t, f in plan.outputs.items())
    if dry_run:
        print(f"Dry run: {file_name} ({plan.fmt}) is valid: {rows}. Nothing was written.")
        for table, frame in plan.outputs.items():
            path = target_path(data_dir, table, name)
            print(
                f"\nWould write {path}"
                + (" (replacing it; the current version would be kept as .prev)" if path.exists() else "")
                + ":"
            )
            print(to_csv_bytes(frame).decode("utf-8"), end="")
        for notice in plan.notices:
            print(f"note: {notice}")
        return 0
    try:
        messages = apply_import(plan, data_dir)
    except ImportRejected as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    print(f"Imported {file_name} ({plan.fmt}): {rows}.")
    for line in [*messages, *(f"note: {n}" for n in plan.notices)]:
        print(line)
    print(f"{data_dir} loads with the import.")
    return 0


def _fetch(args: argparse.Namespace) -> int:
    data_dir = args.data_dir or Settings.from_env().data_dir
    m = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", args.years)
    last = date.today().year - 1
    if not m or not (FIRST_YEAR <= int(m[1]) <= int(m[2]) <= last):
        return _usage(args, f"--years {args.years!r}: give FROM-TO with {FIRST_YEAR} <= FROM <= TO <= {last}")
    if not data_dir.is_dir():
        return _usage(args, f"{data_dir}: data directory not found")
    if not NAME_RE.match(args.name):
        return _usage(args, f"--name {args.name!r}: use 1–60 characters a-z, 0-9, '_' or '-'")
    years = range(int(m[1]), int(m[2]) + 1)
    try:
        fetched = comtrade.fetch(years, os.environ.get("COMTRADE_KEY") or None)
    except comtrade.FetchFailed as exc:
        print(f"error: {exc}; nothing was changed.", file=sys.stderr)
        return 2
    with comtrade.temp_folder() as tmp:
        path = comtrade.write_csv(fetched, Path(tmp), years)
        plan = plan_import(path, data_dir, name=args.name, declared=fetched.provenance(), today=date.today())
        return _finish(plan, path.name, data_dir, args.name, args.dry_run)


def _usage(args: argparse.Namespace, message: str) -> int:
    print(f"{args.usage.rstrip()}\nerror: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return int(exc.code or 0)
    try:
        if args.command == "import":
            return _import(args)
        if args.command == "fetch":
            return _fetch(args)
    except KeyboardInterrupt:
        print("interrupted; nothing was changed.", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 -- the last guard: a clear message, never a traceback
        print(
            f"error: the import failed unexpectedly ({type(exc).__name__}: {exc}); nothing was changed.",
            file=sys.stderr,
        )
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
