import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { text } from "../i18n";
import { type MessageView, type ParticipantView, formatTime } from "../state/view";
import { renderChatPopup } from "../test/chatPopup";
import type { ChatPopupProps } from "./ChatPopup";
import { FULL_SCREEN_CHAT } from "./ChatPopup";

function message(overrides: Partial<Extract<MessageView, { kind: "message" }>>): MessageView {
  return {
    kind: "message",
    key: overrides.key ?? `m:${Math.random()}`,
    seq: 1,
    mine: false,
    teacher: false,
    sender: "Bo",
    text: "Hello",
    removed: false,
    dateTime: "2026-11-25T10:42:00Z",
    status: "sent",
    reason: null,
    ...overrides,
  };
}

const people: ParticipantView[] = [
  { id: "p_1", name: "Mrs. Núñez", teacher: true, online: true, you: false, removable: false, hand: false, muted: false, mutable: false, renamable: false },
  { id: "p_2", name: "Ada", teacher: false, online: true, you: true, removable: false, hand: false, muted: false, mutable: false, renamable: false },
  { id: "p_3", name: "Bo", teacher: false, online: false, you: false, removable: false, hand: false, muted: false, mutable: false, renamable: false },
];

/** The chat panel with its open/tab state kept, like the app's reducer does, and the people above. */
function popup(overrides: Partial<ChatPopupProps> = {}) {
  return renderChatPopup({ participants: people, ...overrides }, { keepState: true });
}

function listItems() {
  return within(screen.getByRole("region", { name: "Messages" })).getAllByRole("listitem");
}

describe("messages", () => {
  it("shows the empty state", () => {
    popup();
    expect(screen.getByText("No messages yet. Start the conversation!")).toBeInTheDocument();
  });

  it("puts own messages on the right and others' on the left", () => {
    popup({
      messages: [
        message({ key: "a", sender: "Bo", text: "From Bo" }),
        message({ key: "b", sender: "You", text: "From me", mine: true }),
      ],
    });
    const [bo, mine] = listItems();
    expect(bo).toHaveClass("msg--other");
    expect(bo).not.toHaveClass("msg--mine");
    expect(mine).toHaveClass("msg--mine");
    expect(mine).not.toHaveClass("msg--other");
  });

  it("labels and colours the teacher's messages apart", () => {
    popup({
      messages: [
        message({ key: "t", sender: "Mrs. Núñez", teacher: true, text: "Open page 12" }),
        message({ key: "s", sender: "Bo", text: "ok" }),
      ],
    });
    const [fromTeacher, fromStudent] = listItems();
    expect(fromTeacher).toHaveClass("msg--teacher");
    expect(within(fromTeacher!).getByText("Teacher")).toBeInTheDocument();
    expect(within(fromTeacher!).getByText("Mrs. Núñez")).toBeInTheDocument();
    expect(fromStudent).not.toHaveClass("msg--teacher");
    expect(within(fromStudent!).queryByText("Teacher")).toBeNull();
  });

  it("shows the sender's name and the time", () => {
    popup({ messages: [message({ key: "a", sender: "Bo", dateTime: "2026-11-25T09:05:00Z" })] });
    const item = listItems()[0]!;
    expect(within(item).getByText("Bo")).toBeInTheDocument();
    const time = within(item).getByText(formatTime("2026-11-25T09:05:00Z", "en"));
    expect(time.tagName).toBe("TIME");
    expect(time).toHaveAttribute("datetime", "2026-11-25T09:05:00Z");
  });

  it("shows a pending message dimmed with 'Sending…' and a refused one with its reason", () => {
    popup({
      messages: [
        message({ key: "r", mine: true, sender: "", text: "spam", status: "refused", reason: text("refusal.rateLimited"), dateTime: "" }),
        message({ key: "p", mine: true, sender: "", text: "on its way", status: "sending", dateTime: "" }),
      ],
    });
    const [refused, pending] = listItems();
    expect(pending).toHaveClass("msg--sending");
    expect(within(pending!).getByText("Sending…")).toBeInTheDocument();
    expect(refused).toHaveClass("msg--refused");
    expect(within(refused!).getByText("Not sent: You are sending too fast. Wait a moment.")).toBeInTheDocument();
    expect(within(refused!).queryByRole("button")).toBeNull();
  });

  it("renders markup in a message as text", () => {
    const evil = "<img src=x onerror=alert(1)>";
    const { container } = popup({ messages: [message({ key: "x", text: evil })] });
    expect(screen.getByText(evil)).toBeInTheDocument();
    expect(container.ownerDocument.querySelector("img")).toBeNull();
  });

  it("keeps line breaks of multi-line messages", () => {
    popup({ messages: [message({ key: "x", text: "line one\nline two" })] });
    expect(screen.getByText(/line one/).textContent).toBe("line one\nline two");
  });

  it("shows a gap as a note", () => {
    popup({ messages: [{ kind: "gap", key: "g", text: text("chat.gap", { count: 7 }) }] });
    expect(screen.getByText("7 earlier messages could not be loaded.")).toBeInTheDocument();
  });
});

describe("composer", () => {
  it("sends on Enter and inserts a new line on Shift+Enter", async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    popup({ onSend });
    const box = screen.getByRole("textbox", { name: "Message" });
    await user.type(box, "first line{Shift>}{Enter}{/Shift}second line");
    expect(onSend).not.toHaveBeenCalled();
    expect(box).toHaveValue("first line\nsecond line");
    await user.keyboard("{Enter}");
    expect(onSend).toHaveBeenCalledExactlyOnceWith("first line\nsecond line");
    expect(box).toHaveValue("");
    // A phone's on-screen keyboard labels its Enter key as sending, as it does.
    expect(box).toHaveAttribute("enterkeyhint", "send");
  });

  it("sends with the Send button, and not when empty", async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    popup({ onSend });
    const send = screen.getByRole("button", { name: "Send" });
    expect(send).toBeDisabled();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "   {Enter}");
    expect(onSend).not.toHaveBeenCalled();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "hi");
    await user.click(send);
    expect(onSend).toHaveBeenCalledWith("hi");
  });

  it("reports each change for the typing signal", async () => {
    const user = userEvent.setup();
    const onTyped = vi.fn();
    popup({ onTyped });
    await user.type(screen.getByRole("textbox", { name: "Message" }), "ab");
    expect(onTyped.mock.calls).toEqual([["a"], ["ab"]]);
  });

  it("shows a counter near the limit and refuses text over it", async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    popup({ maxChars: 30, onSend });
    const box = screen.getByRole("textbox", { name: "Message" });
    await user.type(box, "x".repeat(5));
    expect(screen.queryByText(/\/ 30/)).toBeNull();
    await user.type(box, "x".repeat(6));
    expect(screen.getByText("11 / 30")).toBeInTheDocument();
    await user.type(box, "x".repeat(20));
    expect(screen.getByText("1 character too long")).toBeInTheDocument();
    expect(box).toHaveAttribute("aria-invalid", "true");
    await user.keyboard("{Enter}");
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
  });

  it("is disabled with the reason when the chat is closed", () => {
    popup({ disabledReason: "The chat is closed." });
    const box = screen.getByRole("textbox", { name: "Message" });
    expect(box).toBeDisabled();
    expect(box).toHaveAttribute("placeholder", "The chat is closed.");
  });

  it("keeps the draft when switching tabs", async () => {
    const user = userEvent.setup();
    popup();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "draft");
    await user.click(screen.getByRole("tab", { name: /Participants/ }));
    await user.click(screen.getByRole("tab", { name: /Chat/ }));
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("draft");
  });

  it("shows who is typing", () => {
    popup({ typingText: "Ada and Bo are typing…" });
    expect(screen.getByText("Ada and Bo are typing…")).toBeInTheDocument();
  });
});

describe("tabs", () => {
  it("has a tablist with two tabs controlling their panels, and the count in the name", () => {
    popup();
    const tablist = screen.getByRole("tablist");
    const tabs = within(tablist).getAllByRole("tab");
    expect(tabs.map((t) => t.textContent)).toEqual(["Chat", "Participants (3)"]);
    const [chat, participants] = tabs;
    expect(chat).toHaveAttribute("aria-selected", "true");
    expect(chat).toHaveAttribute("tabindex", "0");
    expect(participants).toHaveAttribute("aria-selected", "false");
    expect(participants).toHaveAttribute("tabindex", "-1");
    const panel = screen.getByRole("tabpanel");
    expect(panel).toHaveAttribute("id", chat!.getAttribute("aria-controls"));
    expect(panel).toHaveAttribute("aria-labelledby", chat!.id);
  });

  it("moves between tabs with the arrow keys, Home and End", async () => {
    const user = userEvent.setup();
    popup();
    const chat = screen.getByRole("tab", { name: "Chat" });
    chat.focus();
    await user.keyboard("{ArrowRight}");
    const participants = screen.getByRole("tab", { name: "Participants (3)" });
    expect(participants).toHaveFocus();
    expect(participants).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tabpanel")).toHaveAttribute("aria-labelledby", participants.id);
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("tab", { name: "Chat" })).toHaveFocus();
    await user.keyboard("{ArrowLeft}");
    expect(screen.getByRole("tab", { name: "Participants (3)" })).toHaveFocus();
    await user.keyboard("{Home}");
    expect(screen.getByRole("tab", { name: "Chat" })).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{End}");
    expect(screen.getByRole("tab", { name: "Participants (3)" })).toHaveAttribute("aria-selected", "true");
  });

  it("shows unread messages on the Chat tab while Participants is open", () => {
    popup({ tab: "participants", unread: 4 });
    expect(screen.getByRole("tab", { name: "Chat, 4 unread" })).toBeInTheDocument();
  });
});

describe("open and close", () => {
  it("opens from the round button, focusing the message box, and Escape closes it", async () => {
    const user = userEvent.setup();
    popup({ open: false });
    const fab = screen.getByRole("button", { name: "Open chat" });
    expect(fab).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("region", { name: "Class chat" })).toBeNull();
    await user.click(fab);
    expect(screen.getByRole("region", { name: "Class chat" })).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveFocus();
    expect(screen.getByRole("button", { name: "Close chat", expanded: true })).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("region", { name: "Class chat" })).toBeNull();
    expect(screen.getByRole("button", { name: "Open chat" })).toHaveFocus();
  });

  it("closes on Escape even when the focus is outside the panel", async () => {
    const user = userEvent.setup();
    popup();
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("region", { name: "Class chat" })).toBeNull();
  });

  it("shows the unread count on the round button", () => {
    popup({ open: false, unread: 3 });
    const fab = screen.getByRole("button", { name: "Open chat, 3 unread messages" });
    expect(within(fab).getByText("3")).toBeInTheDocument();
  });

  it("caps the badge at 99+", () => {
    popup({ open: false, unread: 120 });
    expect(screen.getByText("99+")).toBeInTheDocument();
  });

  it("announces the newest message from others in a polite live region", () => {
    const { container } = popup({ open: false, announcement: "Bo: hello" });
    const live = container.querySelector('[aria-live="polite"]');
    expect(live).toHaveTextContent("Bo: hello");
  });
});

describe("participants", () => {
  it("lists everyone with online state and marks you", async () => {
    const user = userEvent.setup();
    popup();
    await user.click(screen.getByRole("tab", { name: "Participants (3)" }));
    const items = within(screen.getByRole("tabpanel")).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual([
      "MMrs. NúñezTeacherOnline",
      "AAda (you)Online",
      "BBoOffline",
    ]);
    expect(screen.getByText("2 online · 1 offline")).toBeInTheDocument();
  });

  it("lets the teacher remove a student after confirming, optionally banning", async () => {
    const user = userEvent.setup();
    const onRemove = vi.fn();
    const asTeacher = people.map((p) => ({ ...p, you: p.teacher, removable: !p.teacher }));
    popup({ tab: "participants", participants: asTeacher, onRemove });
    expect(screen.queryByRole("button", { name: "Remove Mrs. Núñez" })).toBeNull();

    await user.click(screen.getByRole("button", { name: "Remove Bo" }));
    let dialog = screen.getByRole("dialog", { name: "Remove Bo from the class?" });
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(onRemove).not.toHaveBeenCalled();
    // Escape closed the dialog only, not the chat panel.
    expect(screen.getByRole("region", { name: "Class chat" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Remove Bo" }));
    dialog = screen.getByRole("dialog", { name: "Remove Bo from the class?" });
    await user.click(within(dialog).getByRole("checkbox", { name: "Also ban them from rejoining" }));
    await user.click(within(dialog).getByRole("button", { name: "Remove" }));
    expect(onRemove).toHaveBeenCalledExactlyOnceWith("p_3", true);
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("shows no Remove buttons to students", async () => {
    popup({ tab: "participants" });
    expect(screen.queryByRole("button", { name: /^Remove/ })).toBeNull();
  });
});

describe("earlier messages", () => {
  const page = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => message({ key: `m:${from + i}`, text: `line ${from + i}` }));

  /** The message list's scroller with a layout jsdom does not have: `height` is its content's height. */
  function layout(height: { current: number }) {
    const scroller = screen.getByRole("region", { name: "Messages" });
    Object.defineProperty(scroller, "scrollHeight", { configurable: true, get: () => height.current });
    Object.defineProperty(scroller, "clientHeight", { configurable: true, value: 400 });
    return scroller;
  }

  function scrollTo(scroller: HTMLElement, top: number) {
    scroller.scrollTop = top;
    fireEvent.scroll(scroller);
  }

  it("asks for earlier messages when the reader scrolls to the top, not while reading lower down", () => {
    const onLoadEarlier = vi.fn();
    popup({ messages: page(101, 130), earlier: "more", onLoadEarlier });
    const scroller = layout({ current: 2000 });
    scrollTo(scroller, 900);
    scrollTo(scroller, 300);
    expect(onLoadEarlier).not.toHaveBeenCalled();
    scrollTo(scroller, 0);
    expect(onLoadEarlier).toHaveBeenCalledOnce();
  });

  it("does not ask on scrolling once a page is on its way or the start was reached", () => {
    const onLoadEarlier = vi.fn();
    const { rerender } = popup({ messages: page(101, 130), earlier: "loading", onLoadEarlier });
    const scroller = layout({ current: 2000 });
    scrollTo(scroller, 0);
    rerender({ messages: page(1, 130), earlier: "start", onLoadEarlier });
    scrollTo(scroller, 0);
    expect(onLoadEarlier).not.toHaveBeenCalled();
  });

  it("keeps the lines the reader was looking at in place when a page goes above them", () => {
    const height = { current: 2000 };
    const { rerender } = popup({ messages: page(101, 130), earlier: "more" });
    const scroller = layout(height);
    scrollTo(scroller, 0);
    rerender({ messages: page(101, 130), earlier: "loading" });
    height.current = 3000;
    rerender({ messages: page(71, 130), earlier: "more" });
    expect(scroller.scrollTop).toBe(1000);
    expect(listItems()[0]).toHaveTextContent("line 71");
  });

  it("does not move a reader who is lower down when a page arrives", () => {
    const height = { current: 2000 };
    const { rerender } = popup({ messages: page(101, 130), earlier: "more" });
    const scroller = layout(height);
    scrollTo(scroller, 900);
    height.current = 3000;
    rerender({ messages: page(71, 130), earlier: "more" });
    // The same line is still at the top of the view: 1000 px of new lines above it.
    expect(scroller.scrollTop).toBe(1900);
  });

  it("has a button at the top for the keyboard, then says it is loading, then marks the start", async () => {
    const user = userEvent.setup();
    const onLoadEarlier = vi.fn();
    const { rerender } = popup({ messages: page(101, 130), earlier: "more", onLoadEarlier });
    const button = screen.getByRole("button", { name: "Load earlier messages" });
    button.focus();
    await user.keyboard("{Enter}");
    expect(onLoadEarlier).toHaveBeenCalledOnce();

    rerender({ messages: page(101, 130), earlier: "loading", onLoadEarlier });
    const loading = screen.getByRole("button", { name: "Loading earlier messages…" });
    expect(loading).toHaveAttribute("aria-disabled", "true");
    expect(loading).toHaveFocus();
    await user.click(loading);
    expect(onLoadEarlier).toHaveBeenCalledOnce();

    rerender({ messages: page(1, 130), earlier: "start", onLoadEarlier });
    expect(screen.getByText("Start of the class")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /earlier messages/ })).toBeNull();
    // The button went away under the keyboard: the focus stays in the list.
    expect(screen.getByRole("region", { name: "Messages" })).toHaveFocus();
  });

  it("shows neither the button nor the start marker without messages", () => {
    popup({ messages: [], earlier: null });
    expect(screen.queryByRole("button", { name: /earlier messages/ })).toBeNull();
    expect(screen.queryByText("Start of the class")).toBeNull();
  });
});

describe("the full-screen chat's query", () => {
  it("is the style sheet's own", async () => {
    // Vitest empties imported CSS: the style sheet is read as the file it is.
    const fs = (await import(/* @vite-ignore */ `node:${"fs"}`)) as {
      readFileSync(path: string, encoding: "utf8"): string;
    };
    // Through a variable: Vite rewrites new URL(…, import.meta.url) itself into the served address.
    const here = import.meta.url;
    const path = decodeURIComponent(new URL("./ChatPopup.css", here).pathname);
    expect(fs.readFileSync(path, "utf8")).toContain(`@media ${FULL_SCREEN_CHAT} {`);
  });
});
