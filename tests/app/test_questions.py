"""Private questions in the real app (WebKitGTK under WebDriver): with the
chat locked, a student asks the teacher privately; the teacher, in the
Questions tab, answers privately (only the asker sees it) and then for
everyone (a chat message quoting the question, the asker not named); a
second student never sees the question. Screenshots of the private thread
on both sides, in light and dark, and axe on each screen.
"""

from __future__ import annotations


import pytest
from selenium.webdriver.support.ui import WebDriverWait

from test_accessibility import violations
from test_app import APP, WAIT, Driver, shut_down, student_app

# Finds an element by role and accessible name the way a user names it:
# its aria-label, its label's text, or its own text.
BY_NAME = """
const [selector, name] = arguments;
const named = el => [
  el.getAttribute('aria-label') || '',
  ...Array.from(el.labels || [], l => l.textContent || ''),
  el.textContent || '',
].map(t => t.replace(/\\s+/g, ' ').trim());
return Array.from(document.querySelectorAll(selector)).find(el => named(el).some(t => t === name || t.startsWith(name))) || null;
"""


def by_name(app: Driver, selector: str, name: str):
    """Waits for the element matching `selector` whose accessible name is
    (or starts with) `name`."""
    found = WebDriverWait(app.web, WAIT).until(lambda _: app.web.execute_script(BY_NAME, selector, name))
    return found


def questions_tab(app: Driver):
    return by_name(app, "[role='tab']", "Questions")


def type_in(app: Driver, name: str, text: str) -> None:
    box = by_name(app, "textarea", name)
    box.clear()
    box.send_keys(text)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_private_question_answered_privately_then_for_everyone(data_dirs, theme: str) -> None:
    assert APP.exists(), f"build the app first: {APP}"
    env = {"GTK_THEME": "Adwaita:dark"} if theme == "dark" else {}
    teacher = Driver(
        ["--host-class", "Room 14", "--teacher", "Ms. Adeyemi", "--no-mdns", "--port", "0",
         "--data-dir", str(data_dirs[0])],
        env=env,
    )
    ada = bo = None
    try:
        ada = student_app(teacher, "Ada", data_dirs[1], env)
        bo = student_app(teacher, "Bo", data_dirs[2], env)

        # The chat locked: Ada may still ask the teacher privately.
        teacher.open_chat()
        teacher.find("[role='tab']:nth-of-type(2)").click()
        teacher.find(".room-rules__lock input").click()
        ada.open_chat()
        ada.wait_text("section.chat-panel", "The teacher has locked the chat")
        questions_tab(ada).click()
        type_in(ada, "Your question", "Can we use a calculator in the test?")
        by_name(ada, "button", "Ask privately").click()
        ada.wait_text("[role='tabpanel']", "Waiting for an answer")
        problems = {"student asked": violations(ada)}

        # The teacher's Questions tab counts it and shows the thread.
        WebDriverWait(teacher.web, WAIT).until(
            lambda _: "1 waiting for an answer" in (questions_tab(teacher).get_attribute("textContent") or "")
        )
        questions_tab(teacher).click()
        teacher.wait_text("[role='tabpanel']", "Can we use a calculator in the test?")
        teacher.wait_text("[role='tabpanel']", "Ada")
        type_in(teacher, "Your answer", "Yes, a simple one.")
        by_name(teacher, "button", "Answer privately").click()
        teacher.wait_text("[role='tabpanel']", "Yes, a simple one.")
        teacher.screenshot(f"questions-teacher-thread-{theme}.png")
        problems["teacher thread"] = violations(teacher)

        # Only Ada hears the private answer.
        ada.wait_text("[role='tabpanel']", "Yes, a simple one.")
        ada.screenshot(f"questions-student-thread-{theme}.png")
        problems["student thread"] = violations(ada)
        bo.open_chat()
        questions_tab(bo).click()
        bo.wait_text("[role='tabpanel']", "Only the teacher sees")
        assert not any("calculator" in t for t in bo.texts("body")), "Bo never sees Ada's question"

        # Answered for everyone, without Ada's name: a chat message quoting it.
        by_name(teacher, "button", "Answer again").click()
        type_in(teacher, "Your answer", "Calculators are fine for everyone.")
        by_name(teacher, "button", "Answer for everyone").click()
        bo.find("[role='tab']:nth-of-type(1)").click()
        bo.wait_text("li.msg", "Calculators are fine for everyone.")
        bo.wait_text("li.msg", "Can we use a calculator in the test?")
        quoted = [t for t in bo.texts("li.msg") if "Calculators are fine" in t]
        assert quoted and "Ada" not in quoted[0], f"the asker is not named: {quoted}"
        bo.screenshot(f"questions-public-answer-{theme}.png")
        problems["public answer"] = violations(bo)
        assert {screen: found for screen, found in problems.items() if found} == {}
    finally:
        shut_down([(f"questions-teacher-{theme}", teacher), (f"questions-ada-{theme}", ada),
                   (f"questions-bo-{theme}", bo)])
