import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { text } from "../i18n";
import { I18n } from "../i18n/I18n";
import type { HandView, RoomRulesView } from "../state/roomView";
import { Composer, type ComposerRules } from "./Composer";
import { HandToggle, HandsWaiting, StudentRoom, TeacherRoom } from "./Room";

/** Rendered in English, inside a landmark as on the class screens. */
function inEnglish(ui: ReactNode) {
  return render(ui, { wrapper: ({ children }) => (
    <I18n locale="en">
      <main>{children}</main>
    </I18n>
  ) });
}

async function axeViolations(): Promise<string[]> {
  // axe measures icon fonts on a canvas, which jsdom has not.
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  const found = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
  return found.violations.map((v) => v.id);
}

const hands: HandView[] = [
  { id: "p_3", name: "Bo", waited: text("room.waited", { minutes: 4 }) },
  { id: "p_2", name: "Ada", waited: text("room.waited", { minutes: 0 }) },
];
const openRules: RoomRulesView = { locked: false, slowSeconds: 0, nameFilter: false, reactions: true, disabled: false };

function teacherRoom(over: Partial<Parameters<typeof TeacherRoom>[0]> = {}) {
  const props = {
    hands,
    rules: openRules,
    disabled: false,
    onLower: vi.fn(),
    onLowerAll: vi.fn(),
    onRules: vi.fn(),
    ...over,
  };
  inEnglish(<TeacherRoom {...props} />);
  return props;
}

describe("the hand toggle", () => {
  it("asks to raise a hand that is down, and to lower one that is up", async () => {
    const user = userEvent.setup();
    const onToggle = vi.fn();
    const { rerender } = inEnglish(<HandToggle hand={{ raised: false, disabled: false }} onToggle={onToggle} />);
    await user.click(screen.getByRole("button", { name: "Raise hand", pressed: false }));
    expect(onToggle).toHaveBeenLastCalledWith(true);
    rerender(<HandToggle hand={{ raised: true, disabled: false }} onToggle={onToggle} />);
    await user.click(screen.getByRole("button", { name: "Lower hand", pressed: true }));
    expect(onToggle).toHaveBeenLastCalledWith(false);
  });

  it("does nothing while disabled", async () => {
    const user = userEvent.setup();
    const onToggle = vi.fn();
    inEnglish(<HandToggle hand={{ raised: false, disabled: true }} onToggle={onToggle} />);
    await user.click(screen.getByRole("button", { name: "Raise hand" }));
    expect(onToggle).not.toHaveBeenCalled();
  });

  it("is in Spanish for a Spanish speaker", () => {
    render(
      <I18n locale="es">
        <HandToggle hand={{ raised: true, disabled: false }} onToggle={() => {}} />
      </I18n>,
    );
    expect(screen.getByRole("button", { name: "Bajar la mano", pressed: true })).toBeInTheDocument();
  });
});

describe("the student's room card", () => {
  it("says the hand is up and which rule applies, and has no axe violations", async () => {
    inEnglish(
      <StudentRoom
        hand={{ raised: true, disabled: false }}
        notices={[text("room.youAreMuted"), text("room.stillCan")]}
        onToggle={() => {}}
      />,
    );
    expect(screen.getByText("Your hand is raised. The teacher can see it.")).toBeInTheDocument();
    expect(screen.getByText("The teacher has muted you")).toBeInTheDocument();
    expect(await axeViolations()).toEqual([]);
  });

  it("says nothing of rules when none applies", () => {
    inEnglish(<StudentRoom hand={{ raised: false, disabled: false }} notices={[]} onToggle={() => {}} />);
    expect(screen.queryByText(/teacher has/)).toBeNull();
    expect(screen.queryByText(/Your hand is raised/)).toBeNull();
  });
});

describe("the teacher's room", () => {
  it("lists the hands in queue order, numbered, with their waits", () => {
    teacherRoom();
    const queue = screen.getByRole("region", { name: /Raised hands/ });
    const rows = within(queue).getAllByRole("listitem");
    expect(within(queue).getByRole("list").tagName).toBe("OL");
    expect(rows.map((row) => within(row).getByText(/Bo|Ada/).textContent)).toEqual(["Bo", "Ada"]);
    expect(within(rows[0]!).getByText("4 min")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("just now")).toBeInTheDocument();
  });

  it("lowers the hand asked for, or all of them", async () => {
    const user = userEvent.setup();
    const props = teacherRoom();
    await user.click(screen.getByRole("button", { name: "Lower Ada's hand" }));
    expect(props.onLower).toHaveBeenCalledExactlyOnceWith("p_2");
    await user.click(screen.getByRole("button", { name: "Lower all hands" }));
    expect(props.onLowerAll).toHaveBeenCalledOnce();
  });

  it("changes one rule at a time, leaving the other as it is", async () => {
    const user = userEvent.setup();
    const props = teacherRoom({ rules: { locked: true, slowSeconds: 10, nameFilter: false, reactions: true, disabled: false } });
    expect(screen.getByRole("checkbox", { name: "Lock the chat" })).toBeChecked();
    expect(screen.getByRole("combobox", { name: "Slow mode" })).toHaveValue("10");
    await user.click(screen.getByRole("checkbox", { name: "Lock the chat" }));
    expect(props.onRules).toHaveBeenLastCalledWith({ locked: false });
    await user.selectOptions(screen.getByRole("combobox", { name: "Slow mode" }), "Off");
    expect(props.onRules).toHaveBeenLastCalledWith({ slow_seconds: 0 });
  });

  it("turns the name filter on and off, showing it as the rules say", async () => {
    const user = userEvent.setup();
    const props = teacherRoom({ rules: { ...openRules, nameFilter: true } });
    const box = screen.getByRole("checkbox", { name: "Refuse offensive names" });
    expect(box).toBeChecked();
    await user.click(box);
    expect(props.onRules).toHaveBeenLastCalledWith({ name_filter: false });
  });

  it("cannot change the name filter while not connected", () => {
    teacherRoom({ rules: { ...openRules, disabled: true } });
    expect(screen.getByRole("checkbox", { name: "Refuse offensive names" })).toBeDisabled();
  });

  it("turns reactions off and on again: checked while they are allowed", async () => {
    const user = userEvent.setup();
    const props = teacherRoom();
    const box = screen.getByRole("checkbox", { name: "Allow reactions" });
    expect(box).toBeChecked();
    await user.click(box);
    expect(props.onRules).toHaveBeenCalledExactlyOnceWith({ reactions_off: true });
  });

  it("turns reactions back on from off", async () => {
    const user = userEvent.setup();
    const props = teacherRoom({ rules: { ...openRules, reactions: false } });
    const box = screen.getByRole("checkbox", { name: "Allow reactions" });
    expect(box).not.toBeChecked();
    await user.click(box);
    expect(props.onRules).toHaveBeenCalledExactlyOnceWith({ reactions_off: false });
  });

  it("cannot change reactions while not connected", async () => {
    const user = userEvent.setup();
    const props = teacherRoom({ rules: { ...openRules, disabled: true } });
    const box = screen.getByRole("checkbox", { name: "Allow reactions" });
    expect(box).toBeDisabled();
    await user.click(box);
    expect(props.onRules).not.toHaveBeenCalled();
  });

  it("describes what the rules do to screen readers", () => {
    teacherRoom();
    expect(screen.getByRole("checkbox", { name: "Lock the chat" })).toHaveAccessibleDescription(
      "While it is locked, only you can post.",
    );
    expect(screen.getByRole("combobox", { name: "Slow mode" })).toHaveAccessibleDescription(
      "Each student can post one message per interval. You are exempt.",
    );
    expect(screen.getByRole("checkbox", { name: "Refuse offensive names" })).toHaveAccessibleDescription(
      "Students joining with an offensive name are turned away; names already in the class are not checked.",
    );
    expect(screen.getByRole("checkbox", { name: "Allow reactions" })).toHaveAccessibleDescription(
      "Everyone can react to messages. While off, nobody can add or take back a reaction; the counts already given stay.",
    );
  });

  it("says when no hand is up", () => {
    teacherRoom({ hands: [] });
    expect(screen.getByText("No hands are raised.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Lower all hands" })).toBeNull();
  });

  it("has no axe violations", async () => {
    teacherRoom();
    expect(await axeViolations()).toEqual([]);
  });

  it("counts the hands on the class screen, and shows none when there are none", async () => {
    const user = userEvent.setup();
    const onShow = vi.fn();
    const { rerender } = inEnglish(<HandsWaiting count={1} onShow={onShow} />);
    expect(screen.getByText("1 raised hand")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Show raised hands" }));
    expect(onShow).toHaveBeenCalledOnce();
    rerender(<HandsWaiting count={0} onShow={onShow} />);
    expect(screen.queryByRole("button", { name: "Show raised hands" })).toBeNull();
  });
});

describe("the message box under the chat's rules", () => {
  function composer(rules: ComposerRules, draft = "") {
    const onSend = vi.fn();
    inEnglish(
      <Composer
        maxChars={2000}
        disabledReason={null}
        rules={rules}
        typingText={null}
        text={draft}
        onTextChange={() => {}}
        onSend={onSend}
        onTyped={() => {}}
      />,
    );
    return onSend;
  }

  it("is disabled with the reason when the student may not post", () => {
    composer({ blocked: "The teacher has muted you", rule: null, wait: null }, "hello");
    const box = screen.getByRole("textbox", { name: "Message" });
    expect(box).toBeDisabled();
    expect(box).toHaveAccessibleDescription(expect.stringContaining("The teacher has muted you"));
    expect(screen.getByText("The teacher has muted you")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
  });

  it("says slow mode and lets a message go when no wait is left", async () => {
    const user = userEvent.setup();
    const onSend = composer({ blocked: null, rule: "Slow mode: one message every 10 s", wait: null }, "hello");
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveAccessibleDescription(
      expect.stringContaining("Slow mode: one message every 10 s"),
    );
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(onSend).toHaveBeenCalledWith("hello");
  });

  it("keeps Send disabled during the wait, while typing goes on", () => {
    composer({ blocked: null, rule: "Slow mode: one message every 10 s", wait: "You can send again in 7 s" }, "hello");
    expect(screen.getByText("You can send again in 7 s")).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Message" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
  });

  it("has no axe violations when blocked", async () => {
    composer({ blocked: "The teacher has locked the chat", rule: null, wait: null });
    expect(await axeViolations()).toEqual([]);
  });
});
