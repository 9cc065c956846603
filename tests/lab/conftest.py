"""Fixtures of the lab tests: the namespaces, and processes stopped at teardown."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from lab_helpers import LAB, TIMINGS, Procs


@pytest.fixture(scope="session", autouse=True)
def lab():
    """Brings the lab up once for the run (idempotent) and down at the end."""
    subprocess.run(["bash", str(LAB), "up"], check=True, timeout=60)
    try:
        yield
    finally:
        subprocess.run(["bash", str(LAB), "down"], check=False, timeout=60)


@pytest.fixture
def procs(tmp_path: Path):
    """Processes for one test; all stopped at teardown whatever happened."""
    started = Procs(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


def pytest_terminal_summary(terminalreporter) -> None:
    if not TIMINGS:
        return
    terminalreporter.section("discovery times measured in the lab")
    for label, seconds in TIMINGS:
        terminalreporter.write_line(f"{label:<72} {seconds * 1000:7.0f} ms")
