"""LAN discovery with real multicast, inside the lab's network namespaces.

`classroom host` advertises in one namespace; `classroom discover`,
`classroom join` and python-zeroconf look for it from others, across a
bridge that forwards multicast like a small school LAN. Every wait is
bounded; the times that matter are measured and printed at the end.
"""

from __future__ import annotations

import json
import re
import signal
import time
from typing import Any

from lab_helpers import QUIET, STUDENT1, STUDENT2, TEACHER, WAIT, Proc, Procs, record

#: Students find a running class within this many seconds.
DISCOVER_WITHIN = 2.0
#: How long a class runs before "a running class" is looked for.
RUNNING_FOR = 2.0
#: A class the teacher ended leaves the list within this many seconds.
ENDED_WITHIN = 3.0
#: A class whose host was killed (no goodbye) leaves within this many seconds.
KILLED_WITHIN = 10.0

SERVICE = "._classroom._tcp.local."


def start_host(procs: Procs, machine, class_: str, teacher: str, tmp_path, *extra: str,
               name: str = "host") -> tuple[Proc, str, str]:
    """`classroom host` on the default port; returns it, its session id and token file."""
    token = tmp_path / f"{name}.token"
    host = procs.classroom(
        machine,
        ["host", "--no-store", "--class", class_, "--teacher", teacher, "--token-file", str(token), *extra],
        name,
    )
    _, line = host.expect("session: ")
    session = line.split("session: ", 1)[1].strip()
    assert re.fullmatch(r"[0-9a-f]{32}", session), line
    return host, session, str(token)


def expected_txt(class_: str, teacher: str, session: str, code: bool) -> dict[str, str]:
    return {
        "proto": "1",
        "class": class_,
        "teacher": teacher,
        "name": f"{teacher} — {class_}",
        "session": session,
        "join": "code" if code else "open",
        "path": "/ws",
    }


def of_session(session: str):
    return lambda data: data.get("session") == session


def watch(procs: Procs, machine, name: str, seconds: float = 30) -> Proc:
    watcher = procs.classroom(machine, ["discover", "--watch", "--json", "--timeout", str(seconds)], name)
    watcher.expect_event("snapshot", lambda data: True)
    return watcher


def discover_once(procs: Procs, machine, name: str, seconds: float = 2) -> list[dict[str, Any]]:
    proc = procs.classroom(machine, ["discover", "--json", "--timeout", str(seconds)], name)
    _, line = proc.expect(lambda line: line.startswith("["), timeout=seconds + WAIT)
    assert proc.wait() == 0
    return json.loads(line)


def test_students_find_a_running_class_within_2s_with_its_txt_intact(procs: Procs, tmp_path) -> None:
    """Two students' `classroom discover` find a running class within 2 s,
    with the whole TXT record as advertised (names with dots and non-ASCII
    intact, the session id, `join=code`) and never the code itself; the
    instance name has no dot; the list shows the display name and the URL."""
    class_, teacher, code = "Física 1.01 — Sección B", "Mrs. Núñez", "246810"
    host, session, _ = start_host(procs, TEACHER, class_, teacher, tmp_path, "--code", code)
    host.expect("LAN advertising: on")
    # A class that has been running a moment: mDNS responders multicast a
    # record at most once a second, so a query right after the start-up
    # announcement waits for the next second (that case is measured in
    # test_a_class_appears_when_started_and_leaves_promptly_when_ended).
    time.sleep(RUNNING_FOR)

    watchers = {m[1]: watch(procs, m, f"watch-{m[1]}", seconds=10) for m in (STUDENT1, STUDENT2)}
    for who, watcher in watchers.items():
        _, event = watcher.expect_event("appeared", of_session(session), timeout=DISCOVER_WITHIN + WAIT)
        found = event["data"]
        seconds = event["ms"] / 1000
        record(f"running class found by `classroom discover` in {who}", seconds)
        assert seconds <= DISCOVER_WITHIN, f"{who} found the class after {seconds:.2f} s"
        assert found["txt"] == expected_txt(class_, teacher, session, code=True), found["txt"]
        assert all(code not in value for value in found["txt"].values()), "the code must never be advertised"
        assert found["instance"] == "Física 1·01 — Sección B"
        assert "." not in found["instance"]
        assert found["id"] == found["instance"] + SERVICE
        assert found["name"] == "Mrs. Núñez — Física 1.01 — Sección B"
        assert (found["class"], found["teacher"], found["session"]) == (class_, teacher, session)
        assert (found["compatibility"], found["protocol"], found["code_required"]) == ("supported", 1, True)
        assert found["addresses"][0] == TEACHER[2]
        assert found["urls"][0] == f"ws://{TEACHER[2]}:4455/ws"
        assert re.fullmatch(r"classroom-[0-9a-f]{12}\.local\.", found["host"]), found["host"]

    listed = discover_once(procs, STUDENT2, "discover-json")
    assert [c["txt"] for c in listed if c.get("session") == session] == [
        expected_txt(class_, teacher, session, code=True)
    ]
    text = procs.classroom(STUDENT1, ["discover", "--timeout", "2"], "discover-text")
    text.expect("Mrs. Núñez — Física 1.01 — Sección B  (ready to join, code required)", timeout=2 + WAIT)
    text.expect(f"ws://{TEACHER[2]}:4455/ws")
    assert text.wait() == 0


def test_students_chat_across_namespaces(procs: Procs, tmp_path) -> None:
    """The teacher and two students in three namespaces chat: one student
    joins by address, the other finds the class by name over mDNS
    (`classroom join --find`), which tries the advertised addresses."""
    code = "135790"
    host, _, token = start_host(procs, TEACHER, "Physics 101", "Mrs. Núñez", tmp_path, "--code", code)
    host.expect("LAN advertising: on")
    address = f"{TEACHER[2]}:4455"

    teacher = procs.classroom(TEACHER, ["join", address, "--token-file", token], "teacher")
    teacher.expect("joined “Physics 101” (Mrs. Núñez) as Mrs. Núñez")
    ada = procs.classroom(STUDENT1, ["join", address, "--name", "Ada", "--code", code], "ada")
    ada.expect("as Ada [")
    bo = procs.classroom(STUDENT2, ["join", "--find", "physics 101", "--name", "Bo", "--code", code], "bo")
    bo.expect(f"* found “Mrs. Núñez — Physics 101” at ws://{address}/ws")
    bo.expect("as Bo [")
    teacher.expect("* Bo joined")

    for speaker, text in ((ada, "Hello from Ada"), (bo, "Hello from Bo"), (teacher, "Welcome, both")):
        speaker.send(text)
        for peer in (teacher, ada, bo):
            peer.expect(text)
    teacher.send("/end")
    for peer in (ada, bo):
        peer.expect("* session ended by the teacher")
        assert peer.wait() == 0
    assert host.wait() == 0


def test_a_class_appears_when_started_and_leaves_promptly_when_ended(procs: Procs, tmp_path) -> None:
    """A student already looking sees a new class appear, and after the
    teacher's `/end` sees it leave within 3 s (the host says goodbye)."""
    watcher = watch(procs, STUDENT1, "watch-student1")
    spawned = time.monotonic()
    host, session, token = start_host(procs, TEACHER, "Chemistry 2", "Mr. Ortiz", tmp_path, "--no-code")
    host.expect("LAN advertising: on")
    appeared_at, event = watcher.expect_event("appeared", of_session(session), timeout=WAIT)
    record("new class appears in a student's open list (from `classroom host` start)", appeared_at - spawned)
    assert event["data"]["code_required"] is False
    assert event["data"]["txt"]["join"] == "open"

    teacher = procs.classroom(TEACHER, ["join", f"{TEACHER[2]}:4455", "--token-file", token], "teacher")
    teacher.expect("joined “Chemistry 2”")
    ended = time.monotonic()
    teacher.send("/end")
    host.expect("The teacher ended the class.")
    removed_at, _ = watcher.expect_event("removed", of_session(session), timeout=ENDED_WITHIN + WAIT)
    seconds = removed_at - ended
    record("ended class leaves a student's list (from `/end`)", seconds)
    assert seconds <= ENDED_WITHIN, f"the ended class left the list after {seconds:.2f} s"
    host.expect("Class ended.")
    assert host.wait() == 0


def test_a_killed_host_leaves_the_list_within_10s(procs: Procs, tmp_path) -> None:
    """After `kill -9` of the host (no goodbye) both students' lists drop
    the class within 10 s, and not earlier than the kill."""
    host, session, _ = start_host(procs, TEACHER, "History 3", "Ms. Lee", tmp_path)
    host.expect("LAN advertising: on")
    watchers = {m[1]: watch(procs, m, f"watch-{m[1]}", seconds=40) for m in (STUDENT1, STUDENT2)}
    for watcher in watchers.values():
        watcher.expect_event("appeared", of_session(session), timeout=WAIT)
    # A live class stays listed across several verification rounds.
    for watcher in watchers.values():
        watcher.no_event("removed", of_session(session), seconds=5)

    killed = time.monotonic()
    host.kill(signal.SIGKILL)
    host.wait()
    for who, watcher in watchers.items():
        removed_at, _ = watcher.expect_event("removed", of_session(session), timeout=KILLED_WITHIN + WAIT)
        seconds = removed_at - killed
        record(f"killed host (kill -9) leaves the list in {who}", seconds)
        assert seconds <= KILLED_WITHIN, f"{who}: the dead class stayed {seconds:.2f} s"


def test_python_zeroconf_sees_our_advertisement(procs: Procs, tmp_path) -> None:
    """python-zeroconf, a third-party implementation, resolves our service
    with the same TXT record, port, host and address."""
    class_, teacher = "Biology 4.2", "Dr. Ødegård"
    host, session, _ = start_host(procs, TEACHER, class_, teacher, tmp_path, "--code", "1111")
    _, line = host.expect("LAN advertising: on")
    browser = procs.zeroconf(STUDENT1, ["browse", "--seconds", "10", "--until-session", session], "zeroconf")
    _, line = browser.expect(lambda l: l.startswith("{") and session in l, timeout=10 + WAIT)
    seen = json.loads(line)
    record("python-zeroconf resolves our service (from its browse start)", seen["ms"] / 1000)
    assert seen["name"] == "Biology 4·2" + SERVICE
    assert seen["txt"] == expected_txt(class_, teacher, session, code=True)
    assert seen["port"] == 4455
    assert TEACHER[2] in seen["addresses"]
    assert re.fullmatch(r"classroom-[0-9a-f]{12}\.local\.", seen["server"]), seen["server"]
    assert browser.wait() == 0

    ours = [c for c in discover_once(procs, STUDENT2, "discover") if c.get("session") == session]
    assert len(ours) == 1 and ours[0]["txt"] == seen["txt"], "both implementations read the same TXT"


def test_a_python_zeroconf_service_shows_in_classroom_discover(procs: Procs) -> None:
    """Services python-zeroconf publishes with our type show up in
    `classroom discover`: one with protocol 1 ready to join, one with an
    unknown protocol shown as "needs a newer app", not hidden."""
    lab_txt = expected_txt("Zeroconf Lab", "Py Teacher", "0123456789abcdef0123456789abcdef", code=False)
    publisher = procs.zeroconf(
        STUDENT2,
        ["publish", "--name", "Zeroconf Lab", "--host", "zc-student2", "--port", "4460",
         "--address", STUDENT2[2], *[arg for k, v in lab_txt.items() for arg in ("--txt", f"{k}={v}")]],
        "zeroconf-publish",
    )
    future = procs.zeroconf(
        TEACHER,
        ["publish", "--name", "Zeroconf Future", "--host", "zc-teacher", "--port", "4461",
         "--address", TEACHER[2], "--txt", "proto=2", "--txt", "class=Future", "--txt", "teacher=Robot"],
        "zeroconf-future",
    )
    publisher.expect("published Zeroconf Lab")
    future.expect("published Zeroconf Future")

    listed = {c["instance"]: c for c in discover_once(procs, STUDENT1, "discover", seconds=3)}
    lab = listed.get("Zeroconf Lab")
    assert lab is not None, listed
    assert lab["txt"] == lab_txt
    assert (lab["compatibility"], lab["code_required"], lab["port"]) == ("supported", False, 4460)
    assert lab["urls"] == [f"ws://{STUDENT2[2]}:4460/ws"]
    assert lab["host"] == "zc-student2.local."
    newer = listed.get("Zeroconf Future")
    assert newer is not None, listed
    assert (newer["compatibility"], newer["protocol"]) == ("needs_newer_app", 2)
    assert newer["name"] == "Robot — Future"

    text = procs.classroom(STUDENT1, ["discover", "--timeout", "3"], "discover-text")
    text.expect("Robot — Future  (needs a newer app: protocol 2)", timeout=3 + WAIT)
    assert text.wait() == 0
    for proc in (publisher, future):
        proc.close_stdin()
        assert proc.wait() == 0


def test_blocked_multicast_is_reported_and_manual_join_still_works(procs: Procs, tmp_path) -> None:
    """On a machine whose firewall drops multicast, the teacher is told
    advertising failed, why, and the address and join link to give out;
    students do not see the class but join it by address."""
    host, session, _ = start_host(procs, QUIET, "Quiet Room", "Mx. Quinn", tmp_path, "--code", "4242")
    _, failed = host.expect("LAN advertising: FAILED")
    assert "multicast is blocked" in failed and "eth0" in failed and "Operation not permitted" in failed, failed
    host.expect(f"address: {QUIET[2]}:4455    join link: ws://{QUIET[2]}:4455/ws")
    host.expect("To fix it: allow mDNS (UDP port 5353")
    host.expect("Press Ctrl-C to end the class.")

    listed = discover_once(procs, STUDENT1, "discover")
    assert not [c for c in listed if c.get("session") == session], "a blocked class cannot be seen"

    cy = procs.classroom(STUDENT1, ["join", f"{QUIET[2]}:4455", "--name", "Cy", "--code", "4242"], "cy")
    cy.expect("* joined “Quiet Room” (Mx. Quinn) as Cy")
    cy.send("Found you by address")
    cy.expect("Cy: Found you by address")
    cy.send("/quit")
    cy.expect("* you left the class")
    assert cy.wait() == 0
