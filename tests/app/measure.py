"""Prints the desktop app's start time to first paint and its idle memory.

A benchmark, not a test: run it under a virtual display with the app built,
e.g. `xvfb-run -a .venv/bin/python tests/app/measure.py target/release/classroom-app`.
It starts the app as a teacher hosting a class (mDNS off) through
tauri-driver, waits for the class code to be painted, then lets it idle.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__" and len(sys.argv) > 1:  # the app to measure, before test_app reads it
    import os

    os.environ["CLASSROOM_APP"] = str(Path(sys.argv[1]).resolve())
sys.path.insert(0, str(Path(__file__).parent))
from test_app import APP, Driver  # noqa: E402


def tree(root_pid: int) -> list[int]:
    """A process and all its descendants."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True, check=True)
    children: dict[int, list[int]] = {}
    for line in out.stdout.splitlines():
        if line.strip():
            pid, ppid = (int(x) for x in line.split())
            children.setdefault(ppid, []).append(pid)
    found, stack = [], [root_pid]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def tree_memory_kib(root_pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants, in KiB. PSS splits
    shared pages (WebKit's libraries) among the processes using them."""
    rss = pss = 0
    for pid in tree(root_pid):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss, pss


def app_pid() -> int:
    out = subprocess.run(["pgrep", "-n", "-f", str(APP)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0])


def main() -> None:
    paints, memories = [], []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as data:
            t0 = time.monotonic()
            driver = Driver(["--host-class", "Bench 101", "--teacher", "T", "--no-mdns", "--port", "0",
                             "--data-dir", data], screenshots=False)
            try:
                driver.find(".class-code")
                paints.append(time.monotonic() - t0)
                time.sleep(5)
                memories.append(tree_memory_kib(app_pid()))
            finally:
                driver.quit()
    print(f"app: {APP}")
    print(f"start to first paint of the class code (via WebDriver, includes the driver's start): "
          f"median {statistics.median(paints):.2f} s over {len(paints)} runs {['%.2f' % p for p in paints]}")
    rss = statistics.median(m[0] for m in memories) / 1024
    pss = statistics.median(m[1] for m in memories) / 1024
    print(f"idle memory after 5 s, the app and its WebKit processes: PSS {pss:.0f} MiB (RSS {rss:.0f} MiB)")


if __name__ == "__main__":
    main()
