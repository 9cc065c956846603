"""The class history in the real app, under Xvfb through WebDriver.

A class of 150 messages is held with the `classroom` CLI (`host` with a
data folder, `join` typing the lines) and ended. The teacher's app, on that
data folder, offers *Resume last class* and lists it under *Past classes*;
its transcript is exported as CSV through the native GTK save dialog
(typed into with xdotool, as a teacher would) and read back with Python's
csv module; the class is resumed, a student's app joins and sees the newest
page, scrolls to the top and gets the earlier messages, each once, in order;
the teacher ends the class and deletes it. A damaged history file gets the
Start fresh prompt. And the promise of it all: the teacher's app killed
mid-class (kill -9), reopened, Resume last class, and the student's app,
never restarted, carries on by itself with every message once.
Screenshots in artifacts/app/.
"""

from __future__ import annotations

import csv
import signal
import subprocess
import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_app import ARTIFACTS, CLI, WAIT, Driver, Terminal, free_port, shut_down

CODE = "123456"
LINES = 150


def button(app: Driver, text: str, within: str = "") -> None:
    """Clicks the first button (under `within`, a CSS selector) whose text starts with `text`."""
    scope = f"{within} " if within else ""

    def find(d):
        for b in d.find_elements(By.CSS_SELECTOR, f"{scope}button"):
            if (b.get_attribute("textContent") or "").strip().startswith(text) and b.is_enabled():
                return b
        return False

    WebDriverWait(app.web, WAIT).until(find).click()


def shoot_screen(name: str) -> Path:
    """The whole X screen (native dialogs are not in the webview's screenshot)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    subprocess.run(["import", "-window", "root", str(path)], check=True, timeout=WAIT)
    return path


def save_in_dialog(path: Path) -> None:
    """Types a full path into GTK's save dialog and presses Enter."""
    found = subprocess.run(
        ["xdotool", "search", "--sync", "--name", "Export the transcript"],
        capture_output=True, text=True, timeout=WAIT, check=True,
    )
    window = found.stdout.split()[0]
    time.sleep(0.5)  # the dialog draws its widgets after it maps
    shoot_screen("export-dialog.png")
    subprocess.run(["xdotool", "windowfocus", "--sync", window], check=True, timeout=WAIT)
    # The name field has the focus, with the offered name selected.
    subprocess.run(["xdotool", "key", "--window", window, "ctrl+a"], check=True, timeout=WAIT)
    subprocess.run(["xdotool", "type", "--delay", "10", str(path)], check=True, timeout=WAIT)
    subprocess.run(["xdotool", "key", "Return"], check=True, timeout=WAIT)



# Every line drawn in the chat's list, top to bottom on the screen: its place
# in the whole list (aria-posinset), the list's length (aria-setsize) and its
# text. The list is virtual: only the lines in view, and a few around, are in
# the DOM.
DRAWN_LINES = """
return Array.from(document.querySelectorAll('ol.messages__list > li'))
  .map(li => [li.getBoundingClientRect().top, Number(li.getAttribute('aria-posinset')),
              Number(li.getAttribute('aria-setsize')),
              li.classList.contains('msg') ? (li.querySelector('.msg__bubble')?.textContent ?? '') : li.className])
  .sort((a, b) => a[0] - b[0]);
"""

# Scrolls the chat to arguments[0] (px) and answers, once the lines there are
# drawn, where it is: [scrollTop, scrollHeight, clientHeight].
SCROLL_TO = """
const [y, done] = arguments;
const s = document.querySelector('.messages__scroller');
s.scrollTop = y;
s.dispatchEvent(new Event('scroll'));
requestAnimationFrame(() => requestAnimationFrame(() => done([s.scrollTop, s.scrollHeight, s.clientHeight])));
"""


def drawn_lines(app: Driver) -> list[tuple[int, int, str]]:
    """The lines drawn, top to bottom: (place, of how many, text); their
    places must go up down the screen."""
    rows = app.web.execute_script(DRAWN_LINES)
    places = [place for _, place, _, _ in rows]
    assert all(a < b for a, b in zip(places, places[1:])), f"lines drawn out of order: {rows}"
    return [(place, size, text) for _, place, size, text in rows]


def read_whole_list(app: Driver) -> list[str]:
    """Scrolls the chat from the top to the bottom, half a view at a time,
    and reads every line at its place: the whole list's texts in order. A
    place that shows two texts, or one never drawn, fails."""
    seen: dict[int, str] = {}
    size = None
    y = 0
    for _ in range(2000):  # far more steps than any list here needs
        top, height, view = app.web.execute_async_script(SCROLL_TO, y)
        for place, of, text in drawn_lines(app):
            assert size in (None, of), f"the list's length changed while reading it: {size} then {of}"
            size = of
            assert seen.setdefault(place, text) == text, f"line {place} showed {seen[place]!r} and {text!r}"
        if top + view >= height - 1:
            break
        y = top + max(view // 2, 1)
    else:
        raise AssertionError("the chat never scrolled to its bottom")
    assert size is not None and sorted(seen) == list(range(1, size + 1)), (
        f"lines never drawn: {sorted(set(range(1, (size or 0) + 1)) - set(seen))}"
    )
    return [seen[place] for place in range(1, size + 1)]


def hold_a_class(data: Path) -> None:
    """`classroom host` + `classroom join`: 150 lines, then the class ends."""
    port = free_port()
    host = subprocess.Popen(
        [str(CLI), "host", "--data-dir", str(data), "--no-mdns", "--class", "History 3", "--teacher",
         "Mr. Ortiz", "--code", CODE, "--bind", f"127.0.0.1:{port}", "--send-rate", "0",
         "--token-file", str(data / "token")],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert host.stdout is not None
        for line in host.stdout:
            if line.startswith("Press Ctrl-C"):
                break
        bo = Terminal(f"127.0.0.1:{port}", "Bo", CODE)
        try:
            bo.expect("joined “History 3”")
            for n in range(1, LINES + 1):
                bo.say(f"line {n}")
            bo.expect(f"Bo: line {LINES}")
        finally:
            bo.quit()
        host.send_signal(signal.SIGINT)
        host.wait(timeout=WAIT)
    finally:
        if host.poll() is None:
            host.kill()


def test_past_classes_export_resume_and_earlier_messages(data_dirs) -> None:
    data, student_data, out = data_dirs
    hold_a_class(data)
    teacher = Driver(["--no-mdns", "--port", "0", "--data-dir", str(data)])
    student = None
    try:
        teacher.wait_text("body", "Resume last class")
        teacher.wait_text("body", "History 3")
        teacher.screenshot("home-resume.png")

        button(teacher, "Past classes")
        teacher.wait_text("li.past-class", "History 3")
        teacher.wait_text("li.past-class", f"{LINES} messages")
        teacher.screenshot("past-classes.png")

        # Export: CSV, through the system's save dialog.
        target = out / "history-3.csv"
        button(teacher, "Export", "li.past-class")
        button(teacher, "CSV", "li.past-class")
        save_in_dialog(target)
        teacher.wait_text("li.past-class", "Saved to")
        teacher.wait_text("li.past-class", str(target))
        teacher.screenshot("past-classes-exported.png")
        with target.open(newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        assert [r["text"] for r in rows] == [f"line {n}" for n in range(1, LINES + 1)]
        assert {r["name"] for r in rows} == {"Bo"}
        assert rows[0]["time_zone"], rows[0]

        # Resume: the same code; a student's app sees the newest page.
        button(teacher, "Resume", "li.past-class")
        code_shown = teacher.find(".class-code").text
        assert CODE == "".join(c for c in code_shown if c.isdigit()), code_shown
        shown = teacher.find(".address--main").text.strip()
        address = f"127.0.0.1:{shown.rsplit(':', 1)[1]}"
        student = Driver(
            ["--join", address, "--name", "Ada", "--code", CODE, "--no-mdns", "--data-dir", str(student_data)]
        )
        student.open_chat()
        student.wait_text("li.msg", f"line {LINES}")
        # Only the newest page at first: the list says it holds 100 lines,
        # and the ones drawn are lines 51..150 at their places in it.
        first = drawn_lines(student)
        assert first and {size for _, size, _ in first} == {100}, first
        assert all(text == f"line {LINES - 100 + place}" for place, _, text in first), first
        assert first[-1][0] == 100, f"the newest line is drawn, at the bottom: {first[-1]}"

        # Scrolling to the top brings the earlier messages, above, once each.
        student.web.execute_script(
            "const s = document.querySelector('.messages__scroller'); s.scrollTop = 0;"
            "s.dispatchEvent(new Event('scroll'));"
        )
        WebDriverWait(student.web, WAIT).until(
            lambda d: {size for _, size, _ in drawn_lines(student)} == {LINES}
        )
        whole = read_whole_list(student)
        assert whole == [f"line {n}" for n in range(1, LINES + 1)], whole
        # The top of the list says there is nothing older; scrolled there,
        # the reader sees it above the first line.
        student.wait_text("section.chat-panel", "Start of the class")
        assert not student.texts("button.messages__earlier"), "no more loading once complete"
        student.web.execute_async_script(SCROLL_TO, 0)
        top = student.web.execute_script(
            "const s = document.querySelector('.messages__scroller');"
            "const first = document.querySelector('li.msg[aria-posinset=\"1\"]').getBoundingClientRect().top;"
            "return first - s.getBoundingClientRect().top;"
        )
        assert 0 <= top < 120, f"the first line is at the top once scrolled there: {top}"
        time.sleep(0.3)
        student.screenshot("student-earlier.png")

        # Said in the resumed class reaches the other side.
        student.say("Back again")
        teacher.open_chat()
        teacher.wait_text("li.msg", "Back again")
        teacher.find("section.chat-panel button[aria-label='Close chat']").click()

        button(teacher, "End class")
        button(teacher, "End class", "[role='dialog']")
        teacher.wait_text("body", "Start a class")
        button(teacher, "Past classes")
        teacher.wait_text("li.past-class", f"{LINES + 1} messages")
        button(teacher, "Delete", "li.past-class")
        button(teacher, "Delete", "[role='dialog']")
        teacher.wait_text("body", "No past classes yet")
        teacher.screenshot("past-classes-empty.png")
    finally:
        shut_down([("teacher-history", teacher), ("student-history", student)])


def test_a_damaged_history_is_reported_and_set_aside(data_dirs) -> None:
    data = data_dirs[0]
    garbage = bytes((n * 7) % 251 for n in range(8192))
    (data / "classroom.db").write_bytes(garbage)
    teacher = Driver(["--no-mdns", "--port", "0", "--data-dir", str(data)])
    try:
        teacher.wait_text(".damaged", "The class history cannot be read.")
        teacher.wait_text(".damaged", "damaged")
        teacher.screenshot("home-damaged.png")
        button(teacher, "Start fresh", ".damaged")
        teacher.wait_text("[role='status']", "Started with an empty class history")
        kept = [p for p in data.iterdir() if p.name.startswith("classroom-damaged-")]
        assert len(kept) == 1 and kept[0].read_bytes() == garbage, kept
        teacher.wait_text("[role='status']", str(kept[0]))
        teacher.screenshot("home-fresh.png")
        # And a class starts on the fresh history.
        teacher.find("input").send_keys("Physics 101")
        teacher.web.find_elements(By.CSS_SELECTOR, "input")[1].send_keys("Mrs. Núñez")
        button(teacher, "Start class")
        teacher.find(".class-code")
    finally:
        shut_down([("teacher-damaged", teacher)])


def test_a_crashed_teacher_app_resumes_and_students_carry_on(data_dirs) -> None:
    """The teacher's app is killed (kill -9) mid-class; reopened on the same
    data folder and port, Resume last class brings the class back, and the
    student's app, still running, reconnects by itself: what the student
    typed meanwhile arrives once, and the chat goes on both ways."""
    data, student_data, _ = data_dirs
    port = free_port()
    teacher_args = ["--no-mdns", "--port", str(port), "--data-dir", str(data)]
    teacher = Driver(["--host-class", "Physics 101", "--teacher", "Mrs. Núñez", *teacher_args])
    student = None
    try:
        code = "".join(c for c in teacher.find(".class-code").text if c.isdigit())
        student = Driver(
            ["--join", f"127.0.0.1:{port}", "--name", "Ada", "--code", code, "--no-mdns", "--data-dir",
             str(student_data)]
        )
        student.say("before the crash")
        teacher.open_chat()
        teacher.wait_text("li.msg", "before the crash")

        found = subprocess.run(["pgrep", "-a", "-f", f"classroom-app.*{data}"], capture_output=True, text=True)
        pids = [line.split()[0] for line in found.stdout.splitlines()
                if line.split()[1].endswith("/classroom-app")]
        assert len(pids) == 1, f"the teacher's app process: {found.stdout}"
        for pid in pids:
            subprocess.run(["kill", "-9", pid], check=True)
        teacher.quit()
        student.wait_text("body", "Reconnecting")
        student.say("while the teacher was away")
        student.wait_text("li.msg", "Sending…")

        teacher = Driver(teacher_args)
        button(teacher, "Resume")
        assert code == "".join(c for c in teacher.find(".class-code").text if c.isdigit())
        teacher.open_chat()
        teacher.wait_text("li.msg", "while the teacher was away")
        teacher.say("welcome back")
        student.wait_text("li.msg", "welcome back")
        WebDriverWait(student.web, WAIT).until(lambda d: not student.texts(".msg__status"))
        said = [t for t in student.texts("li.msg") if "away" in t or "crash" in t]
        assert len(said) == 2, f"each message once: {said}"
        teacher_lines = [t for t in teacher.texts("li.msg") if "away" in t or "crash" in t]
        assert len(teacher_lines) == 2, f"each message once: {teacher_lines}"
        student.screenshot("student-after-teacher-crash.png")
    finally:
        shut_down([("teacher-crash", teacher), ("student-crash", student)])
