"""axe-core's WCAG 2.1 A and AA rules on the real app's screens, in its own
webview (WebKitGTK), light and dark, English and Spanish: Home, the
teacher's class, the chat, the participants and questions tabs, a
student's class and questions tab.
Every screen must have zero violations.
"""

from __future__ import annotations

import json

import pytest

from test_app import APP, ROOT, Driver, Terminal, guess_codes, shut_down, student_app

AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(app: Driver) -> list[str]:
    """axe's violations on what the window shows now, one line each."""
    app.web.execute_script(AXE)
    found = app.web.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(JSON.stringify(r.violations.map(v => ["
        "  v.id + ': ' + v.help, v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '')).slice(0, 3)"
        "]))), e => done(JSON.stringify([['axe failed', [String(e)]]])));",
        RULES,
    )
    return [f"{rule} {nodes}" for rule, nodes in json.loads(found)]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_screen_passes_axe(data_dirs, theme: str, language: str) -> None:
    assert APP.exists(), f"build the app first: {APP}"
    env = {"LANG": "es_MX.UTF-8" if language == "es" else "en_US.UTF-8"}
    if theme == "dark":
        env["GTK_THEME"] = "Adwaita:dark"
    home = Driver(["--no-mdns", "--data-dir", str(data_dirs[2])], env=env)
    teacher = None
    student = None
    try:
        home.find(".home")
        home.web.set_script_timeout(30)
        scheme = home.web.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
        assert scheme == (theme == "dark"), f"the webview did not take the {theme} theme"
        # axe runs and reports here: an image without a text alternative, put
        # in for a moment, is found.
        home.web.execute_script(
            "const i = document.createElement('img'); i.id = 'axe-canary'; i.src = 'data:,';"
            "document.querySelector('main').append(i);"
        )
        assert any(v.startswith("image-alt") for v in violations(home)), "axe found nothing to report"
        home.web.execute_script("document.getElementById('axe-canary').remove()")
        problems = {"home": violations(home)}

        teacher = Driver(
            ["--host-class", "Physics 101", "--teacher", "Mrs. Núñez", "--no-mdns", "--port", "0",
             "--data-dir", str(data_dirs[0])],
            env=env,
        )
        teacher.find(".join-panel")
        teacher.web.set_script_timeout(30)
        address, _ = teacher.class_address()
        problems["teacher"] = violations(teacher)
        student = student_app(teacher, "Ada", data_dirs[1], env)
        student.web.set_script_timeout(30)
        student.say("Hello from Ada")
        teacher.open_chat()
        teacher.wait_text("li.msg", "Hello from Ada")
        problems["teacher chat"] = violations(teacher)
        teacher.find("[role='tab']:nth-of-type(2)").click()
        teacher.wait_text("[role='tabpanel']", "Ada")
        problems["teacher participants"] = violations(teacher)
        teacher.find("[role='tab']:nth-of-type(3)").click()
        teacher.find("[role='tabpanel'] input[type='checkbox']")
        problems["teacher questions"] = violations(teacher)
        teacher.find("[role='tab']:nth-of-type(2)").click()
        problems["student chat"] = violations(student)
        student.find("[role='tab']:nth-of-type(3)").click()
        student.find("[role='tabpanel'] textarea")
        problems["student questions"] = violations(student)
        student.find("[role='tab']:nth-of-type(1)").click()
        student.find("button.chat-fab").click()
        problems["student"] = violations(student)

        # Someone guessing the code: the warning, then the new code's note
        # (the chat closed: it would cover the warning's buttons).
        teacher.find("button.chat-fab").click()
        guess_codes(address, 5)
        teacher.find(".code-alert")
        problems["teacher guessing"] = violations(teacher)
        teacher.find(".code-alert .button--primary").click()
        teacher.find(".code-alert.banner--info")
        problems["teacher new code"] = violations(teacher)
        # A student gone: Remove offline students, and its confirmation.
        bo = Terminal(address, "Bo", teacher.class_address()[1])
        bo.expect("as Bo")
        bo.quit()
        teacher.open_chat()
        teacher.wait_text("[role='tabpanel'] .people__head button", "(1)")
        teacher.find("[role='tabpanel'] .people__head button").click()
        teacher.find("[role='dialog']")
        problems["teacher remove offline"] = violations(teacher)
        assert {screen: found for screen, found in problems.items() if found} == {}
    finally:
        shut_down([(f"axe-{language}-{theme}-home", home), (f"axe-{language}-{theme}-teacher", teacher),
                   (f"axe-{language}-{theme}-student", student)])
