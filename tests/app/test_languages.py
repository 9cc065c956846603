"""The real app in Spanish, chatting in four scripts.

A teacher's app started with the system language set to Spanish (as a
Spanish-speaking teacher's computer is) shows its screens in Spanish; three
`classroom join` students write in Arabic, Hebrew and Japanese, with emoji.
Each message shows as written, in its own direction: the Arabic and Hebrew
bubbles read right to left inside the Spanish (left-to-right) UI.
Screenshots land in artifacts/app/ (`teacher-scripts-es.png`).
"""

from __future__ import annotations


from test_app import APP, Driver, Terminal, shut_down

MESSAGES = {
    "Layla": "مرحبا بالجميع، عندي سؤال عن الواجب 📚",
    "Noa": "שלום לכולם! סיימתי את התרגיל 👍",
    "Yuki": "こんにちは、みなさん。宿題は終わりました 🎉",
}


def test_spanish_ui_with_messages_in_four_scripts(data_dirs) -> None:
    assert APP.exists(), f"build the app first: {APP}"
    teacher = Driver(
        ["--host-class", "Física 101", "--teacher", "Sra. Núñez", "--no-mdns", "--port", "0",
         "--data-dir", str(data_dirs[0])],
        env={"LANGUAGE": "es_MX:es", "LANG": "es_MX.UTF-8"},
    )
    students: list[Terminal] = []
    try:
        teacher.wait_text(".steps__title", "Diles a tus estudiantes")
        teacher.wait_text(".eyebrow", "Código de la clase")
        assert teacher.web.execute_script("return document.documentElement.lang") == "es"
        address, code = teacher.class_address()

        for name, text in MESSAGES.items():
            student = Terminal(address, name, code)
            students.append(student)
            student.expect(f"as {name}")
            student.say(text)
        # Typed through WebDriver, which cannot type characters outside the
        # BMP (emoji): the students' emoji come from the terminal.
        teacher.say("¡Muy bien! Revisemos la tarea.")
        for text in [*MESSAGES.values(), "¡Muy bien! Revisemos la tarea."]:
            teacher.wait_text("li.msg", text)
        teacher.wait_text(".chat-panel__title", "Chat de la clase")

        directions = teacher.web.execute_script(
            "return Array.from(document.querySelectorAll('li.msg .msg__bubble'), "
            "b => [b.textContent, b.getAttribute('dir'), getComputedStyle(b).direction])"
        )
        seen = {text: (attr, direction) for text, attr, direction in directions}
        assert seen[MESSAGES["Layla"]] == ("auto", "rtl"), seen
        assert seen[MESSAGES["Noa"]] == ("auto", "rtl"), seen
        assert seen[MESSAGES["Yuki"]] == ("auto", "ltr"), seen
        assert seen["¡Muy bien! Revisemos la tarea."] == ("auto", "ltr"), seen
        teacher.wait_text("li.msg.msg--mine", "Tú")
        teacher.screenshot("teacher-scripts-es.png")

        teacher.find("[role='tab']:nth-of-type(2)").click()
        teacher.wait_text("[role='tabpanel']", "En línea")
        teacher.screenshot("teacher-participants-es.png")
    finally:
        shut_down([("teacher-es", teacher)], *students)
