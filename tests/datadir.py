"""A fingerprint of a data folder, to prove a command left it untouched (the copy is a fixture in conftest)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def snapshot(d: Path) -> dict[str, str]:
    """Every file (sha256) and directory under ``d``."""
    return {
        str(p.relative_to(d)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "<dir>"
        for p in sorted(d.rglob("*"))
    }
