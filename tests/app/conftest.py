"""What the real-app tests share through pytest: fresh data folders."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest


@pytest.fixture
def data_dirs():
    """Three fresh folders (apps' data folders, export targets), removed afterwards."""
    dirs = [Path(tempfile.mkdtemp(prefix="classroom-app-")) for _ in range(3)]
    yield dirs
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)
