"""The real desktop app under Xvfb, driven through WebDriver.

A teacher copy of the app hosts a class (started by its flags), a student
copy joins it, and a `classroom join` terminal client joins too; both apps
run with mDNS off (no multicast from the machine's own namespace; tests/lab/
runs the apps with it, between namespaces). All three chat; every message
must show up in both webviews and in the terminal. Screenshots of both windows are saved in artifacts/app/.

Runs inside `xvfb-run` (tests/app/run.sh); needs tauri-driver and Debian's
WebKitWebDriver, and the app built with `npx tauri build --debug --no-bundle`.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time
from pathlib import Path

import urllib3
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
APP = Path(os.environ.get("CLASSROOM_APP", ROOT / "target/debug/classroom-app"))
CLI = Path(os.environ.get("CLASSROOM_BIN", ROOT / "target/debug/classroom"))
ARTIFACTS = ROOT / "artifacts" / "app"
WAIT = 20
# A WebDriver request never answered fails after this many seconds instead
# of holding the test (and CI) until its own time runs out.
REQUEST_TIMEOUT = 60
# Tries at a session, each with a fresh tauri-driver.
SESSION_ATTEMPTS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Page:
    """What a test reads and does in one window of the UI, whichever
    WebDriver shows it (`web`): the app's webview or a student's browser."""

    web: WebDriver

    def find(self, css: str):
        return WebDriverWait(self.web, WAIT).until(lambda d: d.find_element(By.CSS_SELECTOR, css))

    def texts(self, css: str) -> list[str]:
        """The text of every element matching `css`, in document order."""
        # textContent, not WebDriver's rendered text: WebKitWebDriver leaves
        # out text in flex items it judges clipped (names next to an avatar).
        # Read in one script: React may replace an element between a find
        # and a read of it, which makes element handles go stale.
        return self.web.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent || '')", css
        )

    def wait_text(self, css: str, text: str) -> None:
        """Waits until an element matching `css` contains `text`."""
        try:
            WebDriverWait(self.web, WAIT).until(lambda _: any(text in t for t in self.texts(css)))
        except Exception:
            found = self.texts(css)
            raise AssertionError(f"{text!r} never appeared in {css}: {found}")

    def count(self, css: str, text: str) -> int:
        """How many elements matching `css` contain `text`."""
        return sum(text in t for t in self.texts(css))

    def open_chat(self) -> None:
        if not self.web.find_elements(By.CSS_SELECTOR, "section.chat-panel"):
            self.find("button.chat-fab").click()
        self.find("section.chat-panel")

    def say(self, text: str) -> None:
        self.open_chat()
        box = self.find("section.chat-panel textarea")
        box.send_keys(text)
        box.send_keys(Keys.ENTER)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.web.save_screenshot(str(path))
        return path


class Driver(Page):
    """One tauri-driver (and through it one app process) per app copy."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None, *, screenshots: bool = True) -> None:
        """`env` adds to the app's environment (e.g. `LANGUAGE` for its UI language).

        On a machine without a GPU (CI, this one) the app turns WebKit's
        compositing off (src-tauri/src/rendering.rs), and WebKitGTK 2.50's
        WebDriver then never answers a screenshot. With `screenshots` (the
        tests) the app is started with WebKit's switch forcing compositing,
        as on a computer with a GPU; without it (the benchmarks, the
        rendering test) the app paints as it would for a user here."""
        if screenshots:
            env = {"WEBKIT_FORCE_COMPOSITING_MODE": "1", **(env or {})}
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(APP), "args": args})
        for attempt in range(1, SESSION_ATTEMPTS + 1):
            self._start_driver(env)
            self.started = time.monotonic()
            try:
                self.web: WebDriver = self._new_session(options)
                return
            except (WebDriverException, OSError, urllib3.exceptions.HTTPError):
                # No session (a WebKitWebDriver that never answered one was
                # seen once in CI): a fresh tauri-driver, once more.
                self.proc.kill()
                self.proc.wait(timeout=10)
                if attempt == SESSION_ATTEMPTS:
                    raise

    def _start_driver(self, env: dict[str, str] | None) -> None:
        self.port = free_port()
        native = free_port()
        self.proc = subprocess.Popen(
            ["tauri-driver", "--port", str(self.port), "--native-port", str(native)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )

    def _new_session(self, options: ArgOptions) -> WebDriver:
        url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + WAIT
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        # tauri-driver listens before WebKitWebDriver behind it does; a
        # session asked for in that gap is dropped. Ask again, for a while.
        while True:
            try:
                return webdriver.Remote(
                    command_executor=url,
                    options=options,
                    client_config=ClientConfig(remote_server_addr=url, timeout=REQUEST_TIMEOUT),
                )
            except (WebDriverException, ConnectionError, OSError, urllib3.exceptions.HTTPError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def class_address(self) -> tuple[str, str]:
        """A hosting teacher's app: the loopback address students type, and
        the class code, as its screen shows them."""
        code = re.sub(r"\D", "", self.find(".class-code").text)
        port = self.find(".address--main").text.strip().rsplit(":", 1)[1]
        return f"127.0.0.1:{port}", code

    def quit(self) -> None:
        try:
            self.web.quit()
        except WebDriverException:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def student_app(teacher: Driver, name: str, data_dir: Path, env: dict[str, str] | None = None) -> Driver:
    """A student's app joined to `teacher`'s class as `name`, once its chat
    button shows."""
    address, code = teacher.class_address()
    app = Driver(["--join", address, "--name", name, "--code", code, "--no-mdns", "--data-dir", str(data_dir)],
                 env=env)
    app.find("button.chat-fab")
    return app


class Terminal:
    """A `classroom join` terminal client; its output lines are collected."""

    def __init__(self, address: str, name: str, code: str) -> None:
        self.proc = subprocess.Popen(
            [str(CLI), "join", address, "--name", name, "--code", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "RUST_LOG": "warn"},
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def expect(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if text in line:
                    return line
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not printed; saw: {self.lines}")

    def say(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def quit(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def guess_codes(address: str, count: int) -> None:
    """Joins `count` times with a wrong class code, as someone guessing would."""
    import websocket  # websocket-client, which selenium depends on

    for n in range(count):
        ws = websocket.create_connection(f"ws://{address}/ws", timeout=WAIT)
        try:
            ws.send(f'{{"type":"student:join","name":"Guess {n}","code":"000000"}}')
            assert "bad_code" in ws.recv(), "a wrong code is refused"
        finally:
            ws.close()


def shut_down(apps: list[tuple[str, Driver | None]], *others: Terminal | None) -> None:
    """Saves what each window showed last (`<name>-last.png`: the first thing
    to look at when a test fails), then closes everything, newest first."""
    for name, app in apps:
        if app is not None:
            try:
                app.screenshot(f"{name}-last.png")
            except WebDriverException:
                pass
    for closer in (*others, *reversed([app for _, app in apps])):
        if closer is not None:
            closer.quit()



def test_teacher_student_and_terminal_chat(data_dirs) -> None:
    assert APP.exists(), f"build the app first: {APP}"
    teacher = Driver(
        ["--host-class", "Physics 101", "--teacher", "Mrs. Núñez", "--no-mdns", "--port", "0",
         "--data-dir", str(data_dirs[0])]
    )
    student = None
    bo = None
    try:
        code = re.sub(r"\D", "", teacher.find(".class-code").text)
        assert len(code) == 6, teacher.find(".class-code").text
        shown = teacher.find(".address--main").text
        match = re.fullmatch(r"[\w.:\[\]-]+:(\d{2,5})", shown.strip())
        assert match, f"no address on the teacher's screen: {shown!r}"
        # The LAN address is shown; this test's clients reach it on loopback.
        address = f"127.0.0.1:{match.group(1)}"
        teacher.screenshot("teacher-start.png")

        bo = Terminal(address, "Bo", code)
        bo.expect("joined “Physics 101” (Mrs. Núñez) as Bo")

        student = Driver(
            ["--join", address, "--name", "Ada", "--code", code, "--no-mdns", "--data-dir", str(data_dirs[1])]
        )
        student.find("button[aria-label^='Open chat']")

        student.say("Hello from Ada")
        teacher.open_chat()
        for app in (teacher, student):
            app.wait_text("li.msg", "Hello from Ada")
        bo.expect("Ada: Hello from Ada")
        mine = student.find("li.msg.msg--mine")
        assert "Hello from Ada" in mine.text, "own message on the right"

        teacher.say("Welcome, everyone")
        for app in (teacher, student):
            app.wait_text("li.msg.msg--teacher", "Welcome, everyone")
        bo.expect("teacher Mrs. Núñez: Welcome, everyone")

        bo.say("Hi from the terminal")
        for app in (teacher, student):
            app.wait_text("li.msg.msg--other", "Hi from the terminal")

        # Participants: all three, online.
        teacher.find("[role='tab'][id*='participants'], [role='tab']:nth-of-type(2)").click()
        teacher.wait_text("[role='tabpanel']", "Ada")
        teacher.wait_text("[role='tabpanel']", "Bo")
        teacher.screenshot("teacher-participants.png")
        teacher.find("[role='tab']").click()

        teacher.screenshot("teacher.png")
        student.screenshot("student.png")
    finally:
        shut_down([("teacher", teacher), ("student", student)], bo)


def test_the_teacher_changes_a_guessed_code_and_clears_offline_seats(data_dirs) -> None:
    """Someone tries codes: the teacher's screen says so, and one click gives
    the class a new code; a student already in chats on, the old code no
    longer works, the new one does. A student gone is removed with Remove
    offline students."""
    assert APP.exists(), f"build the app first: {APP}"
    teacher = Driver(
        ["--host-class", "Physics 101", "--teacher", "Mrs. Núñez", "--no-mdns", "--port", "0",
         "--data-dir", str(data_dirs[0])]
    )
    bo = cy = old = None
    try:
        address, code = teacher.class_address()
        bo = Terminal(address, "Bo", code)
        bo.expect("joined “Physics 101” (Mrs. Núñez) as Bo")

        guess_codes(address, 5)
        teacher.wait_text(".code-alert", "5 wrong class codes were tried in the last minute")
        teacher.screenshot("teacher-guessing.png")
        teacher.find(".code-alert .button--primary").click()
        teacher.find(".code-alert.banner--info")
        new = re.sub(r"\D", "", teacher.find(".class-code").text)
        assert len(new) == 6 and new != code, (code, new)
        teacher.wait_text(".code-alert", f"The class code is now {new[:3]} {new[3:]}")
        teacher.screenshot("teacher-new-code.png")

        bo.say("Still here")
        teacher.open_chat()
        teacher.wait_text("li.msg", "Still here")
        old = Terminal(address, "Dee", code)
        old.expect("That class code is not right")
        cy = Terminal(address, "Cy", new)
        cy.expect("joined “Physics 101” (Mrs. Núñez) as Cy")

        bo.quit()
        teacher.find("[role='tab']:nth-of-type(2)").click()
        teacher.wait_text("[role='tabpanel'] .people__head button", "Remove offline students (1)")
        teacher.find("[role='tabpanel'] .people__head button").click()
        teacher.find("[role='dialog'] .button--danger").click()
        WebDriverWait(teacher.web, WAIT).until(lambda _: not any("Bo" in t for t in teacher.texts(".person__name")))
        assert any("Cy" in t for t in teacher.texts(".person__name"))
        teacher.screenshot("teacher-offline-removed.png")
    finally:
        shut_down([("teacher-code", teacher)], bo, cy, old)
