// Reactions through the whole UI, against a mocked ui/src/api: the hub's
// events played in as the shell would send them, the react command checked
// as the shell would receive it.

import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "./api";
import { HEART, ada, bo, entry, ev, reacted, teacher } from "./test/fixtures";
import { emit } from "./test/apiMock";
import { launchers } from "./test/app";

vi.mock("./api", async (original) => (await import("./test/apiMock")).apiMock(await original()));

const mocked = vi.mocked(api);

beforeEach(() => {
  vi.resetAllMocks();
});

// The student's own reactions come in each test: what it is about.
const { startAsStudent } = launchers({ room: true, deletedMessages: true });
const { startAsTeacher } = launchers({ room: true, deletedMessages: true, myReactions: true });

function openChat() {
  fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
}

function messages() {
  return screen.getByRole("region", { name: "Messages" });
}

/** The chips of the line with `text`, as "emoji count" (a trailing * when pressed). */
function chipsOf(text: string): string[] {
  const item = within(messages()).getByText(text).closest("li");
  if (!item) throw new Error(`no line "${text}"`);
  return [...item.querySelectorAll(".reaction-chip")].map(
    (el) => `${el.textContent?.replace(/(\d+)$/, " $1") ?? ""}${el.getAttribute("aria-pressed") === "true" ? "*" : ""}`,
  );
}

describe("a student reacts", () => {
  it("sees the class's reactions and their own after joining (the screen does not go blank)", async () => {
    await startAsStudent(
      ev.myReactions([1, "👍"]),
      ev.message(reacted(entry(1, teacher, "Read page 42"), { "👍": 4, "✅": 2 })),
      ev.message(entry(2, bo, "OK")),
    );
    openChat();
    expect(chipsOf("Read page 42")).toEqual(["👍 4*", "✅ 2"]);
    expect(screen.getByRole("button", { name: "Thumbs up: 4 reactions, including yours", pressed: true })).toBeInTheDocument();
    expect(chipsOf("OK")).toEqual([]);
  });

  it("adds one from the picker; it shows once the hub says so", async () => {
    const user = userEvent.setup();
    await startAsStudent(ev.myReactions(), ev.message(entry(1, teacher, "Read page 42")));
    openChat();
    await user.click(screen.getByRole("button", { name: "Add reaction to message from Mrs. Núñez" }));
    await user.click(within(screen.getByRole("group", { name: "Choose a reaction" })).getByRole("button", { name: "Heart" }));
    expect(mocked.reactToMessage).toHaveBeenCalledExactlyOnceWith(1, HEART, true);
    expect(chipsOf("Read page 42")).toEqual([]);
    emit(ev.reactionChanged(1, HEART, ada.id, true, 1));
    expect(chipsOf("Read page 42")).toEqual([`${HEART} 1*`]);
  });

  it("toggles with a chip: takes their own back, adds to another's", async () => {
    const user = userEvent.setup();
    await startAsStudent(ev.myReactions([1, "👍"]), ev.message(reacted(entry(1, bo, "2.5 m/s²?"), { "👍": 2, "❓": 1 })));
    openChat();
    await user.click(screen.getByRole("button", { name: "Thumbs up: 2 reactions, including yours" }));
    expect(mocked.reactToMessage).toHaveBeenLastCalledWith(1, "👍", false);
    emit(ev.reactionChanged(1, "👍", ada.id, false, 1));
    expect(chipsOf("2.5 m/s²?")).toEqual(["👍 1", "❓ 1"]);
    await user.click(screen.getByRole("button", { name: "Question: 1 reaction" }));
    expect(mocked.reactToMessage).toHaveBeenLastCalledWith(1, "❓", true);
    // Someone else's reaction changes the count, not what is this user's.
    emit(ev.reactionChanged(1, "❓", bo.id, true, 2));
    expect(chipsOf("2.5 m/s²?")).toEqual(["👍 1", "❓ 2"]);
  });

  it("cannot react while the teacher has turned reactions off, but still sees the counts", async () => {
    await startAsStudent(ev.myReactions([1, "👍"]), ev.message(reacted(entry(1, bo, "Hi"), { "👍": 2 })));
    openChat();
    expect(screen.getByRole("button", { name: "Add reaction to message from Bo" })).toBeInTheDocument();
    emit(ev.rules(false, 0, false, true));
    expect(screen.queryByRole("button", { name: /^Add reaction/ })).toBeNull();
    expect(screen.queryByRole("button", { name: /reactions?/ })).toBeNull();
    expect(screen.getByRole("img", { name: "Thumbs up: 2 reactions, including yours" })).toBeInTheDocument();
    emit(ev.rules(false, 0, false, false));
    expect(screen.getByRole("button", { name: "Add reaction to message from Bo" })).toBeInTheDocument();
  });

  it("cannot react while not connected", async () => {
    await startAsStudent(ev.myReactions(), ev.message(reacted(entry(1, bo, "Hi"), { "😂": 1 })));
    openChat();
    emit(ev.reconnecting(1));
    expect(screen.queryByRole("button", { name: /^Add reaction/ })).toBeNull();
    expect(screen.getByRole("img", { name: "Laughing: 1 reaction" })).toBeInTheDocument();
  });

  it("is told why the hub refused", async () => {
    await startAsStudent(ev.myReactions());
    emit(ev.refused(null, "reactions_off", "Reactions are turned off."));
    expect(
      screen.getByText("The teacher has turned reactions off: you cannot add or take back reactions for now."),
    ).toBeInTheDocument();
  });

  it("sees the reactions go with a deleted message", async () => {
    await startAsStudent(ev.myReactions(), ev.message(reacted(entry(1, bo, "Oops"), { "👍": 3 })));
    openChat();
    expect(screen.getAllByRole("button", { name: /^Thumbs up/ })).toHaveLength(1);
    emit(ev.messageDeleted(1, "sender"));
    expect(within(messages()).getByText("Message removed")).toBeInTheDocument();
    expect(document.querySelector(".reaction-chip")).toBeNull();
    expect(screen.queryByRole("button", { name: /^Add reaction/ })).toBeNull();
  });
});

describe("the teacher", () => {
  it("reacts too", async () => {
    const user = userEvent.setup();
    await startAsTeacher(ev.message(reacted(entry(1, ada, "Done!"), { "✅": 1 })));
    openChat();
    await user.click(screen.getByRole("button", { name: "Done: 1 reaction" }));
    expect(mocked.reactToMessage).toHaveBeenCalledExactlyOnceWith(1, "✅", true);
  });

  it("turns reactions off from the chat's rules, and on again", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    openChat();
    await user.click(screen.getByRole("tab", { name: /^Participants/ }));
    const box = screen.getByRole("checkbox", { name: "Allow reactions" });
    expect(box).toBeChecked();
    await user.click(box);
    expect(mocked.setRules).toHaveBeenCalledExactlyOnceWith({ reactions_off: true });
    // Shown as the hub has it.
    expect(box).toBeChecked();
    emit(ev.rules(false, 0, false, true));
    expect(box).not.toBeChecked();
    await user.click(box);
    expect(mocked.setRules).toHaveBeenLastCalledWith({ reactions_off: false });
  });
});
