// Renaming a student and the name filter through the whole UI, against a
// mocked ui/src/api: the hub's events played in as the shell would send
// them, the rename and rules commands checked as the shell would receive
// them.

import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "./api";
import { App } from "./App";
import { ada, bo, cy, entry, ev, teacher } from "./test/fixtures";
import { emit } from "./test/apiMock";
import { launchers } from "./test/app";

vi.mock("./api", async (original) => (await import("./test/apiMock")).apiMock(await original()));

const mocked = vi.mocked(api);

beforeEach(() => {
  vi.resetAllMocks();
});

const { startAsTeacher, startAsStudent } = launchers({ room: true });

function openChat() {
  fireEvent.click(screen.getByRole("button", { name: /^(Open chat|Abrir el chat)/ }));
}

function chatPanel() {
  return screen.getByRole("region", { name: /^(Class chat|Chat de la clase)$/ });
}

/** The teacher's Participants tab, open. */
async function openParticipants() {
  openChat();
  fireEvent.click(within(chatPanel()).getByRole("tab", { name: /^(Participants|Participantes)/ }));
  await screen.findByRole("button", { name: /^(Rename|Cambiar nombre de) Ada$/ });
}

/** What the polite live regions say now. */
function liveText(): string {
  return [...document.querySelectorAll("[aria-live='polite']")].map((el) => el.textContent).join(" | ");
}

/** The sender names on the chat's lines. */
function senders(): string[] {
  const list = screen.getByRole("region", { name: "Messages" });
  return [...list.querySelectorAll(".msg__sender")].map((el) => el.textContent ?? "");
}

describe("the teacher renames a student", () => {
  it("opens a dialog prefilled with the name, saves the trimmed new one, and closes once the class has it", async () => {
    const user = userEvent.setup();
    await startAsTeacher(ev.message(entry(1, ada, "Hello")));
    await openParticipants();
    // Only students have a Rename button.
    expect(screen.queryByRole("button", { name: `Rename ${teacher.name}` })).toBeNull();
    const button = screen.getByRole("button", { name: "Rename Ada" });
    expect(button).toHaveClass("person__rename");
    await user.click(button);

    const dialog = screen.getByRole("dialog", { name: "Rename Ada" });
    const field = within(dialog).getByRole("textbox", { name: "New name" });
    expect(field).toHaveValue("Ada");
    expect(field).toHaveFocus();
    expect(field).toHaveAttribute("maxlength", String(api.MAX_NAME_CHARS));
    expect(field).toHaveAccessibleDescription(
      "Up to 40 characters. Everyone in the class sees the new name, on earlier messages too.",
    );

    await user.clear(field);
    await user.type(field, "  Ana  ");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(mocked.renameStudent).toHaveBeenCalledExactlyOnceWith(ada.id, "Ana");
    // Open, saving, until the class shows the new name.
    expect(within(dialog).getByRole("button", { name: "Saving…" })).toHaveAttribute("aria-disabled", "true");
    await user.click(within(dialog).getByRole("button", { name: "Saving…" }));
    expect(mocked.renameStudent).toHaveBeenCalledOnce();

    emit(ev.renamed(ada, "Ana"));
    expect(screen.queryByRole("dialog")).toBeNull();
    // The focus is back on the row's button, which names her anew.
    expect(screen.getByRole("button", { name: "Rename Ana" })).toHaveFocus();
    expect(liveText()).toContain("Ada is now called Ana");
    // Her earlier message shows her new name.
    fireEvent.click(within(chatPanel()).getByRole("tab", { name: "Chat" }));
    expect(senders()).toEqual(["Ana"]);
  });

  it("shows the hub's refusal in the dialog, in the UI's words, and saves again after a fix", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    await openParticipants();
    await user.click(screen.getByRole("button", { name: "Rename Ada" }));
    const dialog = screen.getByRole("dialog", { name: "Rename Ada" });
    const field = within(dialog).getByRole("textbox", { name: "New name" });
    await user.clear(field);
    await user.type(field, "Bo");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(mocked.renameStudent).toHaveBeenCalledWith(ada.id, "Bo");
    expect(within(dialog).getByRole("button", { name: "Saving…" })).toHaveFocus();

    const hub = "“Bo” is taken in this class (or not allowed). Pick another name.";
    emit(ev.refused(null, "name_taken", hub));
    const taken = "Someone in this class already has that name, or it is banned here. Pick another name.";
    expect(within(dialog).getByRole("alert")).toHaveTextContent(taken);
    expect(document.body.textContent).not.toContain(hub);
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field).toHaveAccessibleDescription(expect.stringContaining(taken));
    // The cursor is back in the field, to fix the name.
    expect(field).toHaveFocus();
    expect(within(dialog).getByRole("button", { name: "Save" })).not.toHaveAttribute("aria-disabled");

    emit(ev.refused(null, "invalid_name", "A student's name cannot contain the word “teacher”."));
    expect(within(dialog).getByRole("alert")).toHaveTextContent(
      "That name cannot be used. A student's name has 1 to 40 characters others can see, and cannot contain your name or words such as “teacher”.",
    );

    await user.clear(field);
    await user.type(field, "Ana{Enter}");
    expect(mocked.renameStudent).toHaveBeenLastCalledWith(ada.id, "Ana");
    expect(within(dialog).getByRole("alert")).toBeEmptyDOMElement();
    emit(ev.renamed(ada, "Ana"));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("says the refusal in Spanish when the UI is in Spanish", async () => {
    localStorage.setItem("classroom.locale", "es");
    const user = userEvent.setup();
    await startAsTeacher();
    await openParticipants();
    await user.click(screen.getByRole("button", { name: "Cambiar nombre de Ada" }));
    const dialog = screen.getByRole("dialog", { name: "Cambiar el nombre de Ada" });
    const field = within(dialog).getByRole("textbox", { name: "Nombre nuevo" });
    await user.clear(field);
    await user.type(field, "Bo");
    await user.click(within(dialog).getByRole("button", { name: "Guardar" }));
    expect(within(dialog).getByRole("button", { name: "Guardando…" })).toBeInTheDocument();
    emit(ev.refused(null, "name_taken", "“Bo” is taken in this class (or not allowed). Pick another name."));
    expect(within(dialog).getByRole("alert")).toHaveTextContent(
      "Alguien en esta clase ya tiene ese nombre, o ese nombre está bloqueado aquí. Elige otro nombre.",
    );
    expect(document.body.textContent).not.toContain("is taken in this class");
    emit(ev.renamed(ada, "Ana"));
    expect(liveText()).toContain("Ada ahora se llama Ana");
  });

  it("closes with Escape or Cancel, sending nothing, and gives the focus back to Rename", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    await openParticipants();
    await user.click(screen.getByRole("button", { name: "Rename Bo" }));
    await user.type(screen.getByRole("textbox", { name: "New name" }), "by");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    // Escape closed the dialog, not the chat panel under it.
    expect(chatPanel()).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Rename Bo" })).toHaveFocus();

    await user.click(screen.getByRole("button", { name: "Rename Bo" }));
    // A new dialog starts from the name again.
    expect(screen.getByRole("textbox", { name: "New name" })).toHaveValue("Bo");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByRole("button", { name: "Rename Bo" })).toHaveFocus();
    expect(mocked.renameStudent).not.toHaveBeenCalled();
  });

  it("keeps Tab inside the dialog", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    await openParticipants();
    await user.click(screen.getByRole("button", { name: "Rename Ada" }));
    const dialog = screen.getByRole("dialog", { name: "Rename Ada" });
    await user.tab();
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole("button", { name: "Save" })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole("textbox", { name: "New name" })).toHaveFocus();
  });

  it("closes without asking when the name is unchanged, and points out an empty one", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    await openParticipants();
    await user.click(screen.getByRole("button", { name: "Rename Ada" }));
    const field = screen.getByRole("textbox", { name: "New name" });
    await user.clear(field);
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByRole("dialog", { name: "Rename Ada" })).toBeInTheDocument();
    expect(field).toHaveAccessibleDescription(expect.stringContaining("Enter the student's new name."));
    expect(field).toHaveFocus();
    // The problem goes as the name comes back.
    await user.type(field, " Ada ");
    expect(screen.queryByText("Enter the student's new name.")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(mocked.renameStudent).not.toHaveBeenCalled();

    // A student removed while the dialog is open takes it with them.
    await user.click(screen.getByRole("button", { name: "Rename Ada" }));
    expect(screen.getByRole("textbox", { name: "New name" })).toHaveValue("Ada");
    emit(ev.left(ada.id, "removed"));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("cannot rename while the connection is down", async () => {
    await startAsTeacher(ev.reconnecting(2));
    await openParticipants();
    expect(screen.getByRole("button", { name: "Rename Ada" })).toBeDisabled();
  });

  it("is not offered to students", async () => {
    await startAsStudent();
    openChat();
    fireEvent.click(within(chatPanel()).getByRole("tab", { name: /^Participants/ }));
    expect(screen.getByText("Bo")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Rename/ })).toBeNull();
  });
});

describe("names shown after a rename", () => {
  it("shows a student's messages, earlier and later, under their new name; someone not on the list by the message's", async () => {
    await startAsStudent(ev.message(entry(1, bo, "Hi")), ev.message(entry(2, cy, "I left")), ev.message(entry(3, ada, "Mine")));
    openChat();
    expect(senders()).toEqual(["Bo", "Cy", "You"]);
    emit(ev.renamed(bo, "Bob"));
    expect(senders()).toEqual(["Bob", "Cy", "You"]);
    expect(liveText()).toContain("Bo is now called Bob");
    // Nothing in the chat shows the old name any more.
    expect(within(chatPanel()).queryByText("Bo")).toBeNull();
  });

  it("tells the renamed student, and their class screen shows the new name", async () => {
    await startAsStudent();
    emit(ev.renamed(ada, "Ana"));
    expect(liveText()).toContain("The teacher changed your name to Ana");
    expect(screen.getByRole("heading", { name: "Welcome, Ana" })).toBeInTheDocument();
  });

  it("shows the pin bar's sender by the current name", async () => {
    await startAsStudent(ev.message(entry(1, bo, "Read page 4")), ev.pinned(entry(1, bo, "Read page 4")));
    openChat();
    const pin = screen.getByRole("region", { name: "Pinned message" });
    expect(within(pin).getByText("Bo")).toBeInTheDocument();
    emit(ev.renamed(bo, "Bob"));
    expect(within(pin).getByText("Bob")).toBeInTheDocument();
  });

  it("names the sender of a desktop notification as they are called now", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      await startAsStudent();
      mocked.windowHasFocus.mockReturnValue(false);
      emit(ev.renamed(bo, "Bob"), ev.message(entry(1, bo, "Are you there?")));
      await vi.advanceTimersByTimeAsync(1_000);
      expect(mocked.notify).toHaveBeenCalledWith("Bob", "Are you there?");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the name filter", () => {
  it("is a checkbox in the chat rules, with its hint, that asks the hub and follows its rules", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    await openParticipants();
    const box = screen.getByRole("checkbox", { name: "Refuse offensive names" });
    expect(box).not.toBeChecked();
    expect(box).toHaveAccessibleDescription(
      "Students joining with an offensive name are turned away; names already in the class are not checked.",
    );
    expect(box.closest("label")).toHaveClass("room-rules__name-filter");
    await user.click(box);
    expect(mocked.setRules).toHaveBeenCalledExactlyOnceWith({ name_filter: true });
    // It shows on once the hub says so.
    expect(box).not.toBeChecked();
    emit(ev.rules(false, 0, true));
    expect(box).toBeChecked();
    expect(liveText()).toContain("Offensive names are now refused when students join");
    await user.click(box);
    expect(mocked.setRules).toHaveBeenLastCalledWith({ name_filter: false });
    emit(ev.rules(false, 0, false));
    expect(box).not.toBeChecked();
  });

  it("shows the filter on when the class's rules say so, and off when a hub leaves it out", async () => {
    await startAsTeacher(ev.room({ nameFilter: true }));
    await openParticipants();
    expect(screen.getByRole("checkbox", { name: "Refuse offensive names" })).toBeChecked();
    emit(ev.rules(true, 0));
    expect(screen.getByRole("checkbox", { name: "Refuse offensive names" })).not.toBeChecked();
  });

  it("is in Spanish too", async () => {
    localStorage.setItem("classroom.locale", "es");
    await startAsTeacher();
    openChat();
    fireEvent.click(within(chatPanel()).getByRole("tab", { name: /^Participantes/ }));
    expect(screen.getByRole("checkbox", { name: "Rechazar nombres ofensivos" })).toHaveAccessibleDescription(
      "Se rechaza a quien intente unirse con un nombre ofensivo; no se revisan los nombres de quienes ya están en la clase.",
    );
  });
});

describe("a name refused on joining", () => {
  const join = { address: "192.168.1.20:4455", name: "Badword", code: "482913" };
  const hub = "That name is not allowed in this class. Please join with your own name.";

  it("is said next to the name field in the UI's words", async () => {
    mocked.startup.mockResolvedValueOnce({ host: null, join });
    render(<App />);
    await waitFor(() => expect(mocked.joinClass).toHaveBeenCalled());
    emit(ev.connecting(), ev.refusedJoin("invalid_name", hub));
    const card = screen.getByRole("region", { name: "Join a class" });
    const name = within(card).getByLabelText("Your name");
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription(
      "That name cannot be used in this class. Please join with your own name: up to 40 characters, without invisible characters.",
    );
  });

  it("and in Spanish", async () => {
    localStorage.setItem("classroom.locale", "es");
    mocked.startup.mockResolvedValueOnce({ host: null, join });
    render(<App />);
    await waitFor(() => expect(mocked.joinClass).toHaveBeenCalled());
    emit(ev.connecting(), ev.refusedJoin("invalid_name", hub));
    const card = screen.getByRole("region", { name: "Unirse a una clase" });
    expect(within(card).getByLabelText("Tu nombre")).toHaveAccessibleDescription(
      "Ese nombre no se puede usar en esta clase. Únete con tu propio nombre: hasta 40 caracteres, sin caracteres invisibles.",
    );
    expect(document.body.textContent).not.toContain(hub);
  });
});
