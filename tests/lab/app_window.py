"""Drives one copy of the real desktop app inside a lab namespace.

Run through `lab.sh run NS HOSTNAME` (tests/lab/test_app_lab.py does), with
DISPLAY pointing at an Xvfb the test started: X clients reach it through
/tmp/.X11-unix even inside a network namespace, while tauri-driver and
WebKitWebDriver listen on the namespace's own loopback. Prints one JSON
object a line (`{"step": …}`) as it goes; exits non-zero when a step fails.

  app_window.py student --expect NAME --name NAME --code CODE --say TEXT
      the join screen until the class NAME is listed (screenshot), then
      picks it, joins, and says TEXT in the chat
  app_window.py teacher --class NAME --teacher NAME
      hosts a class (mDNS on) and reports what the teacher's screen says
      about advertising (screenshot); keeps the app open until stdin closes
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import urllib3
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 20
START = time.monotonic()


def say(step: str, **data) -> None:
    print(json.dumps({"step": step, "ms": round((time.monotonic() - START) * 1000), **data}), flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """The app under tauri-driver (and WebKitWebDriver) in this namespace."""

    def __init__(self, app: Path, args: list[str]) -> None:
        self.port = free_port()
        self.driver = subprocess.Popen(
            ["tauri-driver", "--port", str(self.port), "--native-port", str(free_port())],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(app), "args": args})
        deadline = time.monotonic() + WAIT
        while True:
            # tauri-driver listens before WebKitWebDriver behind it does.
            try:
                self.web = webdriver.Remote(command_executor=f"http://127.0.0.1:{self.port}", options=options)
                break
            except (WebDriverException, OSError, urllib3.exceptions.HTTPError) as err:
                if time.monotonic() > deadline:
                    raise SystemExit(f"no WebDriver session: {err}")
                time.sleep(0.3)

    def find(self, css: str, timeout: float = WAIT):
        return WebDriverWait(self.web, timeout).until(lambda d: d.find_element(By.CSS_SELECTOR, css))

    def texts(self, css: str) -> list[str]:
        """The elements' text; an element React replaced meanwhile counts as none."""
        found = []
        for el in self.web.find_elements(By.CSS_SELECTOR, css):
            try:
                found.append(el.get_attribute("textContent") or "")
            except StaleElementReferenceException:
                continue
        return found

    def wait_text(self, css: str, text: str, timeout: float = WAIT) -> None:
        try:
            WebDriverWait(self.web, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
                lambda d: any(text in t for t in self.texts(css))
            )
        except Exception as err:
            raise SystemExit(f"{text!r} never appeared in {css}: {self.texts(css)} ({err})")

    def shots(self, out: Path, name: str) -> None:
        """The webview through WebDriver, and the whole X screen with ImageMagick."""
        out.mkdir(parents=True, exist_ok=True)
        self.web.save_screenshot(str(out / f"{name}.png"))
        subprocess.run(["import", "-window", "root", str(out / f"{name}-screen.png")], check=False, timeout=30)
        say("screenshot", file=str(out / f"{name}.png"))

    def quit(self) -> None:
        try:
            self.web.quit()
        except WebDriverException:
            pass
        self.driver.terminate()
        try:
            self.driver.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.driver.kill()


def student(app: App, args: argparse.Namespace) -> None:
    app.find(".class-list")
    say("join screen")
    def option(d):
        for button in d.find_elements(By.CSS_SELECTOR, "button.class-option"):
            name = button.find_element(By.CSS_SELECTOR, ".class-option__name").get_attribute("textContent")
            if (name or "").strip() == args.expect:
                return button
        return None

    try:
        WebDriverWait(app.web, args.within, ignored_exceptions=(StaleElementReferenceException,)).until(option)
    except Exception:
        raise SystemExit(f"{args.expect!r} was not listed within {args.within} s: {app.texts('.class-list')}")
    say("listed", name=args.expect, classes=app.texts(".class-option"))
    for name in args.also:
        app.wait_text(".class-option", name)
    disabled = [el.get_attribute("textContent") for el in app.web.find_elements(By.CSS_SELECTOR, ".class-option:disabled")]
    say("greyed", classes=disabled)
    # Let the "Looking…" list settle a moment so the screenshot shows it whole.
    time.sleep(0.5)
    app.shots(args.shots, "join-screen")

    option(app.web).click()
    card = app.web.find_element(By.XPATH, "//section[.//h2[normalize-space()='Join a class']]")
    card.find_element(By.XPATH, ".//label[normalize-space()='Your name']/following-sibling::input").send_keys(args.name)
    card.find_element(By.XPATH, ".//label[normalize-space()='Class code']/following-sibling::input").send_keys(args.code)
    app.shots(args.shots, "join-picked")
    card.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    app.find("button[aria-label^='Open chat']")
    say("joined")
    app.find("button[aria-label^='Open chat']").click()
    box = app.find("section.chat-panel textarea")
    box.send_keys(args.say)
    box.send_keys(Keys.ENTER)
    app.wait_text("li.msg.msg--mine", args.say)
    say("said", text=args.say)
    app.shots(args.shots, "student-in-class")


def teacher(app: App, args: argparse.Namespace) -> None:
    code = app.find(".class-code").get_attribute("textContent") or ""
    app.find(".listing")
    listing = " ".join(app.texts(".listing"))
    link = " ".join(app.texts(".join-panel__link"))
    qr = app.web.find_elements(By.CSS_SELECTOR, "svg.join-qr path")
    say("hosting", code="".join(ch for ch in code if ch.isdigit()), listing=listing, join_link=link.strip(),
        qr=bool(qr and qr[0].get_attribute("d")))
    app.shots(args.shots, args.shot)
    sys.stdin.read()  # until the test is done looking


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["student", "teacher"])
    parser.add_argument("--app", type=Path, required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--shots", type=Path, required=True)
    parser.add_argument("--expect", default="")
    parser.add_argument("--also", action="append", default=[])
    parser.add_argument("--within", type=float, default=10)
    parser.add_argument("--name", default="Ada")
    parser.add_argument("--code", default="")
    parser.add_argument("--say", default="Hello from the app")
    parser.add_argument("--class", dest="class_", default="Physics 101")
    parser.add_argument("--teacher", default="Mrs. Núñez")
    parser.add_argument("--shot", default="teacher")
    args = parser.parse_args()

    app_args = ["--data-dir", args.data_dir, "--port", "4455"]
    if args.role == "teacher":
        app_args += ["--host-class", args.class_, "--teacher", args.teacher]
    app = App(args.app, app_args)
    try:
        (student if args.role == "student" else teacher)(app, args)
    except SystemExit:
        try:
            app.shots(args.shots, f"{args.role}-failed")
        except WebDriverException:
            pass
        raise
    finally:
        app.quit()
    say("done")


if __name__ == "__main__":
    main()
