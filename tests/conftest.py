"""Shared fixtures: a writable copy of the shipped data folder."""

import shutil
from pathlib import Path

import pytest

from evidence.load import SHIPPED_DATA


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ that a test may break."""
    folder = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, folder)
    return folder
