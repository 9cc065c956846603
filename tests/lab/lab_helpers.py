"""Processes in the lab's network namespaces, and the timings they measure.

Every process runs through `lab.sh run NS HOSTNAME …`: inside a lab
namespace, under its own UTS namespace and host name. Nothing here starts
mDNS in the machine's own namespace.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
LAB = REPO_ROOT / "tests" / "lab" / "lab.sh"
ZC = REPO_ROOT / "tests" / "lab" / "zc.py"
PYTHON = REPO_ROOT / ".venv" / "bin" / "python"

#: Namespace, host name and address of each lab machine (see lab.sh).
TEACHER = ("clab-teacher", "teacher", "10.231.7.10")
STUDENT1 = ("clab-s1", "student1", "10.231.7.11")
STUDENT2 = ("clab-s2", "student2", "10.231.7.12")
QUIET = ("clab-quiet", "quiet", "10.231.7.13")

#: Seconds to wait for any single expected line when no tighter bound applies.
WAIT = 10.0

#: What the tests measured, printed at the end of the run.
TIMINGS: list[tuple[str, float]] = []


def record(label: str, seconds: float) -> None:
    TIMINGS.append((label, seconds))


def classroom_binary() -> Path:
    given = os.environ.get("CLASSROOM_BIN")
    path = Path(given).resolve() if given else REPO_ROOT / "target" / "debug" / "classroom"
    if not path.is_file():
        pytest.fail(
            f"classroom binary not found at {path}: run `cargo build -p classroom-cli --bin classroom` "
            "or set CLASSROOM_BIN",
            pytrace=False,
        )
    return path


Match = str | Callable[[str], bool]


class Proc:
    """A process in a lab namespace; its stdout lines with arrival times."""

    def __init__(self, machine: tuple[str, str, str], args: list[str], log_dir: Path, name: str) -> None:
        ns, hostname, _ = machine
        self.name = name
        self.stderr_path = log_dir / f"{name}.stderr"
        self._stderr = self.stderr_path.open("w", encoding="utf-8")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [str(LAB), "run", ns, hostname, *args],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
            bufsize=1,
            env={**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "info")},
        )
        self.seen: list[str] = []
        self._lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
        threading.Thread(target=self._pump, name=f"{name}-stdout", daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put((time.monotonic(), line.rstrip("\n")))
        self._lines.put((time.monotonic(), None))

    def diagnostics(self) -> str:
        self._stderr.flush()
        err = self.stderr_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        return f"--- {self.name} stdout:\n" + "\n".join(self.seen) + f"\n--- {self.name} stderr (tail):\n{err}"

    def expect(self, match: Match, timeout: float = WAIT) -> tuple[float, str]:
        """The first line from now on that matches, and when it arrived."""
        test = (lambda line: match in line) if isinstance(match, str) else match
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(f"{self.name}: no line matching {match!r} within {timeout} s\n{self.diagnostics()}",
                            pytrace=False)
            try:
                at, line = self._lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                self._lines.put((at, None))
                pytest.fail(f"{self.name}: exited before a line matching {match!r}\n{self.diagnostics()}",
                            pytrace=False)
            self.seen.append(line)
            if test(line):
                return at, line

    def expect_event(self, kind: str, match: Callable[[dict[str, Any]], bool],
                     timeout: float = WAIT) -> tuple[float, dict[str, Any]]:
        """The next `classroom discover --watch --json` event of `kind` whose class matches."""

        def test(line: str) -> bool:
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                return False
            return event.get("event") == kind and match(event["data"])

        at, line = self.expect(test, timeout)
        return at, json.loads(line)

    def no_event(self, kind: str, match: Callable[[dict[str, Any]], bool], seconds: float) -> None:
        """Fails if such an event arrives within `seconds`."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                _, line = self._lines.get(timeout=remaining)
            except queue.Empty:
                return
            if line is None:
                self._lines.put((time.monotonic(), None))
                return
            self.seen.append(line)
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            if event.get("event") == kind and match(event["data"]):
                pytest.fail(f"{self.name}: unexpected {kind} event: {line}", pytrace=False)

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def close_stdin(self) -> None:
        if self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()

    def kill(self, sig: int = signal.SIGKILL) -> None:
        # `lab.sh run` execs all the way down: this pid is the program itself.
        if self.process.poll() is None:
            os.kill(self.process.pid, sig)

    def wait(self, timeout: float = WAIT) -> int:
        self.close_stdin()
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{self.name}: still running after {timeout} s\n{self.diagnostics()}", pytrace=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.close_stdin()
        self._stderr.close()


class Procs:
    """Starts lab processes for one test and stops every one at teardown."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.all: list[Proc] = []

    def spawn(self, machine: tuple[str, str, str], args: list[str], name: str) -> Proc:
        proc = Proc(machine, args, self.log_dir, name)
        self.all.append(proc)
        return proc

    def classroom(self, machine: tuple[str, str, str], args: list[str], name: str) -> Proc:
        return self.spawn(machine, [str(classroom_binary()), *args], name)

    def zeroconf(self, machine: tuple[str, str, str], args: list[str], name: str) -> Proc:
        return self.spawn(machine, [str(PYTHON), str(ZC), *args], name)

    def stop_all(self) -> None:
        for proc in reversed(self.all):
            proc.stop()
