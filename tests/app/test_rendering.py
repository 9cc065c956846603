"""How the real app's WebKit paints, on a machine with or without a GPU.

Without a DRM render node (this machine, CI, a virtual machine), WebKit's
compositing runs on software GL and only costs memory and CPU, so the app
turns it off for its web process (src-tauri/src/rendering.rs); with a GPU,
or when whoever starts the app sets one of WebKit's compositing switches,
the app leaves WebKit alone. Either way the app draws its screens.
Screenshots land in artifacts/app/ (`teacher-no-compositing.png`,
`home-compositing-forced.png`).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from measure import app_pid, tree
from test_app import APP, ARTIFACTS, Driver, Terminal, shut_down

SWITCH = "WEBKIT_DISABLE_COMPOSITING_MODE"


def has_render_node() -> bool:
    dri = Path("/dev/dri")
    return dri.is_dir() and any(p.name.startswith("renderD") for p in dri.iterdir())


def web_process_environment(root_pid: int) -> dict[str, str]:
    """The environment of the WebKit web process under `root_pid` (tauri-driver)."""
    for pid in tree(root_pid):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() != "WebKitWebProces":
                continue
            raw = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
        return {key.decode(errors="replace"): value.decode(errors="replace") for key, value in pairs}
    raise AssertionError(f"no WebKit web process under {root_pid}")


def app_window() -> str:
    """The X window id of the newest app process."""
    windows = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--pid", str(app_pid())],
        capture_output=True, text=True, check=True,
    )
    return windows.stdout.split()[-1]


def test_without_a_gpu_the_app_paints_without_compositing_and_a_class_runs(data_dirs) -> None:
    """What a teacher on a computer without a GPU gets: the app left to choose."""
    assert APP.exists(), f"build the app first: {APP}"
    teacher = Driver(
        ["--host-class", "Art 3", "--teacher", "Mr. Lee", "--no-mdns", "--port", "0", "--data-dir", str(data_dirs[0])],
        screenshots=False,
    )
    student: Terminal | None = None
    try:
        environment = web_process_environment(teacher.proc.pid)
        if has_render_node():
            assert SWITCH not in environment, "a GPU: WebKit composites with it"
        else:
            assert environment.get(SWITCH) == "1", "no GPU: compositing is off"
        address, code = teacher.class_address()
        student = Terminal(address, "Ada", code)
        student.expect("as Ada")
        student.say("Can everyone see the slides?")
        teacher.open_chat()
        teacher.wait_text("li.msg", "Can everyone see the slides?")
        teacher.say("Yes, here they are")
        student.expect("Yes, here they are")
        # WebDriver's screenshot never answers without compositing: the X
        # server's copy of the window instead (the only window open).
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["import", "-window", app_window(), str(ARTIFACTS / "teacher-no-compositing.png")],
            check=True, timeout=30,
        )
    finally:
        if student is not None:
            student.quit()
        teacher.quit()


def test_a_compositing_switch_set_by_hand_is_kept(data_dirs) -> None:
    assert APP.exists(), f"build the app first: {APP}"
    app = Driver(["--no-mdns", "--data-dir", str(data_dirs[0])])  # forces compositing, as a user may
    try:
        app.wait_text(".home__title", "Classroom")
        environment = web_process_environment(app.proc.pid)
        assert environment.get("WEBKIT_FORCE_COMPOSITING_MODE") == "1"
        assert SWITCH not in environment, "the user asked for compositing: the app leaves it on"
        app.screenshot("home-compositing-forced.png")
    finally:
        shut_down([("home", app)])
