"""Settings from the environment and the command line; debug off and loopback by default."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8050
    data_dir: Path = ROOT / "geodata"
    debug: bool = False

    @classmethod
    def from_env(cls) -> Settings:
        """Read ``ATLAS_HOST``, ``ATLAS_PORT``, ``ATLAS_DATA_DIR`` and ``ATLAS_DEBUG``."""
        env = os.environ
        return cls(
            host=env.get("ATLAS_HOST", cls.host),
            port=int(env.get("ATLAS_PORT", cls.port)),
            data_dir=Path(env.get("ATLAS_DATA_DIR", cls.data_dir)),
            debug=env.get("ATLAS_DEBUG", "").lower() in {"1", "true", "yes"},
        )
