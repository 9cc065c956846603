// Deleted and pinned messages in the chat panel: the "Message removed"
// placeholder, the pinned message's bar, and each line's Delete and Pin
// buttons, rendered from views as the app hands them over.

import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it, vi } from "vitest";
import type { MessageActionsView, PinnedView } from "../state/messageEditsView";
import { type MessageView, formatTime } from "../state/view";
import { actionsByKey, renderChatPopup } from "../test/chatPopup";

type Line = Extract<MessageView, { kind: "message" }>;

function line(seq: number, over: Partial<Line> = {}): Line {
  return {
    kind: "message",
    key: `m:${seq}`,
    seq,
    mine: false,
    teacher: false,
    sender: "Bo",
    text: `Message ${seq}`,
    removed: false,
    dateTime: "2026-11-25T10:42:00Z",
    status: "sent",
    reason: null,
    ...over,
  };
}

const DELETE: MessageActionsView = { delete: true, pin: null };
const TEACHER: MessageActionsView = { delete: true, pin: "pin" };
const PINNED: MessageActionsView = { delete: true, pin: "unpin" };

const pin: PinnedView = {
  seq: 3,
  sender: "Mrs. Núñez",
  mine: false,
  teacher: true,
  text: "Homework: exercises 1 to 4 on page 42, for Monday.",
  unpin: false,
  disabled: false,
};

function lines() {
  return within(screen.getByRole("region", { name: "Messages" })).getAllByRole("listitem");
}

async function axeViolations(): Promise<string[]> {
  // axe measures icon fonts on a canvas, which jsdom has not.
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  const found = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
  return found.violations.map((v) => v.id);
}

describe("a removed message", () => {
  it("shows “Message removed” in its place, with its sender and time, never its text", () => {
    renderChatPopup({
      messages: [
        line(1, { text: "Before" }),
        // Even a view that still had the text would not show it.
        line(2, { removed: true, text: "my password is hunter2" }),
        line(3, { text: "After" }),
      ],
    });
    const [, gone] = lines();
    expect(lines().map((li) => li.querySelector(".msg__bubble")?.textContent)).toEqual(["Before", "Message removed", "After"]);
    expect(gone).toHaveClass("msg--removed");
    expect(within(gone!).getByText("Message removed")).toHaveClass("msg__removed");
    expect(within(gone!).getByText("Bo")).toBeInTheDocument();
    expect(within(gone!).getByText(formatTime("2026-11-25T10:42:00Z", "en"))).toBeInTheDocument();
    expect(document.body.textContent).not.toContain("hunter2");
  });

  it("is worded in Spanish for a Spanish speaker", () => {
    renderChatPopup({ messages: [line(2, { removed: true, text: "" })] }, { locale: "es" });
    expect(screen.getByText("Mensaje eliminado")).toBeInTheDocument();
  });
});

describe("the pinned message's bar", () => {
  it("shows everyone who sent it and its text, above the messages, without Unpin for a student", () => {
    renderChatPopup({ pinned: pin, messages: [line(1)] });
    const bar = screen.getByRole("region", { name: "Pinned message" });
    expect(within(bar).getByText("Pinned")).toBeInTheDocument();
    expect(within(bar).getByText("Mrs. Núñez")).toBeInTheDocument();
    const body = within(bar).getByText(pin.text);
    // Clamped on screen; the whole text is in the page and in the tooltip.
    expect(body).toHaveAttribute("title", pin.text);
    expect(within(bar).queryByRole("button", { name: "Unpin" })).toBeNull();
    // Above the list.
    const list = screen.getByRole("region", { name: "Messages" });
    expect(bar.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("gives the teacher Unpin, which unpins", async () => {
    const user = userEvent.setup();
    const { onPinMessage } = renderChatPopup({ pinned: { ...pin, unpin: true } }).props;
    await user.click(screen.getByRole("button", { name: "Unpin" }));
    expect(onPinMessage).toHaveBeenCalledExactlyOnceWith(null);
  });

  it("keeps Unpin disabled while not connected", async () => {
    const user = userEvent.setup();
    const { onPinMessage } = renderChatPopup({ pinned: { ...pin, unpin: true, disabled: true } }).props;
    const unpin = screen.getByRole("button", { name: "Unpin" });
    expect(unpin).toBeDisabled();
    await user.click(unpin);
    expect(onPinMessage).not.toHaveBeenCalled();
  });

  it("says “You” for this user's own message, and goes when unpinned", () => {
    const { rerender } = renderChatPopup({ pinned: { ...pin, mine: true, teacher: false, sender: "Ada" } });
    expect(within(screen.getByRole("region", { name: "Pinned message" })).getByText("You")).toBeInTheDocument();
    rerender({ pinned: null });
    expect(screen.queryByRole("region", { name: "Pinned message" })).toBeNull();
  });

  it("hands the focus to the message box when Unpin goes with the bar", async () => {
    const user = userEvent.setup();
    const { rerender } = renderChatPopup({ pinned: { ...pin, unpin: true } });
    await user.click(screen.getByRole("button", { name: "Unpin" }));
    rerender({ pinned: null });
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveFocus();
  });
});

describe("a message's actions", () => {
  it("are labelled with the sender, and only where the view allows them", () => {
    renderChatPopup({
      messages: [line(1), line(2, { sender: "Ada", mine: true, text: "Mine" }), line(3, { removed: true, text: "" })],
      messageActions: actionsByKey({ "m:1": TEACHER, "m:2": PINNED }),
    });
    const [bo, mine, gone] = lines();
    expect(within(bo!).getAllByRole("button").map((b) => b.getAttribute("aria-label"))).toEqual([
      "Pin message from Bo",
      "Delete message from Bo",
    ]);
    expect(within(mine!).getAllByRole("button").map((b) => b.getAttribute("aria-label"))).toEqual([
      "Unpin your message",
      "Delete your message",
    ]);
    expect(within(gone!).queryByRole("button")).toBeNull();
  });

  it("are reached with the keyboard (not only on hover)", async () => {
    const user = userEvent.setup();
    renderChatPopup({ messages: [line(1)], messageActions: actionsByKey({ "m:1": TEACHER }) });
    screen.getByRole("region", { name: "Messages" }).focus();
    await user.tab();
    expect(screen.getByRole("button", { name: "Pin message from Bo" })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("button", { name: "Delete message from Bo" })).toHaveFocus();
  });

  it("pin and unpin at once", async () => {
    const user = userEvent.setup();
    const { onPinMessage } = renderChatPopup({
      messages: [line(1), line(2)],
      messageActions: actionsByKey({ "m:1": TEACHER, "m:2": PINNED }),
    }).props;
    await user.click(screen.getByRole("button", { name: "Pin message from Bo" }));
    expect(onPinMessage).toHaveBeenLastCalledWith(1);
    await user.click(screen.getByRole("button", { name: "Unpin message from Bo" }));
    expect(onPinMessage).toHaveBeenLastCalledWith(null);
  });

  it("delete only after the confirmation, which quotes the message", async () => {
    const user = userEvent.setup();
    const { onDeleteMessage } = renderChatPopup({
      messages: [line(7, { sender: "Ada", text: "Wrong chat, sorry" })],
      messageActions: actionsByKey({ "m:7": DELETE }),
    }).props;
    const button = screen.getByRole("button", { name: "Delete message from Ada" });
    await user.click(button);
    const dialog = screen.getByRole("dialog", { name: "Delete this message for everyone?" });
    expect(within(dialog).getByText("Wrong chat, sorry")).toBeInTheDocument();
    expect(dialog).toHaveAccessibleDescription(/Ada's message will show as “Message removed” for everyone/);
    expect(onDeleteMessage).not.toHaveBeenCalled();

    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(onDeleteMessage).not.toHaveBeenCalled();
    expect(button).toHaveFocus();

    await user.click(button);
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    expect(onDeleteMessage).toHaveBeenCalledExactlyOnceWith(7);
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("cancels the confirmation with Escape, leaving the chat open", async () => {
    const user = userEvent.setup();
    const onToggle = vi.fn();
    const { onDeleteMessage } = renderChatPopup({ messages: [line(7)], messageActions: actionsByKey({ "m:7": DELETE }), onToggle }).props;
    await user.click(screen.getByRole("button", { name: "Delete message from Bo" }));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(onToggle).not.toHaveBeenCalled();
    expect(onDeleteMessage).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Delete message from Bo" })).toHaveFocus();
  });

  it("keeps the focus in the line when its Delete goes with the message", async () => {
    const user = userEvent.setup();
    const { rerender } = renderChatPopup({ messages: [line(7)], messageActions: actionsByKey({ "m:7": DELETE }) });
    await user.click(screen.getByRole("button", { name: "Delete message from Bo" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    rerender({ messages: [line(7, { removed: true, text: "" })], messageActions: actionsByKey({}) });
    expect(lines()[0]).toHaveFocus();
  });

  it("closes the confirmation when the message is removed meanwhile", async () => {
    const user = userEvent.setup();
    const { rerender, props: { onDeleteMessage } } = renderChatPopup({ messages: [line(7)], messageActions: actionsByKey({ "m:7": DELETE }) });
    await user.click(screen.getByRole("button", { name: "Delete message from Bo" }));
    expect(screen.getByRole("dialog")).toBeInTheDocument();
    act(() => rerender({ messages: [line(7, { removed: true, text: "" })], messageActions: actionsByKey({}) }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(onDeleteMessage).not.toHaveBeenCalled();
  });

  it("are worded in Spanish for a Spanish speaker", async () => {
    const user = userEvent.setup();
    renderChatPopup({ messages: [line(1)], messageActions: actionsByKey({ "m:1": TEACHER }), pinned: { ...pin, unpin: true } }, { locale: "es" });
    expect(screen.getByRole("button", { name: "Fijar el mensaje de Bo" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Dejar de fijar" })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Mensaje fijado" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Eliminar el mensaje de Bo" }));
    const dialog = screen.getByRole("dialog", { name: "¿Eliminar este mensaje para todos?" });
    expect(within(dialog).getByRole("button", { name: "Eliminar" })).toBeInTheDocument();
  });
});

describe("accessibility", () => {
  it("has no axe violations with a pin, actions, a removed message and the confirmation", async () => {
    const user = userEvent.setup();
    renderChatPopup({
      pinned: { ...pin, unpin: true },
      messages: [line(1), line(2, { removed: true, text: "" }), line(3, { mine: true, sender: "Ada" })],
      messageActions: actionsByKey({ "m:1": TEACHER, "m:3": PINNED }),
    });
    expect(await axeViolations()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Delete message from Bo" }));
    expect(await axeViolations()).toEqual([]);
  });
});
