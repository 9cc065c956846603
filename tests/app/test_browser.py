"""Students in real browsers: the teacher's real app hosts a class and
serves the web client; a student in each engine (Chromium, Firefox ESR,
WebKitGTK's MiniBrowser), driven by that engine's own WebDriver, opens the
link the teacher's screen shows (with the class code in it), joins and chats
with the teacher and a `classroom join` terminal student. The page left and
opened again, and reloaded, comes back in the same seat with every message
once. A page of another origin cannot open the class's WebSocket.

Runs inside `xvfb-run` (tests/app/run.sh) with the app built; the browsers
and drivers come from scripts/install-deps.sh (on Debian: chromium,
chromium-driver, firefox-esr, geckodriver from crates.io; WebKitWebDriver
and MiniBrowser from the WebKitGTK packages the app needs anyway).
"""

from __future__ import annotations

import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from test_app import APP, WAIT, Driver, Page, Terminal, free_port, shut_down

MINIBROWSER = Path("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")


def first_found(*names: str) -> str | None:
    """The first of `names` on the PATH (Debian's name first, then Ubuntu's
    or Google's), or None."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def start_browser(engine: str) -> WebDriver:
    """A fresh browser of `engine` (its own profile: nothing kept from an
    earlier test), through that engine's WebDriver. The driver and browser
    paths are given, so Selenium never tries to download either."""
    if engine == "chromium":
        binary, driver = first_found("chromium", "google-chrome"), first_found("chromedriver")
        assert binary and driver, "install chromium and chromium-driver (scripts/install-deps.sh)"
        chrome = webdriver.ChromeOptions()
        chrome.binary_location = binary
        for arg in ("--headless=new", "--no-sandbox", "--window-size=1024,768", "--disable-gpu"):
            chrome.add_argument(arg)
        return webdriver.Chrome(options=chrome, service=webdriver.ChromeService(executable_path=driver))
    if engine == "firefox":
        binary, driver = first_found("firefox-esr", "firefox"), first_found("geckodriver")
        assert binary and driver, "install firefox-esr and geckodriver (scripts/install-deps.sh)"
        firefox = webdriver.FirefoxOptions()
        firefox.binary_location = binary
        firefox.add_argument("-headless")
        return webdriver.Firefox(options=firefox, service=webdriver.FirefoxService(executable_path=driver))
    if engine == "webkit":
        driver = first_found("WebKitWebDriver")
        assert driver and MINIBROWSER.exists(), "install webkit2gtk-driver and libwebkit2gtk-4.1-0"
        webkit = webdriver.WebKitGTKOptions()
        webkit.binary_location = str(MINIBROWSER)
        webkit.add_argument("--automation")
        return webdriver.WebKitGTK(options=webkit, service=webdriver.WebKitGTKService(executable_path=driver))
    raise ValueError(engine)


class Browser(Page):
    """A student's browser tab on the class's web page."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self.web = start_browser(engine)

    def field(self, label: str):
        """The form field labelled `label`."""
        return self.find_xpath(f"//input[@id=//label[normalize-space()={label!r}]/@for]")

    def find_xpath(self, xpath: str):
        return WebDriverWait(self.web, WAIT).until(lambda d: d.find_element(By.XPATH, xpath))

    def quit(self) -> None:
        try:
            self.web.quit()
        except WebDriverException:
            pass


@contextmanager
def other_origin() -> Iterator[str]:
    """A page served from another origin (another port on loopback), as a
    site on the internet would be to the student's browser."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = b"<!doctype html><title>Somewhere else</title><p>Another site</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Opens a WebSocket from the page's own context and reports what happened:
# "open", or how it was refused.
TRY_WEBSOCKET = """
const [url, done] = [arguments[0], arguments[arguments.length - 1]];
let settled = false;
const finish = (what) => { if (!settled) { settled = true; done(what); } };
try {
  const ws = new WebSocket(url);
  ws.onopen = () => { finish("open"); ws.close(); };
  ws.onerror = () => finish("error");
  ws.onclose = (e) => finish("closed " + e.code);
} catch (e) {
  finish("threw " + e.name);
}
setTimeout(() => finish("timeout"), 10000);
"""


@pytest.mark.parametrize("engine", ["chromium", "firefox", "webkit"])
def test_a_browser_student_joins_chats_and_comes_back_in_the_same_seat(engine: str, data_dirs) -> None:
    assert APP.exists(), f"build the app first: {APP}"
    teacher = Driver(
        ["--host-class", "Biology", "--teacher", "Mr. Okafor", "--no-mdns", "--port", "0",
         "--data-dir", str(data_dirs[0])]
    )
    browser = None
    bo = None
    try:
        address, code = teacher.class_address()
        port = address.rsplit(":", 1)[1]

        # The teacher's screen: the web page's address, its QR code, and the
        # same link with the class code in it once asked for.
        teacher.wait_text(".join-panel__link", "http://")
        link = teacher.find(".join-panel__link").text.strip()
        assert re.fullmatch(rf"http://[\w.\[\]:-]+:{port}/", link), link
        qr = teacher.find("svg.join-qr")
        assert qr.get_attribute("aria-label") == f"QR code of the join link {link}"
        teacher.find(".join-panel__with-code input[type=checkbox]").click()
        teacher.wait_text(".join-panel__link", "#code=")
        coded = teacher.find(".join-panel__link").text.strip()
        assert coded == f"{link}#code={code}", coded
        teacher.wait_text(".join-panel__with-code-hint", "without typing the code")
        assert teacher.find("svg.join-qr").get_attribute("aria-label") == f"QR code of the join link {coded}"
        teacher.screenshot(f"teacher-web-link-{engine}.png")

        bo = Terminal(address, "Bo", code)
        bo.expect("joined “Biology” (Mr. Okafor) as Bo")

        # The student opens the link (on loopback here: the LAN address the
        # screen shows is this machine's): the code is filled in from it.
        browser = Browser(engine)
        page = f"http://127.0.0.1:{port}/"
        browser.web.get(f"{page}#code={code}")
        name = browser.field("Your name")
        assert browser.field("Class code").get_attribute("value") == code
        assert "#code" not in browser.web.current_url, "the code is taken out of the address bar"
        name.send_keys("Ada")
        browser.find("form button[type=submit]").click()
        browser.find("button.chat-fab")
        browser.screenshot(f"browser-{engine}-joined.png")

        browser.say(f"Hello from {engine}")
        teacher.open_chat()
        teacher.wait_text("li.msg", f"Hello from {engine}")
        bo.expect(f"Ada: Hello from {engine}")
        teacher.say("Welcome, Ada")
        browser.wait_text("li.msg.msg--teacher", "Welcome, Ada")
        bo.say("Hi Ada, from the terminal")
        browser.wait_text("li.msg.msg--other", "Hi Ada, from the terminal")
        browser.screenshot(f"browser-{engine}-chat.png")

        # The tab goes elsewhere; the class goes on without her.
        browser.web.get("about:blank")
        bo.say("While you were away")
        teacher.wait_text("li.msg", "While you were away")

        # Back to the page (no code in it now): the same seat, resumed, with
        # what was said meanwhile, and every message once.
        browser.web.get(page)
        browser.open_chat()
        browser.wait_text("li.msg", "While you were away")
        said = [f"Hello from {engine}", "Welcome, Ada", "Hi Ada, from the terminal", "While you were away"]
        for text in said:
            assert browser.count("li.msg", text) == 1, f"{text!r} shown {browser.count('li.msg', text)} times"
        assert not browser.web.find_elements(By.XPATH, "//label[normalize-space()='Your name']"), "no join form"

        # A reload, the same.
        browser.web.refresh()
        browser.open_chat()
        browser.wait_text("li.msg", "While you were away")
        browser.say("Back after a reload")
        teacher.wait_text("li.msg", "Back after a reload")
        bo.expect("Ada: Back after a reload")
        for text in [*said, "Back after a reload"]:
            for seen in (browser, teacher):
                shown = seen.count("li.msg", text)
                assert shown == 1, f"{text!r} shown {shown} times"

        # One seat: the teacher's roster has one Ada, and no "Ada 2".
        teacher.find("[role='tab']:nth-of-type(2)").click()
        teacher.wait_text("[role='tabpanel']", "Ada")
        roster = " ".join(teacher.texts("[role='tabpanel'] li"))
        assert roster.count("Ada") == 1, roster
        browser.screenshot(f"browser-{engine}-after-reload.png")

        # The class's own page opens its WebSocket; a page of another origin
        # cannot (a site on the internet must not drive the student's
        # browser into the class).
        hub = f"ws://127.0.0.1:{port}/ws"
        browser.web.set_script_timeout(WAIT)
        assert browser.web.execute_async_script(TRY_WEBSOCKET, hub) == "open"
        with other_origin() as elsewhere:
            browser.web.get(elsewhere)
            refused = browser.web.execute_async_script(TRY_WEBSOCKET, hub)
        assert refused != "open" and refused != "timeout", f"another origin's WebSocket: {refused}"
    finally:
        shut_down([("teacher", teacher)], browser, bo)
