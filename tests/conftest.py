"""Shared fixtures: headless Qt, a private data folder and a fresh database per test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

import pytest

from unionapp import config
from unionapp.db.opening import open_database


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Every test gets its own data folder, so nothing touches the user's real files."""
    folder = tmp_path / "appdata"
    monkeypatch.setenv(config.DATA_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "union.db"


@pytest.fixture
def db(db_path):
    database = open_database(config.database_url(str(db_path)))
    yield database
    database.dispose()
