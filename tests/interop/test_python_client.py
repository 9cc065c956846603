"""Interoperability: a third-party WebSocket client speaks to the real hub.

These tests start the `classroom host` binary as a child process and talk to
it with nothing but Python's `websockets` package (asyncio API) and the
standard library, following docs/protocol.md. They prove that the protocol
can be used without the project's own Rust client.

The binary comes from $CLASSROOM_BIN, or target/debug/classroom in the
repository root (build it with `cargo build -p classroom-cli --bin classroom`;
tests/interop/run.sh does everything). Each test gets a fresh hub, every wait
has a timeout, and the hub process is killed at teardown whatever happened.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

REPO_ROOT = Path(__file__).resolve().parents[2]
CLASS = "Interop 101"
TEACHER = "Mrs. Núñez"
CODE = "246810"

#: Seconds to wait for any single expected event (a frame, a close, a line).
WAIT = 5.0
#: Seconds to wait for the hub to start listening, and to exit after the end.
STARTUP = 15.0
EXIT = 20.0
#: A guard around each whole scenario, so no test can hang.
SCENARIO = 60.0

#: Frames the hub may interleave with anything (presence, typing).
PRESENCE = {"participant:joined", "participants:joined", "participant:left", "participant:updated", "typing"}

#: The hub's largest frames (a welcome with a full page of long messages)
#: can pass websockets' 1 MiB default; see docs/protocol.md, "Limits".
MAX_SIZE = 4 * 1024 * 1024


def hub_binary() -> Path:
    given = os.environ.get("CLASSROOM_BIN")
    path = Path(given).resolve() if given else REPO_ROOT / "target" / "debug" / "classroom"
    if not path.is_file():
        pytest.fail(
            f"hub binary not found at {path}: run `cargo build -p classroom-cli --bin classroom` "
            "or set CLASSROOM_BIN",
            pytrace=False,
        )
    return path


@dataclass
class Hub:
    """A running `classroom host` process and what it told us."""

    process: subprocess.Popen[str]
    port: int
    token_file: Path
    stdout: list[str]
    log_path: Path

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def host_token(self) -> str:
        return self.token_file.read_text(encoding="utf-8").strip()

    def diagnostics(self) -> str:
        log = self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        return "stdout:\n" + "".join(self.stdout) + "\nstderr (tail):\n" + log


@pytest.fixture
def hub(tmp_path: Path):
    """Starts a hub on a free loopback port; kills it at teardown."""
    token_file = tmp_path / "host-token"
    log_path = tmp_path / "hub.log"
    log = log_path.open("w", encoding="utf-8")
    command = [
        str(hub_binary()), "host",
        # Nothing on disk: these tests speak the protocol, not the store.
        "--no-store",
        "--class", CLASS,
        "--teacher", TEACHER,
        "--bind", "127.0.0.1:0",
        "--code", CODE,
        "--no-mdns",
        "--token-file", str(token_file),
        # Every test client connects from 127.0.0.1: the seats-per-address
        # cap (4 by default) is raised, as for the project's own tests.
        "--max-per-address", "1000",
    ]
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        encoding="utf-8",
        env={**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "info")},
    )
    # A thread drains stdout so the pipe never fills, and hands us the lines.
    lines: queue.Queue[str | None] = queue.Queue()
    seen: list[str] = []

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            seen.append(line)
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, name="hub-stdout", daemon=True).start()
    try:
        port = None
        deadline = time.monotonic() + STARTUP
        while port is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail("the hub did not print `listening on` in time:\n" + "".join(seen), pytrace=False)
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                pytest.fail(
                    f"the hub exited ({process.wait(timeout=WAIT)}) before listening:\n"
                    + "".join(seen) + log_path.read_text(encoding="utf-8", errors="replace"),
                    pytrace=False,
                )
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
            if match:
                port = int(match.group(1))
        # The host writes its token file before it prints `listening on`.
        assert token_file.read_text(encoding="utf-8").strip(), "the token file is written before `listening on`"
        yield Hub(process, port, token_file, seen, log_path)
    finally:
        if process.poll() is None:
            process.kill()
        try:
            process.wait(timeout=WAIT)
        finally:
            log.close()


def run(scenario) -> None:
    """Runs one async scenario with an overall guard."""
    asyncio.run(asyncio.wait_for(scenario, SCENARIO))


# --- small protocol helpers -------------------------------------------------


async def open_ws(hub: Hub) -> ClientConnection:
    return await asyncio.wait_for(connect(hub.url, max_size=MAX_SIZE, open_timeout=WAIT), WAIT)


async def send(ws: ClientConnection, frame: dict[str, Any]) -> None:
    # Raw UTF-8, as a browser sends it: \uXXXX escapes would count against the
    # 16 KiB frame limit six or twelve bytes a character.
    await asyncio.wait_for(ws.send(json.dumps(frame, ensure_ascii=False)), WAIT)


async def recv(ws: ClientConnection, timeout: float = WAIT) -> dict[str, Any]:
    """The next frame, which must be one JSON object in a text frame."""
    raw = await asyncio.wait_for(ws.recv(), timeout)
    assert isinstance(raw, str), f"the hub sent a binary frame: {raw!r}"
    frame = json.loads(raw)
    assert isinstance(frame, dict) and isinstance(frame.get("type"), str), raw
    return frame


async def recv_skipping_presence(ws: ClientConnection, timeout: float = WAIT) -> dict[str, Any]:
    """The next frame that is not presence or typing."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            raise asyncio.TimeoutError("no non-presence frame in time")
        frame = await recv(ws, remaining)
        if frame["type"] not in PRESENCE:
            return frame


async def expect_close(ws: ClientConnection, timeout: float = WAIT) -> tuple[int, str, list[dict[str, Any]]]:
    """Reads until the hub closes; returns its close code, reason, and the frames before."""
    frames = []
    deadline = asyncio.get_running_loop().time() + timeout
    try:
        while True:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(f"the hub did not close the connection in time; got {frames}")
            frames.append(await recv(ws, remaining))
    except ConnectionClosed as closed:
        assert closed.rcvd is not None, f"no close frame from the hub ({closed}); frames: {frames}"
        return closed.rcvd.code, closed.rcvd.reason, frames


async def join_student(hub: Hub, name: str = "Ada", code: str = CODE) -> tuple[ClientConnection, dict[str, Any]]:
    ws = await open_ws(hub)
    await send(ws, {"type": "student:join", "name": name, "code": code})
    welcome = await recv(ws)
    assert welcome["type"] == "session:welcome", welcome
    return ws, welcome


async def join_teacher(hub: Hub) -> tuple[ClientConnection, dict[str, Any]]:
    ws = await open_ws(hub)
    await send(ws, {"type": "teacher:join", "token": hub.host_token()})
    welcome = await recv(ws)
    assert welcome["type"] == "session:welcome", welcome
    return ws, welcome


async def wait_for_arrival(ws: ClientConnection, participant_id: str) -> dict[str, Any]:
    """Waits until `participant_id` is announced, alone or in a batch; returns
    its record (a batch's identity plus the `online: true` it implies)."""
    deadline = asyncio.get_running_loop().time() + WAIT
    while True:
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            raise asyncio.TimeoutError(f"{participant_id} was not announced")
        frame = await recv(ws, remaining)
        if frame["type"] == "participant:joined" and frame["participant"]["id"] == participant_id:
            return frame["participant"]
        if frame["type"] == "participants:joined":
            # A batch carries identities only: everyone in it is online.
            for participant in frame["participants"]:
                assert "online" not in participant, frame
                if participant["id"] == participant_id:
                    return {**participant, "online": True}


async def wait_for_left_or_error(ws: ClientConnection) -> dict[str, Any]:
    """The next participant:left (or error) on `ws`."""
    deadline = asyncio.get_running_loop().time() + WAIT
    while True:
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            raise asyncio.TimeoutError("no participant:left")
        frame = await recv(ws, remaining)
        if frame["type"] in ("participant:left", "error"):
            return frame


def get_health(hub: Hub) -> dict[str, Any]:
    with urllib.request.urlopen(f"{hub.http}/health", timeout=WAIT) as response:
        assert response.status == 200
        assert response.headers.get_content_type() == "application/json"
        return json.loads(response.read().decode("utf-8"))


def assert_rfc3339(text: str) -> None:
    assert text.endswith("Z"), text
    datetime.fromisoformat(text.replace("Z", "+00:00"))


# --- the checks ---------------------------------------------------------------


def test_health(hub: Hub) -> None:
    """GET /health answers 200 with the protocol version, the class and who is online."""
    body = get_health(hub)
    assert body == {"ok": True, "protocol": 1, "class": CLASS, "participants": 0}

    async def scenario() -> None:
        ws, _ = await join_student(hub)
        body = await asyncio.to_thread(get_health, hub)
        assert body["participants"] == 1
        await ws.close()

    run(scenario())


def test_student_joins_with_name_and_code(hub: Hub) -> None:
    """A student's join gets a welcome: identity, resume token, session, joiner-first list, limits."""

    async def scenario() -> None:
        ws, welcome = await join_student(hub, name="  Ada  ")
        you = welcome["you"]
        assert you["name"] == "Ada", "the hub trims names"
        assert you["role"] == "student"
        assert re.fullmatch(r"p_\d+", you["id"]) and you["id"] != "p_1", you
        assert re.fullmatch(r"[0-9a-f]{32}", welcome["resume"]), welcome["resume"]
        session = welcome["session"]
        assert session["class"] == CLASS
        assert session["teacher"] == TEACHER
        assert re.fullmatch(r"[0-9a-f]{32}", session["id"])
        assert_rfc3339(session["started_at"])
        participants = welcome["participants"]
        assert participants[0] == {**you, "online": True}, "the joiner comes first"
        teacher = [p for p in participants if p["role"] == "teacher"]
        assert teacher == [{"id": "p_1", "name": TEACHER, "role": "teacher", "online": False}]
        assert welcome["history"] == []
        assert welcome["last_seq"] == 0
        assert welcome["limits"] == {
            "max_text_chars": 2000,
            "send_rate": 5,
            "send_burst": 10,
            "max_question_chars": 200,
            "max_poll_options": 10,
            "max_option_chars": 80,
            "max_answer_chars": 80,
            "hand_rate": 1,
            "hand_burst": 4,
            "delete_window_seconds": 120,
            "reaction_rate": 2,
            "reaction_burst": 10,
            "question_rate_per_minute": 3,
            "question_burst": 3,
            "questions_open": 5,
            "max_answers": 10,
        }
        assert welcome["room"] == {
            "rules": {
                "locked": False,
                "slow_seconds": 0,
                "name_filter": False,
                "reactions_off": False,
                "questions_off": False,
            },
            "hands": [],
            "muted": [],
        }
        assert welcome["deleted"] == []
        assert welcome["my_reactions"] == []
        assert welcome["questions"] == {"list": [], "earlier": 0}
        assert welcome["polls"] == []
        # Its own arrival is announced to everyone, itself included.
        joined = await recv(ws)
        assert joined == {"type": "participant:joined", "participant": {**you, "online": True}}
        await ws.close()

    run(scenario())


def test_teacher_joins_with_token_from_file(hub: Hub) -> None:
    """The teacher joins with the host token the hub wrote to --token-file, and is p_1."""

    async def scenario() -> None:
        student, student_welcome = await join_student(hub)
        teacher, welcome = await join_teacher(hub)
        assert welcome["you"] == {"id": "p_1", "name": TEACHER, "role": "teacher"}
        assert welcome["participants"][0] == {"id": "p_1", "name": TEACHER, "role": "teacher", "online": True}
        # The student is in the welcome, or (if it arrived within the hub's
        # batching window) in the announcement that follows it.
        student_record = {**student_welcome["you"], "online": True}
        if student_record not in welcome["participants"]:
            assert await wait_for_arrival(teacher, student_record["id"]) == student_record
        # The student hears that the teacher arrived.
        arrived = await wait_for_arrival(student, "p_1")
        assert arrived == {"id": "p_1", "name": TEACHER, "role": "teacher", "online": True}
        await teacher.close()
        await student.close()

    run(scenario())


def test_message_reaches_everyone_with_hub_assigned_sender_and_seq(hub: Hub) -> None:
    """A student's message is acked, then reaches the sender and the teacher with hub-set from/seq/ts."""

    async def scenario() -> None:
        student, welcome = await join_student(hub)
        teacher, _ = await join_teacher(hub)
        me = welcome["you"]
        await send(student, {
            "type": "chat:message",
            "id": "c-1",
            "text": "  Hello class!  ",
            # Spoofed fields: the hub must ignore every one of them.
            "from": {"id": "p_1", "name": TEACHER, "role": "teacher"},
            "role": "teacher",
            "ts": "1999-01-01T00:00:00Z",
            "seq": 99,
        })
        ack = await recv_skipping_presence(student)
        assert ack == {"type": "chat:ack", "id": "c-1", "seq": 1}
        # The sender's own copy comes right after its ack, nothing in between.
        mine = await recv(student)
        assert mine["type"] == "chat:message", mine
        theirs = await recv_skipping_presence(teacher)
        assert theirs == mine, "everyone gets the same entry"
        assert mine["seq"] == 1
        assert mine["id"] == "m_1"
        assert mine["client_id"] == "c-1"
        assert mine["from"] == me
        assert mine["text"] == "Hello class!", "the hub trims the text"
        assert_rfc3339(mine["ts"])
        assert not mine["ts"].startswith("1999")

        # A resend of the same id (as after a reconnect) is acked with the
        # first seq and makes no second message.
        await send(student, {"type": "chat:message", "id": "c-1", "text": "Hello class!"})
        assert await recv_skipping_presence(student) == {"type": "chat:ack", "id": "c-1", "seq": 1}
        await send(student, {"type": "chat:message", "id": "c-2", "text": "Second"})
        assert await recv_skipping_presence(student) == {"type": "chat:ack", "id": "c-2", "seq": 2}
        second = await recv_skipping_presence(teacher)
        assert (second["seq"], second["text"]) == (2, "Second"), "no duplicate entry came before it"
        await teacher.close()
        await student.close()

    run(scenario())


def test_wrong_code_is_refused_with_bad_code_then_1008(hub: Hub) -> None:
    """A wrong class code gets error bad_code, then the hub closes with 1008."""

    async def scenario() -> None:
        ws = await open_ws(hub)
        await send(ws, {"type": "student:join", "name": "Eve", "code": "000000"})
        code, reason, frames = await expect_close(ws)
        assert len(frames) == 1, frames
        error = frames[0]
        assert error["type"] == "error" and error["code"] == "bad_code", error
        assert error["message"], "every error carries a human message"
        assert code == 1008
        assert reason == "bad_code"

    run(scenario())


def test_malformed_frame_gets_an_error_and_the_connection_stays_usable(hub: Hub) -> None:
    """Bad frames after the join get an error each; the same connection then still works."""

    async def scenario() -> None:
        ws, _ = await join_student(hub)
        await ws.send("this is not JSON")
        error = await recv_skipping_presence(ws)
        assert error["type"] == "error" and error["code"] == "malformed", error
        assert error["message"]
        assert "ref" not in error

        await send(ws, {"type": "chat:message", "id": "c-7"})  # no text
        error = await recv_skipping_presence(ws)
        assert (error["code"], error.get("ref")) == ("malformed", "c-7"), error

        await ws.send(b"\x00\x01binary")
        error = await recv_skipping_presence(ws)
        assert error["code"] == "malformed", error

        await send(ws, {"type": "dance", "id": "d-1"})
        error = await recv_skipping_presence(ws)
        assert (error["code"], error.get("ref")) == ("unknown_type", "d-1"), error

        # Still joined and usable.
        await send(ws, {"type": "chat:message", "id": "c-8", "text": "still here"})
        assert await recv_skipping_presence(ws) == {"type": "chat:ack", "id": "c-8", "seq": 1}
        entry = await recv(ws)
        assert (entry["type"], entry["text"]) == ("chat:message", "still here")
        await ws.close()

    run(scenario())


def test_refused_messages_keep_the_connection_open(hub: Hub) -> None:
    """empty, too_long (counted in scalar values) and forbidden refuse without closing."""

    async def scenario() -> None:
        ws, welcome = await join_student(hub)
        limit = welcome["limits"]["max_text_chars"]
        await send(ws, {"type": "chat:message", "id": "e-1", "text": " \n\t "})
        error = await recv_skipping_presence(ws)
        assert (error["code"], error["ref"]) == ("empty", "e-1"), error

        # Astral characters are one scalar value each (two UTF-16 units).
        await send(ws, {"type": "chat:message", "id": "e-2", "text": "🎓" * (limit + 1)})
        error = await recv_skipping_presence(ws)
        assert (error["code"], error["ref"]) == ("too_long", "e-2"), error
        await send(ws, {"type": "chat:message", "id": "e-3", "text": "🎓" * limit})
        assert await recv_skipping_presence(ws) == {"type": "chat:ack", "id": "e-3", "seq": 1}
        assert (await recv(ws))["text"] == "🎓" * limit

        for frame in ({"type": "session:end"}, {"type": "teacher:remove-student", "id": "p_1"}):
            await send(ws, frame)
            error = await recv_skipping_presence(ws)
            assert error["code"] == "forbidden", error

        await send(ws, {"type": "history:fetch"})
        history = await recv_skipping_presence(ws)
        assert history["type"] == "history" and history["first_seq"] == 1
        assert [m["seq"] for m in history["messages"]] == [1]
        await ws.close()

    run(scenario())


def test_session_end_closes_everyone_with_1000_and_the_host_exits_0(hub: Hub) -> None:
    """session:end from the teacher: both get session:ended and close 1000; the host exits 0."""

    async def scenario() -> None:
        student, _ = await join_student(hub)
        teacher, _ = await join_teacher(hub)
        await send(teacher, {"type": "session:end"})
        for ws in (teacher, student):
            code, reason, frames = await expect_close(ws)
            assert frames, "session:ended comes before the close"
            assert frames[-1] == {"type": "session:ended"}, frames
            assert all(f["type"] in PRESENCE for f in frames[:-1]), frames
            assert code == 1000
            assert reason == "session ended"

    run(scenario())
    try:
        status = hub.process.wait(timeout=EXIT)
    except subprocess.TimeoutExpired:
        pytest.fail("the host did not exit after the session ended:\n" + hub.diagnostics(), pytrace=False)
    assert status == 0, hub.diagnostics()
    assert any("The teacher ended the class." in line for line in hub.stdout), hub.diagnostics()


def test_removal_takes_only_the_exact_participant_id(hub: Hub) -> None:
    """A removal names a participant by the exact id the hub issued: "p_03"
    names nobody (unknown_participant, nothing changes); "p_3" removes, and
    participant:left carries that same id."""

    async def scenario() -> None:
        student, welcome = await join_student(hub, name="Bob")
        teacher, _ = await join_teacher(hub)
        own_id = welcome["you"]["id"]
        number = own_id.removeprefix("p_")
        await send(teacher, {"type": "teacher:remove-student", "id": f"p_0{number}"})
        refused = await wait_for_left_or_error(teacher)
        assert refused["type"] == "error" and refused["code"] == "unknown_participant", refused
        await send(teacher, {"type": "teacher:remove-student", "id": own_id})
        code, _, frames = await expect_close(student)
        assert code == 4001 and frames[-1] == {"type": "session:removed"}
        left = await wait_for_left_or_error(teacher)
        assert left == {"type": "participant:left", "id": own_id, "reason": "removed"}
        await teacher.close()

    run(scenario())
