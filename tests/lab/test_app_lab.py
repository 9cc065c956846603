"""The real desktop app on the lab's LAN: mDNS only between namespaces.

A student's app (in clab-s1) lists a class that `classroom host` advertises
from clab-teacher, and one that python-zeroconf publishes with a protocol
this app does not know ("needs a newer app", greyed), picks the class, joins
it and chats with the teacher's terminal. A teacher's app advertises its
own class (found by `classroom discover` in another namespace) and, on the
host whose firewall drops multicast, says on screen that students will not
see the class and what to give them instead. Screenshots go to
artifacts/lab/ (the join screen listing the classes: join-screen.png).

The apps draw on an Xvfb started here (`-nolisten tcp`: only its socket in
/tmp/.X11-unix, which processes inside the namespaces reach); tauri-driver
runs beside each app, inside its namespace (tests/lab/app_window.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from lab_helpers import PYTHON, QUIET, REPO_ROOT, STUDENT1, STUDENT2, TEACHER, WAIT, Proc, Procs, record

APP_WINDOW = REPO_ROOT / "tests" / "lab" / "app_window.py"
SHOTS = REPO_ROOT / "artifacts" / "lab"
#: A class advertised on the LAN shows in an open join screen within this many seconds.
LISTED_WITHIN = 2.0
#: Starting the app, its webview and WebDriver takes a while under Xvfb.
APP_WAIT = 60.0


def app_binary() -> Path:
    given = os.environ.get("CLASSROOM_APP")
    path = Path(given).resolve() if given else REPO_ROOT / "target" / "debug" / "classroom-app"
    if not path.is_file():
        pytest.fail(f"desktop app not found at {path}: run `npx tauri build --debug --no-bundle` or set CLASSROOM_APP",
                    pytrace=False)
    for tool in ("tauri-driver", "WebKitWebDriver", "Xvfb", "import"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing (scripts/install-deps.sh and tests/app/run.sh install it)", pytrace=False)
    return path


@pytest.fixture(scope="module")
def display():
    """An Xvfb display that accepts no TCP connections; its number as `:N`."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1280x800x24"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    deadline = time.monotonic() + WAIT
    with os.fdopen(read, "rb") as pipe:
        while not number.endswith(b"\n") and time.monotonic() < deadline:
            chunk = pipe.read(1)
            if not chunk:
                break
            number += chunk
    if not number.strip():
        xvfb.kill()
        pytest.fail("Xvfb did not start", pytrace=False)
    try:
        yield f":{number.decode().strip()}"
    finally:
        xvfb.terminate()
        try:
            xvfb.wait(timeout=10)
        except subprocess.TimeoutExpired:
            xvfb.kill()


def app_window(procs: Procs, machine, display: str, role: str, args: list[str], name: str) -> Proc:
    data = Path(tempfile.mkdtemp(prefix=f"classroom-lab-{name}-"))
    return procs.spawn(
        machine,
        ["env", f"DISPLAY={display}", str(PYTHON), str(APP_WINDOW), role, "--app", str(app_binary()),
         "--data-dir", str(data), "--shots", str(SHOTS), *args],
        name,
    )


def step(proc: Proc, name: str, timeout: float = APP_WAIT) -> tuple[float, dict[str, Any]]:
    def test(line: str) -> bool:
        try:
            return json.loads(line).get("step") == name
        except json.JSONDecodeError:
            return False

    at, line = proc.expect(test, timeout)
    return at, json.loads(line)


def test_the_app_lists_classes_on_the_lan_and_joins_one(procs: Procs, tmp_path, display) -> None:
    """The join screen lists the class advertised from another namespace
    within 2 s of opening, as "Mrs. Núñez — Physics 101", and a class with
    an unknown protocol greyed as "needs a newer app"; picking the class and
    joining gets the student in (its addresses tried, no address typed), and
    the teacher's terminal receives the student's message."""
    code = "482913"
    token = tmp_path / "host.token"
    host = procs.classroom(
        TEACHER,
        ["host", "--no-store", "--class", "Physics 101", "--teacher", "Mrs. Núñez", "--code", code,
         "--token-file", str(token)],
        "host",
    )
    host.expect("LAN advertising: on")
    future = procs.zeroconf(
        STUDENT2,
        ["publish", "--name", "Future Lab", "--host", "zc-future", "--port", "4470", "--address", STUDENT2[2],
         "--txt", "proto=2", "--txt", "class=Future Lab", "--txt", "teacher=Robot"],
        "zeroconf-future",
    )
    future.expect("published Future Lab")
    teacher = procs.classroom(TEACHER, ["join", f"{TEACHER[2]}:4455", "--token-file", str(token)], "teacher")
    teacher.expect("joined “Physics 101”")

    student = app_window(
        procs, STUDENT1, display, "student",
        ["--expect", "Mrs. Núñez — Physics 101", "--also", "Robot — Future Lab", "--within", str(LISTED_WITHIN + 1),
         "--name", "Ada", "--code", code, "--say", "Hello from the app"],
        "app-student",
    )
    opened, _ = step(student, "join screen")
    listed, event = step(student, "listed")
    seconds = listed - opened
    record("class listed in the app's join screen (from the screen showing)", seconds)
    assert seconds <= LISTED_WITHIN, f"listed after {seconds:.2f} s"
    _, greyed = step(student, "greyed")
    assert any("Robot — Future Lab" in c and "Needs a newer app" in c for c in greyed["classes"]), greyed
    assert not any("Physics 101" in c for c in greyed["classes"]), greyed
    step(student, "screenshot")
    step(student, "joined")
    teacher.expect("* Ada joined")
    teacher.expect("Ada: Hello from the app")
    step(student, "done")
    assert student.wait(timeout=WAIT) == 0
    assert (SHOTS / "join-screen.png").is_file()


def test_the_teachers_app_advertises_and_says_when_it_cannot(procs: Procs, display) -> None:
    """A teacher's app (mDNS on) in clab-teacher says its class is listed,
    and `classroom discover` in clab-s1 finds it with the teacher's names;
    the same app on the host whose firewall drops multicast says students
    will not see the class, why, and to give out the address or join link,
    which is on screen with its QR code."""
    lan = app_window(procs, TEACHER, display, "teacher", ["--shot", "teacher-lan"], "app-teacher")
    _, hosting = step(lan, "hosting")
    assert "Listed on this network as “Physics 101”" in hosting["listing"], hosting
    assert hosting["join_link"] == f"http://{TEACHER[2]}:4455/", hosting  # the web client's page
    assert hosting["qr"] and len(hosting["code"]) == 6, hosting
    proc = procs.classroom(STUDENT1, ["discover", "--json", "--timeout", "2"], "discover")
    _, line = proc.expect(lambda l: l.startswith("["), timeout=2 + WAIT)
    listed = [c for c in json.loads(line) if c.get("teacher") == "Mrs. Núñez"]
    assert [c["name"] for c in listed] == ["Mrs. Núñez — Physics 101"], line
    assert listed[0]["urls"][0] == f"ws://{TEACHER[2]}:4455/ws"
    lan.close_stdin()
    assert lan.wait(timeout=WAIT) == 0

    quiet = app_window(procs, QUIET, display, "teacher", ["--shot", "teacher-blocked"], "app-quiet")
    _, hosting = step(quiet, "hosting")
    listing = hosting["listing"]
    assert "Students will not see this class in their list." in listing, listing
    assert "give them the address or the join link" in listing, listing
    assert "Multicast is blocked" in listing and "eth0" in listing, listing
    assert "UDP port 5353" in listing, listing
    assert hosting["join_link"] == f"http://{QUIET[2]}:4455/", hosting
    quiet.close_stdin()
    assert quiet.wait(timeout=WAIT) == 0
