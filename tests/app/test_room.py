"""Running the room in the real app (WebKitGTK under WebDriver): a teacher app
and two student apps go through a raised hand (seen in the teacher's queue,
lowered by the teacher), a mute, a locked chat, slow mode, a pinned message
with a reaction, a deleted one and a rename. Screenshots of the teacher's hand queue, a muted
student's composer, a student in slow mode, the pin and the removed
message, in light and dark, and axe on each screen.
"""

from __future__ import annotations


import pytest
from selenium.webdriver.support.ui import WebDriverWait

from test_accessibility import violations
from test_app import APP, WAIT, Driver, shut_down, student_app
from test_polls import click_text


def click_js(app: Driver, css: str) -> None:
    """Clicks the element matching `css` once it exists (message actions
    are transparent until hovered or focused, which WebDriver would refuse
    to click)."""
    WebDriverWait(app.web, WAIT).until(
        lambda _: app.web.execute_script(
            "const el = document.querySelector(arguments[0]); if (el) { el.click(); return true; } return false;",
            css,
        )
    )


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
        ada = student_app(teacher, "Ada", data_dirs[1], env)
        bo = student_app(teacher, "Bo", data_dirs[2], env)

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

        # The teacher pins Ada's message: everyone sees it above the chat.
        click_js(teacher, "button[aria-label='Pin message from Ada']")
        ada.wait_text("section.pin-bar", "My one message")
        bo.open_chat()
        bo.wait_text("section.pin-bar", "My one message")
        # Bo reacts to it; Ada sees the count under her message.
        click_js(bo, "button[aria-label='Add reaction to message from Ada']")
        click_js(bo, ".reaction-picker__option[aria-label='Thumbs up']")
        WebDriverWait(ada.web, WAIT).until(
            lambda _: ada.web.execute_script(
                "return Array.from(document.querySelectorAll('.reaction-chip'),"
                " e => e.getAttribute('aria-label')).some(l => (l || '').startsWith('Thumbs up: 1 reaction'))"
            )
        )
        ada.screenshot(f"room-student-pinned-{theme}.png")
        problems["pinned"] = violations(ada)

        # Bo says something the teacher deletes: gone in place, everywhere.
        bo.say("Something rude")
        teacher.wait_text("li.msg", "Something rude")
        ada.wait_text("li.msg", "Something rude")
        click_js(teacher, "button[aria-label='Delete message from Bo']")
        teacher.find("[role='dialog']")
        problems["delete confirmation"] = violations(teacher)
        teacher.find("[role='dialog'] .dialog__actions .button--danger").click()
        for app in (ada, bo, teacher):
            app.wait_text("li.msg--removed", "Message removed")
            assert not any("Something rude" in t for t in app.texts("section.chat-panel")), "the text is gone"
        ada.screenshot(f"room-student-deleted-{theme}.png")
        teacher.screenshot(f"room-teacher-deleted-{theme}.png")
        problems["deleted"] = violations(ada)

        # The teacher renames Bo: everyone's list and his messages say so.
        teacher.find("[role='tab']:nth-of-type(2)").click()
        teacher.find("button[aria-label='Rename Bo']").click()
        field = teacher.find("[role='dialog'] input.rename-dialog__input")
        problems["rename dialog"] = violations(teacher)
        field.clear()
        field.send_keys("Bo Bravo")
        teacher.find("[role='dialog'] button.rename-dialog__save").click()
        ada.find("[role='tab']:nth-of-type(2)").click()
        ada.wait_text("[role='tabpanel']", "Bo Bravo")
        ada.find("[role='tab']:nth-of-type(1)").click()
        ada.wait_text("li.msg--removed", "Bo Bravo")
        assert {screen: found for screen, found in problems.items() if found} == {}
    finally:
        shut_down([(f"room-teacher-{theme}", teacher), (f"room-ada-{theme}", ada), (f"room-bo-{theme}", bo)])
