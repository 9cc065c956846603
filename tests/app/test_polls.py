"""Live polls in the real app (WebKitGTK under WebDriver): a teacher app, two
student apps and twenty terminal students answer a quiz question; the
teacher's counts and bars are right, each student app says whether it was
right after the reveal; then a short-answer poll shows as a word cloud.
Screenshots of each, in light and dark, and axe on every poll screen.
"""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from test_accessibility import violations
from test_app import APP, WAIT, Driver, Terminal, shut_down, student_app

TERMINALS = 20


def click_text(app: Driver, css: str, text: str) -> None:
    """Clicks the first element matching `css` whose text contains `text`."""
    WebDriverWait(app.web, WAIT).until(
        lambda _: app.web.execute_script(
            "const el = Array.from(document.querySelectorAll(arguments[0]))"
            ".find(e => (e.textContent || '').includes(arguments[1]));"
            "if (el) { el.click(); return true; } return false;",
            css,
            text,
        )
    )


def type_into(app: Driver, css: str, text: str) -> None:
    box = app.find(css)
    box.clear()
    box.send_keys(text)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_class_answers_a_quiz_and_a_short_answer_poll(data_dirs, theme: str) -> None:
    assert APP.exists(), f"build the app first: {APP}"
    env = {"GTK_THEME": "Adwaita:dark"} if theme == "dark" else {}
    teacher = Driver(
        # Twenty terminal students from this one machine: more than the 4
        # seats one address gets by default.
        ["--host-class", "Astronomy", "--teacher", "Mr. Okafor", "--no-mdns", "--port", "0",
         "--max-per-address", "30", "--data-dir", str(data_dirs[0])],
        env=env,
    )
    ada = bo = None
    terminals: list[Terminal] = []
    try:
        teacher.web.set_script_timeout(30)
        address, code = teacher.class_address()
        ada = student_app(teacher, "Ada", data_dirs[1], env)
        bo = student_app(teacher, "Bo", data_dirs[2], env)
        for app in (ada, bo):
            app.web.set_script_timeout(30)
        terminals = [Terminal(address, f"Student {n}", code) for n in range(TERMINALS)]
        for terminal in terminals:
            terminal.expect("joined")

        # A quiz question: A B C D, B correct.
        click_text(teacher, ".teacher-polls button", "New poll")
        teacher.find("[role='dialog']")
        type_into(teacher, ".poll-compose__question", "Which is the largest planet? (B)")
        click_text(teacher, ".poll-preset", "A B C D")
        teacher.find("[aria-label='Option 2 is correct']").click()
        problems = {"composer": violations(teacher)}
        click_text(teacher, "[role='dialog'] button[type='submit']", "Start poll")
        WebDriverWait(teacher.web, WAIT).until(
            lambda _: teacher.web.execute_script("return document.querySelectorAll(\"[role='dialog']\").length") == 0
        )

        ada.wait_text(".poll--student .poll__question", "Which is the largest planet?")
        ada.screenshot(f"poll-student-card-{theme}.png")
        problems["student card"] = violations(ada)
        click_text(ada, ".poll-option", "B")
        click_text(bo, ".poll-option", "C")
        # Terminal students: 10 say B, 6 say A, 4 say D.
        for n, terminal in enumerate(terminals):
            terminal.expect("* poll: Which is the largest planet?")
            terminal.say("/answer " + ("2" if n < 10 else "1" if n < 16 else "4"))
        for terminal in terminals:
            terminal.expect("* your answer is in")
        ada.wait_text(".poll--student .poll__status", "Answer sent")
        teacher.wait_text(".teacher-polls", "22 of 22 have answered")
        bars = teacher.texts(".teacher-polls .poll--teacher .poll-bar__value")
        counts = [int(re.match(r"(\d+) answers?", bar).group(1)) for bar in bars]
        assert counts == [6, 11, 1, 4], f"the teacher's bars: {bars}"
        teacher.screenshot(f"poll-teacher-live-{theme}.png")
        problems["teacher live results"] = violations(teacher)

        click_text(teacher, ".teacher-polls button", "Show results to the class")
        ada.wait_text(".poll--student", "You were right!")
        bo.wait_text(".poll--student", "Not this time")
        for terminal in terminals[:10]:
            terminal.expect("* you were right")
        ada.screenshot(f"poll-student-revealed-{theme}.png")
        bo.screenshot(f"poll-student-wrong-{theme}.png")
        problems["student revealed"] = violations(ada)

        # A short answer: a word cloud.
        click_text(teacher, ".teacher-polls button", "New poll")
        type_into(teacher, ".poll-compose__question", "One word for what plants do with light?")
        click_text(teacher, ".poll-choice", "Short answer")
        click_text(teacher, "[role='dialog'] button[type='submit']", "Start poll")
        ada.wait_text(".poll--student .poll__question", "One word for what plants do with light?")
        words = ["Photosynthesis"] * 9 + ["photosynthesis "] * 3 + ["Chlorophyll"] * 5 + ["Sugar"] * 3
        for terminal, word in zip(terminals, words):
            terminal.expect("* poll: One word")
            terminal.say(f"/answer {word}")
        type_into(ada, ".poll-text-row__input", "Glucose")
        click_text(ada, ".poll-text-row button", "Send answer")
        teacher.wait_text(".teacher-polls", "21 of 22 have answered")
        teacher.wait_text(".teacher-polls", "Photosynthesis")
        teacher.screenshot(f"poll-teacher-words-{theme}.png")
        problems["teacher word cloud"] = violations(teacher)
        assert {screen: found for screen, found in problems.items() if found} == {}
    finally:
        shut_down([(f"poll-teacher-{theme}", teacher), (f"poll-ada-{theme}", ada), (f"poll-bo-{theme}", bo)],
                  *terminals)
