"""Running the room in the real app (WebKitGTK under WebDriver): a teacher app
and two student apps go through a raised hand (seen in the teacher's queue,
lowered by the teacher), a mute, a locked chat and slow mode. Screenshots of
the teacher's hand queue, a muted student's composer and a student in slow
mode, in light and dark, and axe on each screen.
"""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from test_accessibility import violations
from test_app import APP, WAIT, Driver, shut_down
from test_polls import click_text


def pressed(app: Driver, css: str) -> str | None:
    return app.web.execute_script(
        "const el = document.querySelector(arguments[0]); return el && el.getAttribute('aria-pressed');", css
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_hands_mute_lock_and_slow_mode(data_dirs, theme: str) -> None:
    assert APP.exists(), f"build the app first: {APP}"
    env = {"GTK_THEME": "Adwaita:dark"} if theme == "dark" else {}
    teacher = Driver(
        ["--host-class", "Room 12", "--teacher", "Ms. Adeyemi", "--no-mdns", "--port", "0",
         "--data-dir", str(data_dirs[0])],
        env=env,
    )
    ada = bo = None
    try:
        code = re.sub(r"\D", "", teacher.find(".class-code").text)
        port = teacher.find(".address--main").text.strip().rsplit(":", 1)[1]
        address = f"127.0.0.1:{port}"
        ada = Driver(["--join", address, "--name", "Ada", "--code", code, "--no-mdns",
                      "--data-dir", str(data_dirs[1])], env=env)
        bo = Driver(["--join", address, "--name", "Bo", "--code", code, "--no-mdns",
                     "--data-dir", str(data_dirs[2])], env=env)
        for app in (ada, bo):
            app.find("button.chat-fab")

        # Bo, then Ada, raise a hand: the teacher's queue has them in that order.
        click_text(bo, ".room-student button.hand-toggle", "Raise hand")
        WebDriverWait(bo.web, WAIT).until(lambda _: pressed(bo, ".room-student button.hand-toggle") == "true")
        click_text(ada, ".room-student button.hand-toggle", "Raise hand")
        teacher.open_chat()
        teacher.find("[role='tab']:nth-of-type(2)").click()
        teacher.wait_text(".room-hands__list", "Ada")
        assert teacher.texts(".room-hand__name") == ["Bo", "Ada"], "the queue in the order hands went up"
        teacher.wait_text("[role='tab']:nth-of-type(2)", "2")
        teacher.screenshot(f"room-teacher-hands-{theme}.png")
        problems = {"teacher hands": violations(teacher)}
        ada.screenshot(f"room-student-hand-{theme}.png")
        problems["student hand"] = violations(ada)

        # The teacher lowers Bo's hand: Bo's button is no longer pressed.
        teacher.find("button[aria-label=\"Lower Bo's hand\"]").click()
        WebDriverWait(bo.web, WAIT).until(lambda _: pressed(bo, ".room-student button.hand-toggle") == "false")
        assert teacher.texts(".room-hand__name") == ["Ada"]

        # Bo muted: his composer says so, his message cannot be sent.
        teacher.find("button[aria-label='Mute Bo']").click()
        bo.open_chat()
        bo.wait_text("section.chat-panel", "The teacher has muted you")
        bo.screenshot(f"room-student-muted-{theme}.png")
        problems["muted student"] = violations(bo)
        teacher.find("button[aria-label='Unmute Bo']").click()
        bo.find("button.chat-fab").click()

        # The chat locked, then slow mode.
        teacher.find(".room-rules__lock input").click()
        ada.open_chat()
        ada.wait_text("section.chat-panel", "The teacher has locked the chat")
        problems["locked student"] = violations(ada)
        teacher.find(".room-rules__lock input").click()
        WebDriverWait(ada.web, WAIT).until(
            lambda _: not any("locked the chat" in t for t in ada.texts("section.chat-panel"))
        )
        teacher.web.execute_script(
            "const s = document.querySelector('.room-rules__select');"
            "const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;"
            "set.call(s, '30'); s.dispatchEvent(new Event('change', {bubbles: true}));"
        )
        ada.wait_text("section.chat-panel", "one message every 30 s")
        ada.say("My one message")
        teacher.find("[role='tab']:nth-of-type(1)").click()
        teacher.wait_text("li.msg", "My one message")
        ada.wait_text("section.chat-panel", "You can send again in")
        ada.screenshot(f"room-student-slow-{theme}.png")
        problems["slow mode"] = violations(ada)
        assert {screen: found for screen, found in problems.items() if found} == {}
    finally:
        shut_down([(f"room-teacher-{theme}", teacher), (f"room-ada-{theme}", ada), (f"room-bo-{theme}", bo)])
