"""Prints how the teacher's desktop app holds up in a long lecture.

A benchmark, not a test. Run it under a virtual display with the app and
the CLI built, e.g.

    xvfb-run -a .venv/bin/python tests/app/measure_lecture.py target/release/classroom-app

The teacher's real app hosts a class (mDNS off) through tauri-driver;
299 students join it over real WebSockets, each from its own loopback
address (127.3.x.y, as 299 devices in a room), and say 5,000 messages
between them at 4 a second each (the hub's own rate limit is 5). With the
chat open, it prints:

- the memory of the app and its WebKit processes (PSS, and the web
  process's RSS) once the class is in and 300 first messages have warmed
  WebKit up, and after 5,000 more, from 5 s to 3 minutes after. WebKitGTK
  has no forced garbage collection: what the messages left behind is
  given back in one step some 30 to 90 s later (about 13 MiB), when
  JavaScriptCore finds the page idle. The growth is read at 3 minutes,
  when it has settled, as Chromium's benchmark reads it after a forced
  collection; the highest reading before is printed beside it;
- the CPU time (user + system) of the app and of each WebKit process
  while the 5,000 come and are shown;
- the nodes in the message list and in the roster;
- switching tabs, Participants → Chat and back: a click on the tab to the
  end of the next frame (requestAnimationFrame, then a task), median of 7;
- 20 new messages, one at a time, with the teacher reading at the bottom:
  from the student's send to the line in the DOM, and to the end of the
  frame that paints it (both clocks are this machine's wall clock).

Targets (issue 14): a tab switch ≤ 150 ms, a new message painted ≤ 100 ms,
memory growth ≤ 50 MB over the 5,000 messages.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
parser.add_argument("app", nargs="?", help="the classroom-app binary (default: target/debug/classroom-app)")
parser.add_argument("--students", type=int, default=299)
parser.add_argument("--messages", type=int, default=5000)
parser.add_argument("--switches", type=int, default=7)
parser.add_argument("--probes", type=int, default=20)
parser.add_argument("--mappings", action="store_true",
                    help="also print where the web process grew, by kind of memory mapping")
parser.add_argument("--chat-closed", action="store_true",
                    help="keep the chat closed while the messages come (memory only): what the state costs without the list")
ARGS = parser.parse_args()
if ARGS.app:  # the app to measure, before test_app reads it
    os.environ["CLASSROOM_APP"] = str(Path(ARGS.app).resolve())
sys.path.insert(0, str(Path(__file__).parent))
from measure import app_pid, tree, tree_memory_kib  # noqa: E402
from test_app import APP, Driver  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402

# Messages a second per student: under the hub's limit (5, burst 10).
RATE = 4.0
# Messages said before the memory is first read.
WARM_UP = 300


def source(n: int) -> str:
    """Student n's own loopback address: 127.3.0.1, 127.3.0.2, …"""
    return f"127.3.{n // 250}.{n % 250 + 1}"


class Class:
    """The students: joined sockets, read to the end on an event loop of
    their own (a thread), so the hub never finds them slow."""

    def __init__(self, address: str, code: str) -> None:
        self.url = f"ws://{address}/ws"
        self.code = code
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.sockets: list[ClientConnection] = []
        self.readers: list[asyncio.Task[None]] = []
        # What the hub refused (a message over its limits is not shown).
        self.refusals: list[str] = []
        self.said = 0

    def run(self, coroutine, timeout: float = 120):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _join(self, n: int) -> ClientConnection:
        ws = await connect(self.url, proxy=None, compression=None, local_addr=(source(n), 0))
        await ws.send(json.dumps({"type": "student:join", "name": f"Student {n + 1:03}", "code": self.code}))
        while True:
            frame = json.loads(await ws.recv())
            if frame["type"] == "session:welcome":
                return ws
            if frame["type"] == "error":
                raise RuntimeError(f"student {n + 1} refused: {frame}")

    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for raw in ws:
                if '"type":"error"' in raw and not self.refusals:
                    self.refusals.append(raw)  # the first, for the report
                elif '"type":"error"' in raw:
                    self.refusals.append("")
        except ConnectionClosed:
            pass  # the end of the class

    async def _join_all(self, students: int) -> None:
        # A few at a time: a room's devices do not all connect in one instant,
        # and the hub's room for connections not joined yet is finite.
        gate = asyncio.Semaphore(32)

        async def one(n: int) -> ClientConnection:
            async with gate:
                return await self._join(n)

        self.sockets = list(await asyncio.gather(*(one(n) for n in range(students))))
        self.readers = [asyncio.create_task(self._read(ws)) for ws in self.sockets]

    def join(self, students: int) -> None:
        self.run(self._join_all(students))

    async def _say_all(self, messages: int) -> None:
        # Ids unique across calls: the hub takes a known id as a resend.
        self.said += 1
        round_ = self.said

        async def student(k: int, ws: ClientConnection) -> None:
            count = messages // len(self.sockets) + (1 if k < messages % len(self.sockets) else 0)
            await asyncio.sleep(k / len(self.sockets) / RATE)  # spread over the first second
            for i in range(count):
                text = f"Message {i + 1} from student {k + 1}: what about the homework for Friday?"
                await ws.send(json.dumps({"type": "chat:message", "id": f"m{round_}-{i}", "text": text}))
                await asyncio.sleep(1 / RATE)

        await asyncio.gather(*(student(k, ws) for k, ws in enumerate(self.sockets)))

    def say_all(self, messages: int) -> None:
        self.run(self._say_all(messages), timeout=600)

    def probe(self, n: int, delay: float) -> None:
        """Student 1 says `probe n <send time, ms>` after `delay` s (while the page waits for it)."""

        async def send() -> None:
            await asyncio.sleep(delay)
            text = f"probe {n} {time.time() * 1000:.1f}"
            await self.sockets[0].send(json.dumps({"type": "chat:message", "id": f"probe{n}", "text": text}))

        asyncio.run_coroutine_threadsafe(send(), self.loop)

    def close(self) -> None:
        async def close_all() -> None:
            await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)

        try:
            self.run(close_all(), timeout=30)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)


SWITCH_TAB = """
const [name, done] = arguments;
const tab = [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent.startsWith(name));
const start = performance.now();
tab.click();
requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => done(performance.now() - start);
  channel.port2.postMessage(null);
});
"""

# Resolves once a line with `probe n` is in the DOM and its frame has ended:
# [send → DOM, send → painted] in ms, from the send time the text carries.
AWAIT_PROBE = """
const [n, done] = arguments;
const wanted = `probe ${n} `;
const timeout = setTimeout(() => { observer.disconnect(); done(null); }, 10000);
const observer = new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) {
    if (!(node instanceof Element) || !node.textContent.includes(wanted)) continue;
    const dom = Date.now();
    observer.disconnect();
    const sent = Number(node.textContent.split(wanted)[1].split(/\\s/)[0]);
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { clearTimeout(timeout); done([dom - sent, Date.now() - sent]); };
      channel.port2.postMessage(null);
    });
    return;
  }
});
observer.observe(document.querySelector('.messages'), { childList: true, subtree: true });
"""

# The newest message the list has drawn, by its seq (the class's messages
# are numbered from 1; the list keeps the newest lines only, so its size
# says nothing of how many came).
NEWEST_SEQ = """
let newest = 0;
for (const row of document.querySelectorAll('ol.messages__list > li[data-key^="m:"]')) {
  newest = Math.max(newest, Number(row.dataset.key.slice(2)));
}
return newest;
"""


def web_process_rss_kib(root_pid: int) -> int:
    """RSS of the WebKit web process under the app (the page's own memory)."""
    total = 0
    for pid in tree(root_pid):
        try:
            text = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if "WebKitWebProces" in text.split("\n", 1)[0]:
            for line in text.splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def cpu_seconds(root_pid: int) -> dict[str, float]:
    """CPU time (user + system) so far of the app and each of its WebKit
    processes, by process name."""
    tick = os.sysconf("SC_CLK_TCK")
    spent: dict[str, float] = {}
    for pid in tree(root_pid):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        # The name is in parentheses and may hold spaces: the fields after it.
        name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        # utime and stime are fields 14 and 15 of stat(5); `fields` starts at field 3.
        spent[name] = spent.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return spent


def web_mappings_kib(root_pid: int) -> dict[str, int]:
    """The web process's resident memory by kind of mapping: a file's name,
    a named region ([heap], [stack]), or an anonymous one by its size (the
    allocators reserve regions of telling sizes)."""
    kinds: dict[str, int] = {}
    for pid in tree(root_pid):
        try:
            if "WebKitWebProces" not in Path(f"/proc/{pid}/status").read_text().split("\n", 1)[0]:
                continue
            text = Path(f"/proc/{pid}/smaps").read_text()
        except OSError:
            continue
        kind = ""
        for line in text.splitlines():
            head = line.split()
            if "-" in head[0] and len(head) >= 5:
                start, end = (int(x, 16) for x in head[0].split("-"))
                name = head[5] if len(head) > 5 else ""
                size = end - start
                if name:
                    kind = name.rsplit("/", 1)[-1]
                else:
                    # Sizes to the nearest power of two: 2 MiB, 64 GiB, …
                    bits = max(size - 1, 1).bit_length()
                    kind = f"anonymous, {1 << bits >> 20} MiB regions" if bits >= 20 else "anonymous, small"
            elif head[0] == "Rss:":
                kinds[kind] = kinds.get(kind, 0) + int(head[1])
    return kinds


def wait(what: str, check, limit: float = 120, show=None) -> None:
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: {show() if show else 'not within %d s' % limit}")
        time.sleep(0.2)


def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        teacher = Driver(["--host-class", "Lecture 1", "--teacher", "Ms. Park", "--no-mdns", "--port", "0",
                          "--data-dir", data], screenshots=False)
        students = None
        try:
            teacher.web.set_script_timeout(30)
            address, code = teacher.class_address()
            students = Class(address, code)
            began = time.monotonic()
            students.join(ARGS.students)
            everyone = ARGS.students + 1
            teacher.open_chat()
            wait("the roster filling", lambda: f"({everyone})" in " ".join(teacher.texts('[role="tab"]')))
            print(f"app: {APP}")
            print(f"{ARGS.students} students joined in {time.monotonic() - began:.1f} s")
            # The first lines warm WebKit up (fonts, its JIT, the layers of
            # a scrolling list): paid once whatever the class's length, so
            # kept out of the growth over the lecture.
            students.say_all(WARM_UP)
            wait("the first lines", lambda: teacher.web.execute_script(NEWEST_SEQ) >= WARM_UP)
            time.sleep(5)
            pid = app_pid()
            before = tree_memory_kib(pid), web_process_rss_kib(pid)
            mappings = web_mappings_kib(pid) if ARGS.mappings else {}

            if ARGS.chat_closed:
                teacher.find("section.chat-panel button[aria-label='Close chat']").click()
            began, cpu_before = time.monotonic(), cpu_seconds(pid)
            students.say_all(ARGS.messages)
            newest = lambda: teacher.web.execute_script(NEWEST_SEQ)  # noqa: E731
            if ARGS.chat_closed:
                # The last student's last message, seen once the chat opens again.
                time.sleep(ARGS.messages / (ARGS.students * RATE) + 5)
            else:
                wait("the messages arriving", lambda: newest() >= WARM_UP + ARGS.messages,
                     show=lambda: f"newest line {newest()}; refused {len(students.refusals)}: {students.refusals[:1]}")
            cpu = {name: spent - cpu_before.get(name, 0.0) for name, spent in cpu_seconds(pid).items()}
            print(f"{ARGS.messages} messages said and shown in {time.monotonic() - began:.1f} s")
            print("CPU time over them: " + ", ".join(f"{name} {spent:.1f} s" for name, spent in sorted(cpu.items())))
            # JavaScriptCore collects when it judges the page idle, not on
            # demand (no forced GC in WebKitGTK): read at 5 s, then until it settles.
            samples = []
            for at in (5, 15, 30, 60, 90, 120, 180):
                time.sleep(at - (samples[-1][0] if samples else 0))
                samples.append((at, tree_memory_kib(pid), web_process_rss_kib(pid)))
            after = samples[-1][1], samples[-1][2]
            if ARGS.mappings:
                now = web_mappings_kib(pid)
                grown = sorted(((now.get(k, 0) - mappings.get(k, 0), k) for k in now.keys() | mappings.keys()), reverse=True)
                print("the web process grew in: " + ", ".join(f"{k} {d / 1024:+.1f} MiB" for d, k in grown[:8]))
            if ARGS.chat_closed:
                teacher.open_chat()
                wait("the messages arriving", lambda: newest() >= WARM_UP + ARGS.messages)
            nodes = teacher.web.execute_script(
                "return [document.querySelectorAll('*').length,"
                " document.querySelectorAll('ol.messages__list *').length]"
            )

            to_people, to_chat = [], []
            teacher.web.execute_async_script(SWITCH_TAB, "Participants")  # warm up
            teacher.web.execute_async_script(SWITCH_TAB, "Chat")
            for _ in range(ARGS.switches):
                time.sleep(0.3)
                to_people.append(teacher.web.execute_async_script(SWITCH_TAB, "Participants"))
                time.sleep(0.3)
                to_chat.append(teacher.web.execute_async_script(SWITCH_TAB, "Chat"))
            roster_nodes = 0
            teacher.web.execute_async_script(SWITCH_TAB, "Participants")
            roster_nodes = teacher.web.execute_script("return document.querySelectorAll('.people__list *').length")
            teacher.web.execute_async_script(SWITCH_TAB, "Chat")

            # New messages, the teacher reading at the bottom.
            teacher.web.execute_script(
                "const s = document.querySelector('.messages__scroller'); s.scrollTop = s.scrollHeight;"
            )
            time.sleep(1)
            probes = []
            for n in range(ARGS.probes):
                students.probe(n, 0.2)
                found = teacher.web.execute_async_script(AWAIT_PROBE, n)
                if found is None:
                    raise RuntimeError(f"probe {n} never showed")
                probes.append(found)
                time.sleep(0.3)
        finally:
            if students:
                students.close()
            teacher.quit()

    def ms(values: list[float]) -> str:
        return f"median {statistics.median(values):.1f} ms (max {max(values):.1f}; {', '.join(f'{v:.0f}' for v in values)})"

    (rss0, pss0), web0 = before
    (rss1, pss1), web1 = after
    print(f"DOM nodes: {nodes[0]} in the document, {nodes[1]} in the message list, {roster_nodes} in the roster")
    print(f"memory, the app and its WebKit processes: PSS {pss0 / 1024:.0f} → {pss1 / 1024:.0f} MiB "
          f"(+{(pss1 - pss0) / 1024:.1f}), RSS {rss0 / 1024:.0f} → {rss1 / 1024:.0f} MiB (+{(rss1 - rss0) / 1024:.1f})")
    print(f"memory, the web process alone: RSS {web0 / 1024:.0f} → {web1 / 1024:.0f} MiB (+{(web1 - web0) / 1024:.1f})")
    highest = max(tree[1] for _, tree, _ in samples)
    print(f"memory growth over the messages (PSS): +{(pss1 - pss0) / 1024:.1f} MiB once settled "
          f"({samples[-1][0]} s after), +{(highest - pss0) / 1024:.1f} MiB at most before")
    print("PSS growth after the messages, by seconds waited: " + ", ".join(
        f"{at} s +{(tree[1] - pss0) / 1024:.1f} MiB" for at, tree, _ in samples))
    print(f"tab switch Participants → Chat: {ms(to_chat)}")
    print(f"tab switch Chat → Participants: {ms(to_people)}")
    print(f"new message, send → in the DOM: {ms([p[0] for p in probes])}")
    print(f"new message, send → painted: {ms([p[1] for p in probes])}")


if __name__ == "__main__":
    main()
