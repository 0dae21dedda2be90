"""Command line of the data package: ``python -m dashboard.data import FILE [options]``.

Exit codes: 0 imported (or valid, with ``--dry-run``), 1 rejected (problems on stderr, one per line,
``FILE, row N, column 'C': message``), 2 usage error. See ``docs/IMPORT.md``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from dashboard.config import Settings
from dashboard.data.importer import (
    NAME_RE,
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
    if plan.problems:
        for p in plan.problems:
            print(p, file=sys.stderr)
        print(f"{file.name}: rejected ({len(plan.problems)} problem(s)); nothing was written.", file=sys.stderr)
        return 1
    rows = ", ".join(f"{len(f)} {t} row(s)" for t, f in plan.outputs.items())
    if args.dry_run:
        print(f"Dry run: {file.name} ({plan.fmt}) is valid: {rows}. Nothing was written.")
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
    print(f"Imported {file.name} ({plan.fmt}): {rows}.")
    for line in [*messages, *(f"note: {n}" for n in plan.notices)]:
        print(line)
    print(f"{data_dir} loads with the import.")
    return 0


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
