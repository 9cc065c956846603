// Reactions in the chat panel: each message's chips and the picker "Add
// reaction" opens, rendered from views as the app hands them over.

import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it, vi } from "vitest";
import { type Locale, type MessageId, text } from "../i18n";
import { REACTIONS, type Reaction } from "../state/reactions";
import type { ReactionChipView, ReactionsView } from "../state/reactionsView";
import type { MessageView } from "../state/view";
import { HEART } from "../test/fixtures";
import { reactionsByKey, renderChatPopup } from "../test/chatPopup";

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

const NAMES: Record<Reaction, MessageId> = {
  "👍": "reactions.thumbsUp",
  "\u2764\uFE0F": "reactions.heart",
  "😂": "reactions.laughing",
  "😮": "reactions.surprised",
  "❓": "reactions.question",
  "✅": "reactions.done",
};

function chip(emoji: Reaction, count: number, mine = false): ReactionChipView {
  return { emoji, count, mine, name: text(NAMES[emoji]) };
}

/** A line's reactions: `chips`, the user's own among them marked, and whether they may react. */
function reactions(chips: ReactionChipView[], canReact = true): ReactionsView {
  const mine = new Set(chips.filter((c) => c.mine).map((c) => c.emoji));
  return {
    chips,
    canReact,
    options: REACTIONS.map((emoji) => ({ emoji, mine: mine.has(emoji), name: text(NAMES[emoji]) })),
  };
}

function lines() {
  return within(screen.getByRole("region", { name: "Messages" })).getAllByRole("listitem");
}

async function axeViolations(): Promise<string[]> {
  // axe measures icon fonts on a canvas, which jsdom has not.
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  const found = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
  return found.violations.map((v) => v.id);
}

/** Bo's message 1 with 👍 3 (one of them this user's) and ❓ 1; Ada's (this user's) message 2 with none. */
function chat(canReact = true, locale: Locale = "en") {
  return renderChatPopup(
    {
      messages: [line(1), line(2, { mine: true, sender: "Ada" })],
      reactions: reactionsByKey({
        "m:1": reactions([chip("👍", 3, true), chip("❓", 1)], canReact),
        ...(canReact ? { "m:2": reactions([], true) } : {}),
      }),
    },
    { locale },
  );
}

describe("a message's reaction chips", () => {
  it("show each reaction's emoji and count, labelled in words, pressed when one is this user's", () => {
    chat();
    const group = within(lines()[0]!).getByRole("group", { name: "Reactions" });
    const buttons = within(group).getAllByRole("button");
    expect(buttons.map((b) => [b.textContent, b.getAttribute("aria-label"), b.getAttribute("aria-pressed")])).toEqual([
      ["👍3", "Thumbs up: 3 reactions, including yours", "true"],
      ["❓1", "Question: 1 reaction", "false"],
    ]);
    expect(screen.getByRole("button", { name: "Thumbs up: 3 reactions, including yours", pressed: true })).toHaveClass(
      "reaction-chip",
      "reaction-chip--mine",
    );
    // A line with none has no chips.
    expect(within(lines()[1]!).queryByRole("group", { name: "Reactions" })).toBeNull();
  });

  it("toggle this user's reaction: take it back when theirs, add it when not", async () => {
    const user = userEvent.setup();
    const { onReact } = chat().props;
    await user.click(screen.getByRole("button", { name: "Thumbs up: 3 reactions, including yours" }));
    expect(onReact).toHaveBeenLastCalledWith(1, "👍", false);
    await user.click(screen.getByRole("button", { name: "Question: 1 reaction" }));
    expect(onReact).toHaveBeenLastCalledWith(1, "❓", true);
    expect(onReact).toHaveBeenCalledTimes(2);
  });

  it("word one reaction of this user's, and plurals, in English and Spanish", () => {
    renderChatPopup({ messages: [line(1)], reactions: reactionsByKey({ "m:1": reactions([chip(HEART as Reaction, 1, true), chip("✅", 12)]) }) }, { locale: "es" });
    expect(screen.getByRole("button", { name: "Corazón: 1 reacción, la tuya" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Listo: 12 reacciones" })).toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Reacciones" })).toBeInTheDocument();
  });

  it("are read-only, still labelled, while this user cannot react (offline, reactions turned off)", async () => {
    const user = userEvent.setup();
    const { onReact } = chat(false).props;
    const group = within(lines()[0]!).getByRole("group", { name: "Reactions" });
    expect(within(group).queryByRole("button")).toBeNull();
    const shown = within(group).getAllByRole("img");
    expect(shown.map((el) => el.getAttribute("aria-label"))).toEqual([
      "Thumbs up: 3 reactions, including yours",
      "Question: 1 reaction",
    ]);
    await user.click(shown[0]!);
    expect(onReact).not.toHaveBeenCalled();
    expect(screen.queryByRole("button", { name: /^Add reaction/ })).toBeNull();
  });

  it("are not shown on a removed message", () => {
    renderChatPopup({ messages: [line(1, { removed: true, text: "" })], reactions: reactionsByKey({ "m:1": reactions([chip("👍", 2)]) }) });
    expect(screen.queryByRole("group", { name: "Reactions" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Add reaction/ })).toBeNull();
  });
});

describe("Add reaction", () => {
  it("is on every message this user may react to, labelled with its sender", () => {
    chat();
    const [bo, mine] = lines();
    expect(within(bo!).getByRole("button", { name: "Add reaction to message from Bo", expanded: false })).toHaveClass(
      "msg__action--react",
    );
    expect(within(mine!).getByRole("button", { name: "Add reaction to your message" })).toBeInTheDocument();
  });

  it("opens the six reactions, named in words, the focus on the first; a choice adds it and closes them", async () => {
    const user = userEvent.setup();
    const { onReact } = chat().props;
    const add = screen.getByRole("button", { name: "Add reaction to your message" });
    await user.click(add);
    expect(add).toHaveAttribute("aria-expanded", "true");
    const picker = screen.getByRole("group", { name: "Choose a reaction" });
    expect(add).toHaveAttribute("aria-controls", picker.id);
    const options = within(picker).getAllByRole("button");
    expect(options.map((o) => [o.textContent, o.getAttribute("aria-label")])).toEqual([
      ["👍", "Thumbs up"],
      [HEART, "Heart"],
      ["😂", "Laughing"],
      ["😮", "Surprised"],
      ["❓", "Question"],
      ["✅", "Done"],
    ]);
    expect(options[0]).toHaveFocus();
    await user.click(within(picker).getByRole("button", { name: "Laughing" }));
    expect(onReact).toHaveBeenCalledExactlyOnceWith(2, "😂", true);
    expect(screen.queryByRole("group", { name: "Choose a reaction" })).toBeNull();
    expect(add).toHaveFocus();
    expect(add).toHaveAttribute("aria-expanded", "false");
  });

  it("shows this user's own as pressed in the picker; choosing one takes it back", async () => {
    const user = userEvent.setup();
    const { onReact } = chat().props;
    await user.click(screen.getByRole("button", { name: "Add reaction to message from Bo" }));
    const picker = screen.getByRole("group", { name: "Choose a reaction" });
    expect(within(picker).getByRole("button", { name: "Thumbs up", pressed: true })).toBeInTheDocument();
    expect(within(picker).getByRole("button", { name: "Question", pressed: false })).toBeInTheDocument();
    await user.click(within(picker).getByRole("button", { name: "Thumbs up" }));
    expect(onReact).toHaveBeenCalledExactlyOnceWith(1, "👍", false);
  });

  it("closes on Escape, handing the focus back, and the chat panel stays open", async () => {
    const user = userEvent.setup();
    const { onReact, onToggle } = chat().props;
    const add = screen.getByRole("button", { name: "Add reaction to your message" });
    await user.click(add);
    await user.keyboard("{ArrowRight}{ArrowRight}");
    expect(screen.getByRole("button", { name: "Laughing" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("group", { name: "Choose a reaction" })).toBeNull();
    expect(add).toHaveFocus();
    expect(onToggle).not.toHaveBeenCalled();
    expect(onReact).not.toHaveBeenCalled();
    // Escape again closes the panel, as anywhere in it.
    await user.keyboard("{Escape}");
    expect(onToggle).toHaveBeenCalledExactlyOnceWith(false);
  });

  it("moves with the arrow keys, Home and End, round the ends", async () => {
    const user = userEvent.setup();
    chat();
    await user.click(screen.getByRole("button", { name: "Add reaction to your message" }));
    await user.keyboard("{ArrowLeft}");
    expect(screen.getByRole("button", { name: "Done" })).toHaveFocus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("button", { name: "Thumbs up" })).toHaveFocus();
    await user.keyboard("{End}");
    expect(screen.getByRole("button", { name: "Done" })).toHaveFocus();
    await user.keyboard("{Home}");
    expect(screen.getByRole("button", { name: "Thumbs up" })).toHaveFocus();
  });

  it("traps nothing: Tab goes on past the picker, which closes behind it", async () => {
    const user = userEvent.setup();
    chat();
    await user.click(screen.getByRole("button", { name: "Add reaction to message from Bo" }));
    for (let i = 0; i < 6; i += 1) await user.tab();
    expect(screen.queryByRole("group", { name: "Choose a reaction" })).toBeNull();
    expect(document.activeElement).not.toBe(document.body);
    expect(lines()[0]!.contains(document.activeElement)).toBe(false);
  });

  it("closes on a click elsewhere, and toggles with its button", async () => {
    const user = userEvent.setup();
    chat();
    const add = screen.getByRole("button", { name: "Add reaction to message from Bo" });
    await user.click(add);
    await user.click(screen.getByText("Message 2"));
    expect(screen.queryByRole("group", { name: "Choose a reaction" })).toBeNull();
    await user.click(add);
    expect(screen.getByRole("group", { name: "Choose a reaction" })).toBeInTheDocument();
    await user.click(add);
    expect(screen.queryByRole("group", { name: "Choose a reaction" })).toBeNull();
  });

  it("goes, picker and all, when this user can no longer react; the focus stays in the line", async () => {
    const user = userEvent.setup();
    const { rerender } = chat();
    await user.click(screen.getByRole("button", { name: "Add reaction to message from Bo" }));
    expect(screen.getByRole("group", { name: "Choose a reaction" })).toBeInTheDocument();
    rerender({ reactions: reactionsByKey({ "m:1": reactions([chip("👍", 3, true), chip("❓", 1)], false) }) });
    expect(screen.queryByRole("group", { name: "Choose a reaction" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Add reaction/ })).toBeNull();
    expect(lines()[0]).toHaveFocus();
  });

  it("takes the focus when the chip holding it goes (its count fell to 0)", async () => {
    const user = userEvent.setup();
    const { rerender } = chat();
    await user.click(screen.getByRole("button", { name: "Question: 1 reaction" }));
    rerender({
      reactions: reactionsByKey({
        "m:1": reactions([chip("👍", 3, true)]),
        "m:2": reactions([]),
      }),
    });
    expect(screen.getByRole("button", { name: "Add reaction to message from Bo" })).toHaveFocus();
  });

  it("is worded in Spanish for a Spanish speaker", async () => {
    chat(true, "es");
    fireEvent.click(screen.getByRole("button", { name: "Agregar una reacción al mensaje de Bo" }));
    const picker = screen.getByRole("group", { name: "Elige una reacción" });
    expect(within(picker).getAllByRole("button").map((o) => o.getAttribute("aria-label"))).toEqual([
      "Pulgar arriba",
      "Corazón",
      "Risa",
      "Sorpresa",
      "Pregunta",
      "Listo",
    ]);
    expect(screen.getByRole("button", { name: "Agregar una reacción a tu mensaje" })).toBeInTheDocument();
  });

  it("passes axe, chips and picker open", async () => {
    const user = userEvent.setup();
    chat();
    await user.click(screen.getByRole("button", { name: "Add reaction to message from Bo" }));
    expect(await axeViolations()).toEqual([]);
  });

  it("passes axe with read-only chips", async () => {
    chat(false);
    expect(await axeViolations()).toEqual([]);
  });
});

describe("the message list", () => {
  /** The scroller with a layout jsdom does not have: `height` is its content's height. */
  function layout(height: { current: number }) {
    const scroller = screen.getByRole("region", { name: "Messages" });
    Object.defineProperty(scroller, "scrollHeight", { configurable: true, get: () => height.current });
    Object.defineProperty(scroller, "clientHeight", { configurable: true, value: 400 });
    return scroller;
  }

  it("keeps a reader at the bottom there when the newest message gets its first reaction", () => {
    const height = { current: 1000 };
    const { rerender } = renderChatPopup({ messages: [line(1), line(2)], reactions: reactionsByKey({ "m:1": reactions([]), "m:2": reactions([]) }) });
    const scroller = layout(height);
    scroller.scrollTop = 600;
    fireEvent.scroll(scroller);
    height.current = 1040;
    rerender({ reactions: reactionsByKey({ "m:1": reactions([]), "m:2": reactions([chip("👍", 1)]) }) });
    expect(scroller.scrollTop).toBe(1040);
  });

  it("leaves a reader higher up where they are", () => {
    const height = { current: 1000 };
    const { rerender } = renderChatPopup({ messages: [line(1), line(2)], reactions: reactionsByKey({ "m:1": reactions([]), "m:2": reactions([]) }) });
    const scroller = layout(height);
    scroller.scrollTop = 200;
    fireEvent.scroll(scroller);
    height.current = 1040;
    rerender({ reactions: reactionsByKey({ "m:1": reactions([]), "m:2": reactions([chip("👍", 1)]) }) });
    expect(scroller.scrollTop).toBe(200);
  });
});
