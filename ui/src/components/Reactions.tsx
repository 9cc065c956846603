// Reactions under a chat message: a chip for each reaction given (the emoji
// and how many gave it; pressed when one of them is this user's, and a
// toggle while they may react), and the compact picker "Add reaction" opens
// (the six of the fixed set, each named in words). The picker is a row in
// the message, not a dialog: Tab leaves it (and closes it), the arrow keys
// move within it, Escape or a choice closes it and hands the focus back to
// the button that opened it, and a click elsewhere closes it. Renders views
// and reports intents.

import { type KeyboardEvent, type RefObject, useEffect, useRef } from "react";
import { useIntl } from "react-intl";
import { useSay, useT } from "../i18n/I18n";
import type { Reaction } from "../state/reactions";
import type { ReactionChipView, ReactionOptionView } from "../state/reactionsView";
import "./Reactions.css";

export interface ReactionChipsProps {
  chips: readonly ReactionChipView[];
  /** This user may react now: each chip toggles their reaction; otherwise they are read-only. */
  interactive: boolean;
  /** Adds (`on`) or takes back this user's reaction. */
  onToggle(emoji: Reaction, on: boolean): void;
}

/** The reactions a message got; nothing when it got none. */
export function ReactionChips({ chips, interactive, onToggle }: ReactionChipsProps) {
  const t = useT();
  const say = useSay();
  const intl = useIntl();
  if (chips.length === 0) return null;
  return (
    <div className="reactions" role="group" aria-label={t("reactions.group")}>
      {chips.map((chip) => {
        const label = t(chip.mine ? "reactions.chipYours" : "reactions.chip", {
          name: say(chip.name) ?? "",
          count: chip.count,
        });
        const classes = `reaction-chip${chip.mine ? " reaction-chip--mine" : ""}${interactive ? "" : " reaction-chip--static"}`;
        const body = (
          <>
            <span className="reaction-chip__emoji" aria-hidden="true">
              {chip.emoji}
            </span>
            <span className="reaction-chip__count" aria-hidden="true">
              {intl.formatNumber(chip.count)}
            </span>
          </>
        );
        return interactive ? (
          <button
            key={chip.emoji}
            type="button"
            className={classes}
            aria-pressed={chip.mine}
            aria-label={label}
            title={label}
            onClick={() => onToggle(chip.emoji, !chip.mine)}
          >
            {body}
          </button>
        ) : (
          <span key={chip.emoji} className={classes} role="img" aria-label={label} title={label}>
            {body}
          </span>
        );
      })}
    </div>
  );
}

export interface ReactionPickerProps {
  /** The element's id (the Add reaction button's `aria-controls`). */
  id: string;
  options: readonly ReactionOptionView[];
  /** The button that opened it: clicking it is not "elsewhere", and it gets the focus back. */
  anchor: RefObject<HTMLButtonElement | null>;
  /** A choice: add (`on`) this reaction, or take it back (it was this user's). */
  onPick(emoji: Reaction, on: boolean): void;
  /** Close it; `refocus`: hand the focus back to the anchor. */
  onClose(refocus: boolean): void;
}

/** The six reactions to choose from; the first takes the focus when it opens. */
export function ReactionPicker({ id, options, anchor, onPick, onClose }: ReactionPickerProps) {
  const t = useT();
  const say = useSay();
  const root = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    root.current?.querySelector("button")?.focus();
  }, []);

  // A press anywhere else closes it (the focus stays where that press put it).
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target instanceof Node ? event.target : null;
      if (target !== null && (root.current?.contains(target) || anchor.current?.contains(target))) return;
      close.current(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [anchor]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      // Handled: the chat panel must not close too.
      event.preventDefault();
      onClose(true);
      return;
    }
    const buttons = [...(root.current?.querySelectorAll("button") ?? [])];
    const index = buttons.findIndex((b) => b === document.activeElement);
    let next: number | null = null;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = (index + 1) % buttons.length;
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = (index - 1 + buttons.length) % buttons.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = buttons.length - 1;
    if (next === null || buttons.length === 0) return;
    event.preventDefault();
    buttons[next]?.focus();
  };

  return (
    <div
      ref={root}
      id={id}
      className="reaction-picker"
      role="group"
      aria-label={t("reactions.picker")}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        // Tabbed out (not to its own button): it closes behind the focus.
        const to = event.relatedTarget;
        if (to !== null && !event.currentTarget.contains(to) && to !== anchor.current) onClose(false);
      }}
    >
      {options.map((option) => {
        const name = say(option.name) ?? "";
        return (
          <button
            key={option.emoji}
            type="button"
            className={`reaction-picker__option${option.mine ? " reaction-picker__option--mine" : ""}`}
            aria-pressed={option.mine}
            aria-label={name}
            title={name}
            onClick={() => {
              onPick(option.emoji, !option.mine);
              onClose(true);
            }}
          >
            <span aria-hidden="true">{option.emoji}</span>
          </button>
        );
      })}
    </div>
  );
}
