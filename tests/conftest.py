"""Fixtures shared by every test: the shipped data, one app per session and a Flask test client."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard import create_app
from dashboard.config import Settings
from dashboard.data.load import Atlas, load_atlas

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "geodata"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shipped data folder: the tests check the data the app really serves."""
    return DATA_DIR


@pytest.fixture(scope="session")
def atlas(data_dir: Path) -> Atlas:
    """The shipped data, loaded and validated once (read-only: the Atlas is never mutated)."""
    return load_atlas(data_dir)


@pytest.fixture(scope="session")
def app(data_dir: Path):
    """The Dash app built once from the shipped data (loading and validating is the slow part)."""
    return create_app(Settings(data_dir=data_dir))


@pytest.fixture
def client(app):
    """A Flask test client of the app's server."""
    return app.server.test_client()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the shipped geodata/ that loads (commands that write are tested on it)."""
    d = tmp_path / "geodata"
    shutil.copytree(DATA_DIR, d)
    return d
