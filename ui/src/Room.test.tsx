// Running the room through the whole UI, against a mocked ui/src/api:
// room events played in as the shell would send them, the hand, mute and
// rules commands checked as the shell would receive them.

import { act, fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "./api";
import { ev } from "./test/fixtures";
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

const { startAsTeacher, startAsStudent } = launchers({ room: true });

function openChat() {
  fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
}

function chatPanel() {
  return screen.getByRole("region", { name: "Class chat" });
}

/** What the polite live regions say now. */
function liveText(): string {
  return [...document.querySelectorAll("[aria-live='polite']")].map((el) => el.textContent).join(" | ");
}

/** An RFC 3339 time `ms` before now. */
function ago(ms: number): string {
  return new Date(Date.now() - ms).toISOString();
}

describe("a student's hand", () => {
  it("goes up and down with the toggle, which shows it once the class has heard", async () => {
    const user = userEvent.setup();
    await startAsStudent();
    const toggle = screen.getByRole("button", { name: "Raise hand", pressed: false });
    await user.click(toggle);
    expect(mocked.raiseHand).toHaveBeenCalledOnce();
    // Nothing changes until the hub says the hand is up.
    expect(screen.getByRole("button", { name: "Raise hand", pressed: false })).toBeInTheDocument();

    emit(ev.handRaised("p_2"));
    expect(screen.getByRole("button", { name: "Lower hand", pressed: true })).toBeInTheDocument();
    expect(screen.getByText("Your hand is raised. The teacher can see it.")).toBeInTheDocument();
    expect(liveText()).toContain("Your hand is raised");

    await user.click(screen.getByRole("button", { name: "Lower hand" }));
    expect(mocked.lowerHand).toHaveBeenCalledWith();
    emit(ev.handLowered("p_2", "teacher"));
    expect(screen.getByRole("button", { name: "Raise hand", pressed: false })).toBeInTheDocument();
    expect(liveText()).toContain("The teacher lowered your hand");
  });

  it("can be raised from the chat panel too", async () => {
    const user = userEvent.setup();
    await startAsStudent();
    openChat();
    await user.click(within(chatPanel()).getByRole("button", { name: "Raise hand" }));
    expect(mocked.raiseHand).toHaveBeenCalledOnce();
    emit(ev.handRaised("p_2"));
    expect(within(chatPanel()).getByRole("button", { name: "Lower hand", pressed: true })).toBeInTheDocument();
  });

  it("cannot be raised while not connected", async () => {
    await startAsStudent();
    emit(ev.reconnecting(2));
    expect(screen.getByRole("button", { name: "Raise hand" })).toBeDisabled();
    emit(ev.connected());
    expect(screen.getByRole("button", { name: "Raise hand" })).toBeEnabled();
  });

  it("sees the hands of others on the list of people", async () => {
    const user = userEvent.setup();
    await startAsStudent();
    emit(ev.handRaised("p_3"));
    openChat();
    await user.click(screen.getByRole("tab", { name: "Participants (3)" }));
    const row = screen.getByText("Bo").closest("li")!;
    expect(within(row).getByText("Hand raised")).toBeInTheDocument();
    expect(within(screen.getByText("Ada").closest("li")!).queryByText("Hand raised")).toBeNull();
    // Only the teacher mutes.
    expect(screen.queryByRole("button", { name: /^Mute/ })).toBeNull();
  });
});

describe("a student's message box under the chat's rules", () => {
  it("is disabled with a notice while the student is muted; the hand still works", async () => {
    await startAsStudent();
    openChat();
    emit(ev.muted("p_2"));
    const panel = chatPanel();
    expect(within(panel).getByRole("textbox", { name: "Message" })).toBeDisabled();
    expect(within(panel).getByText("The teacher has muted you")).toBeInTheDocument();
    expect(within(panel).getByRole("button", { name: "Send" })).toBeDisabled();
    expect(within(panel).getByRole("button", { name: "Raise hand" })).toBeEnabled();
    // The class screen says so too, with what is still possible.
    expect(
      screen.getByText("You can still read the chat, answer polls, raise your hand and ask the teacher privately."),
    ).toBeInTheDocument();

    emit(ev.muted("p_2", false));
    expect(within(panel).getByRole("textbox", { name: "Message" })).toBeEnabled();
    expect(screen.queryByText("The teacher has muted you")).toBeNull();
    expect(liveText()).toContain("The teacher has unmuted you. You can post again.");
  });

  it("is disabled with a notice while the chat is locked", async () => {
    await startAsStudent();
    openChat();
    emit(ev.rules(true));
    expect(within(chatPanel()).getByRole("textbox", { name: "Message" })).toBeDisabled();
    expect(within(chatPanel()).getByText("The teacher has locked the chat")).toBeInTheDocument();
    emit(ev.rules(false));
    expect(within(chatPanel()).getByRole("textbox", { name: "Message" })).toBeEnabled();
    expect(screen.queryByText("The teacher has locked the chat")).toBeNull();
  });

  it("in slow mode, waits out the interval after each message before Send works again", async () => {
    await startAsStudent();
    emit(ev.rules(false, 10));
    openChat();
    const panel = chatPanel();
    expect(within(panel).getByText("Slow mode: one message every 10 s")).toBeInTheDocument();
    vi.useFakeTimers();
    mocked.sendMessage.mockResolvedValueOnce("c-1");
    const box = within(panel).getByRole("textbox", { name: "Message" });
    fireEvent.change(box, { target: { value: "first" } });
    fireEvent.click(within(panel).getByRole("button", { name: "Send" }));
    expect(mocked.sendMessage).toHaveBeenCalledWith("first");
    emit(ev.queued("c-1", "first"), ev.acked("c-1", 1));

    expect(within(panel).getByText("You can send again in 10 s")).toBeInTheDocument();
    fireEvent.change(box, { target: { value: "second" } });
    const send = within(panel).getByRole("button", { name: "Send" });
    expect(send).toBeDisabled();
    // Enter does not send it either; the text stays.
    fireEvent.keyDown(box, { key: "Enter" });
    expect(mocked.sendMessage).toHaveBeenCalledOnce();
    expect(box).toHaveValue("second");

    act(() => vi.advanceTimersByTime(4_000));
    expect(within(panel).getByText("You can send again in 6 s")).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(6_000));
    expect(within(panel).queryByText(/You can send again/)).toBeNull();
    expect(send).toBeEnabled();
    expect(within(panel).getByText("Slow mode: one message every 10 s")).toBeInTheDocument();
  });

  it("shows a message the hub refused under the rules as not sent, with the reason", async () => {
    await startAsStudent();
    openChat();
    emit(ev.queued("c-3", "hello?"), ev.refused("c-3", "chat_locked", "The teacher has locked the chat: only the teacher can post."));
    expect(screen.getByText("Not sent: The teacher has locked the chat: only the teacher can post.")).toBeInTheDocument();
  });

  it("leaves the teacher free to post whatever the rules", async () => {
    await startAsTeacher();
    emit(ev.rules(true, 60));
    openChat();
    expect(within(chatPanel()).getByRole("textbox", { name: "Message" })).toBeEnabled();
    expect(within(chatPanel()).queryByText(/locked the chat|Slow mode:/)).toBeNull();
    expect(within(chatPanel()).queryByRole("button", { name: "Raise hand" })).toBeNull();
  });
});

describe("the teacher's raised hands", () => {
  it("queues hands in the order they went up, with how long each has waited", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    emit(ev.room({ hands: [{ id: "p_3", at: ago(3 * 60_000 + 5_000) }] }), ev.handRaised("p_2", ago(10_000)));
    // The class screen says hands are up, and leads to them.
    expect(screen.getByText("2 raised hands")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Show raised hands" }));
    expect(screen.getByRole("tab", { name: /Participants \(3\).*2 raised hands/, selected: true })).toBeInTheDocument();

    const queue = screen.getByRole("region", { name: /Raised hands/ });
    const rows = within(queue).getAllByRole("listitem");
    expect(rows.map((row) => row.textContent)).toEqual(["Bo3 minLower", "Adajust nowLower"]);
    // Hands are shown on the rows of people too.
    const people = screen.getAllByText("Hand raised");
    expect(people).toHaveLength(2);
  });

  it("updates how long a hand has waited", async () => {
    await startAsTeacher();
    vi.useFakeTimers();
    emit(ev.handRaised("p_2", ago(30_000)));
    openChat();
    fireEvent.click(screen.getByRole("tab", { name: /Participants/ }));
    const queue = screen.getByRole("region", { name: /Raised hands/ });
    expect(within(queue).getByText("just now")).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(60_000));
    expect(within(queue).getByText("1 min")).toBeInTheDocument();
  });

  it("lowers one hand, or all of them", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    emit(ev.handRaised("p_2"), ev.handRaised("p_3"));
    openChat();
    await user.click(screen.getByRole("tab", { name: /Participants/ }));
    await user.click(screen.getByRole("button", { name: "Lower Bo's hand" }));
    expect(mocked.lowerHand).toHaveBeenCalledWith("p_3");
    emit(ev.handLowered("p_3", "teacher"));
    expect(screen.queryByRole("button", { name: "Lower Bo's hand" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Lower all hands" }));
    expect(mocked.clearHands).toHaveBeenCalledOnce();
    emit(ev.handsCleared());
    expect(screen.getByText("No hands are raised.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Lower all hands" })).toBeNull();
    expect(screen.getByRole("tab", { name: "Participants (3)" })).toBeInTheDocument();
  });

  it("drops the hand of a student removed from the class", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    emit(ev.handRaised("p_2"));
    openChat();
    await user.click(screen.getByRole("tab", { name: /Participants/ }));
    emit(ev.left("p_2", "removed"));
    expect(screen.getByText("No hands are raised.")).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Participants (2)" })).toBeInTheDocument();
  });

  it("notifies the teacher of a hand raised while the window is in the background", async () => {
    await startAsTeacher();
    mocked.windowHasFocus.mockReturnValue(false);
    emit(ev.handRaised("p_2"));
    expect(mocked.notify).toHaveBeenCalledExactlyOnceWith("Physics 101", "Ada raised their hand");
    mocked.windowHasFocus.mockReturnValue(true);
    emit(ev.handRaised("p_3"));
    expect(mocked.notify).toHaveBeenCalledOnce();
    expect(liveText()).toContain("Bo raised their hand");
  });

  it("does not notify a student of others' hands", async () => {
    await startAsStudent();
    mocked.windowHasFocus.mockReturnValue(false);
    emit(ev.handRaised("p_3"));
    expect(mocked.notify).not.toHaveBeenCalled();
  });
});

describe("the teacher's rules", () => {
  it("mutes and unmutes a student, marked muted meanwhile", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    openChat();
    await user.click(screen.getByRole("tab", { name: /Participants/ }));
    await user.click(screen.getByRole("button", { name: "Mute Ada" }));
    expect(mocked.muteStudent).toHaveBeenCalledWith("p_2", true);
    emit(ev.muted("p_2"));
    expect(within(screen.getByText("Ada").closest("li")!).getByText("Muted")).toBeInTheDocument();
    expect(within(screen.getByText("Bo").closest("li")!).queryByText("Muted")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Unmute Ada" }));
    expect(mocked.muteStudent).toHaveBeenLastCalledWith("p_2", false);
  });

  it("locks and unlocks the chat", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    openChat();
    await user.click(screen.getByRole("tab", { name: /Participants/ }));
    const lock = screen.getByRole("checkbox", { name: "Lock the chat" });
    expect(lock).not.toBeChecked();
    await user.click(lock);
    expect(mocked.setRules).toHaveBeenCalledWith({ locked: true });
    emit(ev.rules(true));
    expect(lock).toBeChecked();
    await user.click(lock);
    expect(mocked.setRules).toHaveBeenLastCalledWith({ locked: false });
  });

  it("sets slow mode from the choices the class accepts", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    openChat();
    await user.click(screen.getByRole("tab", { name: /Participants/ }));
    const slow = screen.getByRole("combobox", { name: "Slow mode" });
    expect(within(slow).getAllByRole("option").map((o) => o.textContent)).toEqual(["Off", "5 s", "10 s", "30 s", "60 s"]);
    expect(slow).toHaveValue("0");
    await user.selectOptions(slow, "30 s");
    expect(mocked.setRules).toHaveBeenCalledWith({ slow_seconds: 30 });
    emit(ev.rules(false, 30));
    expect(slow).toHaveValue("30");
    expect(liveText()).toContain("Slow mode: one message every 30 s");
  });

  it("cannot change the rules, mute or lower hands while not connected", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    emit(ev.handRaised("p_2"));
    openChat();
    await user.click(screen.getByRole("tab", { name: /Participants/ }));
    emit(ev.reconnecting(1));
    expect(screen.getByRole("checkbox", { name: "Lock the chat" })).toBeDisabled();
    expect(screen.getByRole("combobox", { name: "Slow mode" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Mute Ada" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Lower Ada's hand" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Lower all hands" })).toBeDisabled();
  });

  it("shows a refused command as a notice", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    mocked.setRules.mockRejectedValueOnce({ kind: "notInClass", message: "You are not in a class.", code: "notInClass" });
    openChat();
    await user.click(screen.getByRole("tab", { name: /Participants/ }));
    await user.click(screen.getByRole("checkbox", { name: "Lock the chat" }));
    expect(await screen.findByText("You are not in a class.")).toBeInTheDocument();
  });
});
