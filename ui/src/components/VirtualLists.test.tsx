// The chat's message list and the roster with more rows than their view
// holds: only the rows in view (and a few around them) are in the DOM, each
// saying where it is in the whole list; the reader's place is kept; the
// focus is never lost with a row scrolled away. jsdom lays nothing out, so
// these tests give the views a size (400 px) and the scroller a content
// height that follows the list's own; rows keep their estimated heights.

import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it, vi } from "vitest";
import { I18n } from "../i18n/I18n";
import type { MessageActionsView } from "../state/messageEditsView";
import type { MessageView, ParticipantView } from "../state/view";
import { actionsByKey, renderChatPopup } from "../test/chatPopup";
import { ParticipantsList } from "./ParticipantsList";

const VIEW_PX = 400;

function line(n: number, overrides: Partial<Extract<MessageView, { kind: "message" }>> = {}): MessageView {
  return {
    kind: "message",
    key: `m:${n}`,
    seq: n,
    mine: false,
    teacher: false,
    sender: `Student ${n % 7}`,
    text: n % 5 === 0 ? `Line ${n}: a longer message that wraps onto more than one line of its bubble in the panel.` : `Line ${n}`,
    removed: false,
    dateTime: "2026-11-25T10:42:00Z",
    status: "sent",
    reason: null,
    ...overrides,
  };
}

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => line(from + i));

/**
 * A layout for jsdom: every view is 400 px tall (the virtualizer reads it
 * as it mounts), and what scrolls is as tall as the list in it.
 */
function views() {
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(VIEW_PX);
  vi.spyOn(HTMLElement.prototype, "scrollHeight", "get").mockImplementation(function (this: HTMLElement) {
    return parseFloat(this.querySelector<HTMLElement>(".virtual-list")?.style.height ?? "0") || 0;
  });
}

/** The message list's scroller. */
function scroller() {
  return screen.getByRole("region", { name: "Messages" });
}

function scrollTo(el: HTMLElement, top: number) {
  act(() => {
    el.scrollTop = top;
    el.dispatchEvent(new Event("scroll"));
  });
}

function drawn() {
  return within(screen.getByRole("region", { name: "Messages" })).queryAllByRole("listitem");
}

/** Where a drawn line is in the view (px from its top). */
function placeOf(item: HTMLElement, el: HTMLElement) {
  return parseFloat(item.style.top) - el.scrollTop;
}

async function axeViolations(): Promise<string[]> {
  // axe measures icon fonts on a canvas, which jsdom has not.
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  const found = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
  return found.violations.map((v) => v.id);
}

const DELETE: MessageActionsView = { delete: true, pin: null };

describe("a long chat", () => {
  it("draws only the lines in view and around them, each saying where it is in the whole list", () => {
    views();
    renderChatPopup({ messages: lines(1, 5000) });
    const items = drawn();
    expect(items.length).toBeGreaterThan(3);
    expect(items.length).toBeLessThan(40);
    // It opens at the newest line, at the bottom.
    const el = scroller();
    expect(el.scrollTop).toBe(el.scrollHeight);
    const newest = items[items.length - 1]!;
    expect(newest).toHaveTextContent("Line 5000");
    expect(newest).toHaveAttribute("aria-posinset", "5000");
    for (const item of items) expect(item).toHaveAttribute("aria-setsize", "5000");
    expect(screen.queryByText("Line 1")).toBeNull();
    // The list is as tall as all its lines, for the scroll bar.
    expect(parseFloat(screen.getByRole("region", { name: "Messages" }).querySelector("ol")!.style.height)).toBeGreaterThan(5000 * 40);
  });

  it("draws the lines where the reader scrolls to", () => {
    views();
    renderChatPopup({ messages: lines(1, 5000) });
    const el = scroller();
    scrollTo(el, 0);
    expect(drawn()[0]).toHaveTextContent("Line 1");
    expect(drawn()[0]).toHaveAttribute("aria-posinset", "1");
    expect(screen.queryByText("Line 5000")).toBeNull();
  });

  it("follows a new line at the bottom, and draws it", () => {
    views();
    const { rerender } = renderChatPopup({ messages: lines(1, 5000) });
    const el = scroller();
    rerender({ messages: lines(1, 5001) });
    expect(el.scrollTop).toBe(el.scrollHeight);
    expect(screen.getByText("Line 5001")).toBeInTheDocument();
    expect(drawn().at(-1)).toHaveAttribute("aria-setsize", "5001");
  });

  it("leaves a reader higher up where they are, and offers the pill that takes them down", () => {
    views();
    const onScrolled = vi.fn();
    const { rerender } = renderChatPopup({ messages: lines(1, 5000), onScrolled });
    const el = scroller();
    scrollTo(el, 100_000);
    expect(onScrolled).toHaveBeenLastCalledWith(false);
    const first = drawn()[0]!;
    const place = placeOf(first, el);
    rerender({ messages: lines(1, 5001), atBottom: false, unread: 1, onScrolled });
    expect(el.scrollTop).toBe(100_000);
    expect(placeOf(first, el)).toBe(place);
    expect(screen.queryByText("Line 5001")).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "1 new message" }));
    expect(el.scrollTop).toBe(el.scrollHeight);
    expect(onScrolled).toHaveBeenLastCalledWith(true);
    expect(screen.getByText("Line 5001")).toBeInTheDocument();
  });

  it("keeps the line the reader is on in place when earlier lines go above it, without drawing them all", () => {
    views();
    const { rerender } = renderChatPopup({ messages: lines(4001, 5000), earlier: "more" });
    const el = scroller();
    scrollTo(el, 10);
    const onTop = drawn().find((item) => placeOf(item, el) >= 0)!;
    const at = Number(onTop.getAttribute("aria-posinset"));
    const place = placeOf(onTop, el);
    expect(onTop).toHaveTextContent(`Line ${4000 + at}`);
    rerender({ messages: lines(4001, 5000), earlier: "loading" });
    rerender({ messages: lines(3001, 5000), earlier: "more" });
    // The same line, now 1,000 lines further down the list, at the same place in the view.
    const same = drawn().find((item) => item.getAttribute("aria-posinset") === String(at + 1000))!;
    expect(same).toHaveTextContent(`Line ${4000 + at}`);
    expect(placeOf(same, el)).toBe(place);
    expect(el.scrollTop).toBeGreaterThan(1000 * 40);
    expect(drawn().length).toBeLessThan(40);
  });

  it("keeps the line holding the focus drawn when it is scrolled away", async () => {
    views();
    const user = userEvent.setup();
    const messages = lines(1, 5000);
    renderChatPopup({ messages, messageActions: actionsByKey(Object.fromEntries(messages.map((m) => [m.key, DELETE]))) });
    const el = scroller();
    const newest = drawn().at(-1)!;
    const del = within(newest).getByRole("button", { name: /^Delete message/ });
    del.focus();
    scrollTo(el, 0);
    expect(drawn()[0]).toHaveTextContent("Line 1");
    expect(del).toBeInTheDocument();
    expect(del).toHaveFocus();
    // Tab goes on from it.
    await user.tab({ shift: true });
    expect(document.activeElement).not.toBe(document.body);
  });

  it("goes by Tab from the list to the first line in view, leaving the reader where they are", async () => {
    views();
    const user = userEvent.setup();
    const messages = lines(1, 5000);
    renderChatPopup({ messages, earlier: "more", messageActions: actionsByKey(Object.fromEntries(messages.map((m) => [m.key, DELETE]))) });
    const el = scroller();
    // A reader somewhere in the lecture (jsdom's scroller, unlike a
    // browser's, scrolls past its end: its bottom is no view to test).
    scrollTo(el, 100_000);
    const at = el.scrollTop;
    // Lines are drawn above the view too, and the top button is first of all.
    expect(placeOf(drawn()[0]!, el)).toBeLessThan(0);
    el.focus();
    await user.tab();
    const line = (document.activeElement as HTMLElement).closest<HTMLElement>("li")!;
    expect(document.activeElement).toHaveAccessibleName(/^Delete message/);
    expect(placeOf(line, el)).toBeGreaterThanOrEqual(0);
    expect(placeOf(line, el)).toBeLessThan(VIEW_PX);
    // The first line whose top is in view.
    const firstInView = drawn().find((item) => placeOf(item, el) >= 0)!;
    expect(line).toBe(firstInView);
    expect(el.scrollTop).toBe(at);
    expect(screen.getByRole("button", { name: "Load earlier messages" })).not.toHaveFocus();
  });

  it("goes by Tab from the list to the top button when it is in view", async () => {
    views();
    // The button above the list, 40 px tall.
    vi.spyOn(HTMLElement.prototype, "offsetParent", "get").mockImplementation(function (this: HTMLElement) {
      return this.classList.contains("virtual-list") ? this.closest(".messages__scroller") : null;
    });
    vi.spyOn(HTMLElement.prototype, "offsetTop", "get").mockImplementation(function (this: HTMLElement) {
      return this.classList.contains("virtual-list") ? 40 : 0;
    });
    const user = userEvent.setup();
    const messages = lines(1, 5000);
    renderChatPopup({ messages, earlier: "more", messageActions: actionsByKey(Object.fromEntries(messages.map((m) => [m.key, DELETE]))) });
    const el = scroller();
    scrollTo(el, 0);
    el.focus();
    await user.tab();
    expect(screen.getByRole("button", { name: "Load earlier messages" })).toHaveFocus();
  });

  it("does not ask for earlier messages when the top button scrolls into view by taking the focus; pressing it does", async () => {
    views();
    const user = userEvent.setup();
    const messages = lines(1, 5000);
    const { props } = renderChatPopup({ messages, earlier: "more" });
    const el = scroller();
    const button = screen.getByRole("button", { name: "Load earlier messages" });
    button.focus();
    scrollTo(el, 0);
    expect(props.onLoadEarlier).not.toHaveBeenCalled();
    await user.keyboard("{Enter}");
    expect(props.onLoadEarlier).toHaveBeenCalledOnce();
    // A reader who scrolls to the top, the focus elsewhere, is given them.
    el.focus();
    scrollTo(el, 500);
    scrollTo(el, 0);
    expect(props.onLoadEarlier).toHaveBeenCalledTimes(2);
  });

  it("hands the focus back to the line's Delete after the confirmation, the list having moved meanwhile", async () => {
    views();
    const user = userEvent.setup();
    const messages = lines(1, 5000);
    const actions = (list: MessageView[]) => actionsByKey(Object.fromEntries(list.map((m) => [m.key, DELETE])));
    const { rerender } = renderChatPopup({ messages, messageActions: actions(messages) });
    scroller();
    const del = within(drawn().at(-1)!).getByRole("button", { name: /^Delete message/ });
    del.focus();
    await user.keyboard("{Enter}");
    const dialog = screen.getByRole("dialog", { name: "Delete this message for everyone?" });
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    // The reader was at the bottom: 60 new lines move the list well past it.
    const more = lines(1, 5060);
    rerender({ messages: more, messageActions: actions(more) });
    expect(screen.getByText(/^Line 5060:/)).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(del).toBeInTheDocument();
    expect(del).toHaveFocus();
  });

  it("has no axe violations, only some lines drawn", async () => {
    views();
    const messages = lines(1, 5000);
    renderChatPopup({ messages, messageActions: actionsByKey(Object.fromEntries(messages.map((m) => [m.key, DELETE]))) });
    expect(await axeViolations()).toEqual([]);
  });

  it("says the newest message from others, whatever is drawn", () => {
    views();
    renderChatPopup({ messages: lines(1, 5000), announcement: "Student 3: Line 5000" });
    const live = document.querySelector('[aria-live="polite"]');
    expect(live).toHaveTextContent("Student 3: Line 5000");
  });
});

function person(n: number, overrides: Partial<ParticipantView> = {}): ParticipantView {
  return {
    id: `p_${n}`,
    name: `Student ${String(n).padStart(3, "0")}`,
    teacher: false,
    online: true,
    you: false,
    removable: true,
    hand: false,
    muted: false,
    mutable: true,
    renamable: true,
    ...overrides,
  };
}

const people = Array.from({ length: 300 }, (_, i) => person(i + 1));

/** The roster in a panel that scrolls it, as the Participants tab has it. */
function roster(props: Partial<Parameters<typeof ParticipantsList>[0]> = {}) {
  const handlers = { onRemove: vi.fn(), onRemoveOffline: vi.fn(), onMute: vi.fn(), onRenameDialog: vi.fn(), onRename: vi.fn() };
  const ui = (more: Partial<Parameters<typeof ParticipantsList>[0]>) => (
    <I18n locale="en">
      <main>
        <div data-testid="panel" style={{ overflowY: "auto" }}>
          <ParticipantsList participants={people} offlineStudents={0} {...handlers} {...props} {...more} />
        </div>
      </main>
    </I18n>
  );
  const result = render(ui({}));
  return { ...result, handlers, rerender: (more: Partial<Parameters<typeof ParticipantsList>[0]> = {}) => result.rerender(ui(more)) };
}

function rows() {
  return within(screen.getByRole("list")).queryAllByRole("listitem");
}

describe("a large class's roster", () => {
  it("draws only the rows in view of the panel, each saying where it is in the class", () => {
    views();
    roster();
    expect(rows().length).toBeGreaterThan(3);
    expect(rows().length).toBeLessThan(40);
    expect(rows()[0]).toHaveTextContent("Student 001");
    expect(rows()[0]).toHaveAttribute("aria-posinset", "1");
    for (const row of rows()) expect(row).toHaveAttribute("aria-setsize", "300");
    expect(screen.queryByText("Student 300")).toBeNull();
  });

  it("draws the rows scrolled to, whose buttons act on them", async () => {
    views();
    const user = userEvent.setup();
    const { handlers } = roster();
    scrollTo(screen.getByTestId("panel"), 250 * 50);
    const row = screen.getByText("Student 250").closest("li")!;
    expect(row).toHaveAttribute("aria-posinset", "250");
    expect(screen.queryByText("Student 001")).toBeNull();
    await user.click(within(row).getByRole("button", { name: "Mute Student 250" }));
    expect(handlers.onMute).toHaveBeenCalledExactlyOnceWith("p_250", true);
    await user.click(within(row).getByRole("button", { name: "Remove Student 250" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Remove" }));
    expect(handlers.onRemove).toHaveBeenCalledExactlyOnceWith("p_250", false);
  });

  it("hands the focus back to Remove after the confirmation, the panel scrolled meanwhile", async () => {
    views();
    const user = userEvent.setup();
    roster();
    const remove = screen.getByRole("button", { name: "Remove Student 002" });
    remove.focus();
    await user.keyboard("{Enter}");
    expect(screen.getByRole("dialog", { name: "Remove Student 002 from the class?" })).toBeInTheDocument();
    scrollTo(screen.getByTestId("panel"), 200 * 50);
    expect(screen.getByText("Student 200")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(remove).toBeInTheDocument();
    expect(remove).toHaveFocus();
  });

  it("keeps the row a Rename dialog is about drawn, and gives it the focus back", async () => {
    views();
    const user = userEvent.setup();
    const { handlers, rerender } = roster();
    const rename = screen.getByRole("button", { name: "Rename Student 003" });
    await user.click(rename);
    expect(handlers.onRenameDialog).toHaveBeenCalledExactlyOnceWith("p_3");
    rerender({ rename: { id: "p_3", name: "Student 003", busy: false, error: null, disabled: false, maxChars: 40 } });
    scrollTo(screen.getByTestId("panel"), 200 * 50);
    expect(rename).toBeInTheDocument();
    rerender({ rename: null });
    expect(rename).toBeInTheDocument();
  });

  it("has no axe violations, only some rows drawn", async () => {
    views();
    roster();
    expect(await axeViolations()).toEqual([]);
  });

  it("draws every row with nothing around it that scrolls", () => {
    views();
    render(
      <I18n locale="en">
        <ParticipantsList participants={people} offlineStudents={0} onRemove={vi.fn()} onRemoveOffline={vi.fn()} />
      </I18n>,
    );
    expect(rows()).toHaveLength(300);
  });
});
