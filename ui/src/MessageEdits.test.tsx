// Deleting and pinning messages through the whole UI, against a mocked
// ui/src/api: the hub's events played in as the shell would send them, the
// delete and pin commands checked as the shell would receive them.

import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "./api";
import type { ChatEntry } from "./api";
import { ada, bo, entry, ev, removed, teacher } from "./test/fixtures";
import { emit } from "./test/apiMock";
import { launchers } from "./test/app";

vi.mock("./api", async (original) => (await import("./test/apiMock")).apiMock(await original()));

const mocked = vi.mocked(api);

beforeEach(() => {
  vi.resetAllMocks();
});

afterEach(() => {
  vi.useRealTimers();
});

const { startAsTeacher, startAsStudent } = launchers({ room: true, deletedMessages: true });

function openChat() {
  fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
}

function messages() {
  return screen.getByRole("region", { name: "Messages" });
}

/** What the polite live regions say now. */
function liveText(): string {
  return [...document.querySelectorAll("[aria-live='polite']")].map((el) => el.textContent).join(" | ");
}

/** A message sent `ms` before now. */
function sentAgo(seq: number, from: typeof ada, text: string, ms: number): ChatEntry {
  return { ...entry(seq, from, text), ts: new Date(Date.now() - ms).toISOString() };
}

describe("the teacher deletes a message", () => {
  it("after the confirmation; it shows as removed, in place, once the hub says so", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    emit(ev.message(entry(1, ada, "Hello")), ev.message(entry(2, bo, "something rude")), ev.message(entry(3, ada, "Bye")));
    openChat();
    await user.click(screen.getByRole("button", { name: "Delete message from Bo" }));
    const dialog = screen.getByRole("dialog", { name: "Delete this message for everyone?" });
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(mocked.deleteMessage).toHaveBeenCalledExactlyOnceWith(2);
    // Nothing changes before the hub has done it.
    expect(within(messages()).getByText("something rude")).toBeInTheDocument();

    emit(ev.messageDeleted(2, "teacher"));
    const items = within(messages()).getAllByRole("listitem");
    expect(items.map((li) => li.querySelector(".msg__bubble")?.textContent)).toEqual(["Hello", "Message removed", "Bye"]);
    expect(within(items[1]!).getByText("Bo")).toBeInTheDocument();
    expect(document.body.textContent).not.toContain("something rude");
    expect(liveText()).toContain("A message was removed");
    // Nothing more to do with it.
    expect(within(items[1]!).queryByRole("button")).toBeNull();
  });

  it("hears why the hub refused, as a notice", async () => {
    await startAsTeacher();
    emit(ev.refused(null, "unknown_message", "There is no message 2 in this class's recent history."));
    expect(screen.getByText("That message can no longer be changed: it was removed, or it is too old.")).toBeInTheDocument();
  });
});

describe("the teacher pins a message", () => {
  it("pins from the message, and unpins from the bar or the message", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    emit(ev.message(entry(1, ada, "Is it 2.5 m/s²?")));
    openChat();
    await user.click(screen.getByRole("button", { name: "Pin message from Ada" }));
    expect(mocked.pinMessage).toHaveBeenLastCalledWith(1);
    expect(screen.queryByRole("region", { name: "Pinned message" })).toBeNull();

    emit(ev.pinned(entry(1, ada, "Is it 2.5 m/s²?")));
    const bar = screen.getByRole("region", { name: "Pinned message" });
    expect(within(bar).getByText("Is it 2.5 m/s²?")).toBeInTheDocument();
    expect(liveText()).toContain("A message from Ada is pinned at the top of the chat");
    expect(screen.getByRole("button", { name: "Unpin message from Ada" })).toBeInTheDocument();

    await user.click(within(bar).getByRole("button", { name: "Unpin" }));
    expect(mocked.pinMessage).toHaveBeenLastCalledWith(null);
    emit(ev.pinned(null));
    expect(screen.queryByRole("region", { name: "Pinned message" })).toBeNull();
    expect(screen.getByRole("button", { name: "Pin message from Ada" })).toBeInTheDocument();
  });

  it("loses the pin when its message is deleted", async () => {
    await startAsTeacher();
    const pin = entry(1, teacher, "Homework: page 42");
    emit(ev.message(pin), ev.pinned(pin));
    openChat();
    expect(screen.getByRole("region", { name: "Pinned message" })).toBeInTheDocument();
    emit(ev.messageDeleted(1, "teacher"));
    expect(screen.queryByRole("region", { name: "Pinned message" })).toBeNull();
    emit(ev.pinned(null));
    expect(document.body.textContent).not.toContain("Homework: page 42");
  });
});

describe("a student", () => {
  it("sees the pin the class had when they joined, without Unpin, and cannot pin", async () => {
    await startAsStudent(
      ev.message(entry(4, teacher, "Read chapter 3")),
      ev.message(removed(entry(5, bo, ""))),
      ev.room({ pinned: entry(4, teacher, "Read chapter 3") }),
    );
    openChat();
    const bar = screen.getByRole("region", { name: "Pinned message" });
    expect(within(bar).getByText("Mrs. Núñez")).toBeInTheDocument();
    expect(within(bar).getByText("Read chapter 3")).toBeInTheDocument();
    expect(within(bar).queryByRole("button", { name: "Unpin" })).toBeNull();
    expect(within(messages()).getByText("Message removed")).toBeInTheDocument();
    expect(within(messages()).queryByRole("button", { name: /Pin|Delete/ })).toBeNull();
  });

  it("deletes their own message for two minutes after sending it, then no longer", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    await startAsStudent();
    emit(ev.message(sentAgo(1, bo, "Hi Ada", 1_000)), ev.message(sentAgo(2, ada, "Wrong chat!", 0)));
    openChat();
    expect(screen.queryByRole("button", { name: "Delete message from Bo" })).toBeNull();
    const own = screen.getByRole("button", { name: "Delete your message" });

    fireEvent.click(own);
    const dialog = screen.getByRole("dialog", { name: "Delete this message for everyone?" });
    expect(within(dialog).getByText("Your message will show as “Message removed” for everyone. This cannot be undone.")).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));

    act(() => vi.advanceTimersByTime(100_000));
    expect(screen.getByRole("button", { name: "Delete your message" })).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(21_000));
    expect(screen.queryByRole("button", { name: "Delete your message" })).toBeNull();
    expect(within(messages()).getByText("Wrong chat!")).toBeInTheDocument();
  });

  it("deletes their own message: the command, then the removal in place", async () => {
    await startAsStudent(ev.message(sentAgo(2, ada, "Wrong chat!", 0)));
    openChat();
    fireEvent.click(screen.getByRole("button", { name: "Delete your message" }));
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    expect(mocked.deleteMessage).toHaveBeenCalledExactlyOnceWith(2);
    emit(ev.messageDeleted(2, "sender"));
    expect(within(messages()).getByText("Message removed")).toBeInTheDocument();
    expect(within(messages()).queryByText("Wrong chat!")).toBeNull();
  });

  it("is told when the hub says it is too late", async () => {
    await startAsStudent();
    emit(ev.refused(null, "delete_expired", "You can delete your own message only within 2 min of sending it."));
    expect(
      screen.getByText(
        "It is too late to delete that message: you can delete your own messages only within 2 minutes of sending them.",
      ),
    ).toBeInTheDocument();
  });

  it("sees a message deleted while they were away as removed when it arrives", async () => {
    await startAsStudent(ev.message(entry(30, bo, "Now")), ev.deletedMessages(12));
    openChat();
    emit(ev.loadingEarlier(), ev.earlier([entry(11, bo, "Before"), entry(12, bo, "Deleted while away"), entry(13, bo, "After")]));
    const items = within(messages()).getAllByRole("listitem");
    expect(items.map((li) => li.querySelector(".msg__bubble")?.textContent)).toEqual(["Before", "Message removed", "After", "Now"]);
  });

  it("gets no desktop notification for a message deleted before it went out", async () => {
    mocked.windowHasFocus.mockReturnValue(false);
    vi.useFakeTimers({ shouldAdvanceTime: true });
    await startAsStudent();
    emit(ev.message(entry(9, bo, "my password is hunter2")), ev.messageDeleted(9, "sender"));
    act(() => vi.advanceTimersByTime(10_000));
    expect(mocked.notify).not.toHaveBeenCalled();
  });

  it("gets no desktop notification for a message that arrives removed", async () => {
    mocked.windowHasFocus.mockReturnValue(false);
    vi.useFakeTimers({ shouldAdvanceTime: true });
    await startAsStudent();
    emit(ev.message(removed(entry(9, bo, ""))));
    act(() => vi.advanceTimersByTime(10_000));
    expect(mocked.notify).not.toHaveBeenCalled();
    emit(ev.message(entry(10, bo, "Hello")));
    act(() => vi.advanceTimersByTime(10_000));
    await waitFor(() => expect(mocked.notify).toHaveBeenCalled());
  });
});
