import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it, vi } from "vitest";
import type { PollDraft } from "../api";
import { I18n } from "../i18n/I18n";
import { DEFAULT_POLL_LIMITS, type PollLimits } from "../state/pollView";
import { PollComposer, type PollComposerProps } from "./PollComposer";

function open(props: Partial<PollComposerProps> & { locale?: "en" | "es"; limits?: PollLimits } = {}) {
  const onSubmit = vi.fn<(draft: PollDraft) => Promise<void> | void>();
  const onCancel = vi.fn();
  const { locale = "en", ...rest } = props;
  const view = render(
    <I18n locale={locale}>
      <button type="button">New poll</button>
      <PollComposer limits={DEFAULT_POLL_LIMITS} onSubmit={onSubmit} onCancel={onCancel} {...rest} />
    </I18n>,
  );
  return { onSubmit, onCancel, dialog: screen.getByRole("dialog"), ...view };
}

const option = (n: number) => screen.getByRole("textbox", { name: `Option ${n}` });

describe("PollComposer", () => {
  it("is a labelled dialog that starts in the question, and Escape cancels", async () => {
    const user = userEvent.setup();
    const { onCancel, dialog } = open();
    expect(dialog).toHaveAccessibleName("New poll");
    expect(screen.getByRole("textbox", { name: "Question" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it("keeps Tab inside the dialog", async () => {
    const user = userEvent.setup();
    open();
    screen.getByRole("button", { name: "Start poll" }).focus();
    await user.tab();
    expect(screen.getByRole("textbox", { name: "Question" })).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByRole("button", { name: "Start poll" })).toHaveFocus();
  });

  it("says what is missing next to each field, puts the cursor there, and sends nothing", async () => {
    const user = userEvent.setup();
    const { onSubmit } = open();
    await user.click(screen.getByRole("button", { name: "Start poll" }));
    expect(onSubmit).not.toHaveBeenCalled();
    const question = screen.getByRole("textbox", { name: "Question" });
    expect(question).toHaveFocus();
    expect(question).toHaveAttribute("aria-invalid", "true");
    expect(question).toHaveAccessibleDescription(expect.stringContaining("Type a question."));
    expect(option(1)).toHaveAccessibleDescription("Type this option, or remove it.");
    expect(option(2)).toHaveAccessibleDescription("Type this option, or remove it.");

    // The problems follow the typing.
    await user.type(question, "Largest planet?");
    expect(screen.queryByText("Type a question.")).toBeNull();
    await user.type(option(1), "Mars");
    await user.type(option(2), " mars ");
    expect(option(2)).toHaveAccessibleDescription("This option is the same as option 1. Make each option different.");
    await user.click(screen.getByRole("button", { name: "Start poll" }));
    expect(option(2)).toHaveFocus();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("fills the options from a preset in one click and sends the poll with its settings", async () => {
    const user = userEvent.setup();
    const { onSubmit } = open();
    await user.type(screen.getByRole("textbox", { name: "Question" }), "Is the Earth round?");
    const presets = screen.getByRole("group", { name: "Quick options" });
    expect(within(presets).getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Yes / No",
      "A B C D",
      "True / False",
      "Agreement scale (1–5)",
    ]);
    await user.click(within(presets).getByRole("button", { name: "Yes / No" }));
    expect(option(1)).toHaveValue("Yes");
    expect(option(2)).toHaveValue("No");
    await user.click(screen.getByRole("checkbox", { name: "Option 1 is correct" }));
    await user.click(screen.getByRole("checkbox", { name: "Close by itself after a time" }));
    const seconds = screen.getByRole("spinbutton", { name: "Seconds" });
    await user.clear(seconds);
    await user.type(seconds, "30");
    await user.click(screen.getByRole("checkbox", { name: "Students may change their answer" }));
    await user.click(screen.getByRole("button", { name: "Start poll" }));
    expect(onSubmit).toHaveBeenCalledWith({
      question: "Is the Earth round?",
      kind: "single",
      options: ["Yes", "No"],
      correct: [0],
      seconds: 30,
      anonymous: false,
      changes: true,
    });
  });

  it("offers the agreement scale and the other presets in Spanish", async () => {
    const user = userEvent.setup();
    open({ locale: "es" });
    expect(screen.getByRole("dialog")).toHaveAccessibleName("Nueva encuesta");
    await user.click(screen.getByRole("button", { name: "Escala de acuerdo (1–5)" }));
    const values = screen.getAllByRole("textbox", { name: /^Opción/ }).map((input) => (input as HTMLInputElement).value);
    expect(values).toEqual(["Muy en desacuerdo", "En desacuerdo", "Ni de acuerdo ni en desacuerdo", "De acuerdo", "Muy de acuerdo"]);
  });

  it("checks the timer's range", async () => {
    const user = userEvent.setup();
    const { onSubmit } = open();
    await user.type(screen.getByRole("textbox", { name: "Question" }), "Q?");
    await user.click(screen.getByRole("button", { name: "True / False" }));
    await user.click(screen.getByRole("checkbox", { name: "Close by itself after a time" }));
    const seconds = screen.getByRole("spinbutton", { name: "Seconds" });
    await user.clear(seconds);
    await user.type(seconds, "5");
    await user.click(screen.getByRole("button", { name: "Start poll" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(seconds).toHaveFocus();
    expect(seconds).toHaveAccessibleDescription(expect.stringContaining("Type a number of seconds from 10 to 600."));
  });

  it("sends a short-answer poll without options, and an anonymous one without changes", async () => {
    const user = userEvent.setup();
    const { onSubmit } = open();
    await user.type(screen.getByRole("textbox", { name: "Question" }), "One word for photosynthesis?");
    await user.click(screen.getByRole("radio", { name: "Short answer" }));
    expect(screen.queryByRole("textbox", { name: "Option 1" })).toBeNull();
    expect(screen.queryByRole("group", { name: "Quick options" })).toBeNull();
    const changes = screen.getByRole("checkbox", { name: "Students may change their answer" });
    await user.click(changes);
    await user.click(screen.getByRole("checkbox", { name: "Anonymous" }));
    expect(changes).toBeDisabled();
    expect(changes).not.toBeChecked();
    expect(changes).toHaveAccessibleDescription("Not with anonymous answers.");
    await user.click(screen.getByRole("button", { name: "Start poll" }));
    expect(onSubmit).toHaveBeenCalledWith({
      question: "One word for photosynthesis?",
      kind: "text",
      options: [],
      correct: [],
      anonymous: true,
      changes: false,
    });
  });

  it("adds options up to the class's limit, each with the cursor, and removes them down to two", async () => {
    const user = userEvent.setup();
    open({ limits: { ...DEFAULT_POLL_LIMITS, max_poll_options: 3 } });
    const remove = screen.getByRole("button", { name: "Remove option 1" });
    expect(remove).toBeDisabled();
    const add = screen.getByRole("button", { name: "Add option" });
    await user.click(add);
    expect(option(3)).toHaveFocus();
    expect(add).toBeDisabled();
    expect(screen.getByText("2 to 3 options. To make it a quiz, tick the correct ones (optional).")).toBeInTheDocument();
    await user.type(option(3), "Venus");
    await user.click(screen.getByRole("button", { name: "Remove option 1" }));
    expect(option(1)).toHaveValue("");
    expect(option(2)).toHaveValue("Venus");
    expect(screen.queryByRole("textbox", { name: "Option 3" })).toBeNull();
  });

  it("sends a multiple choice quiz", async () => {
    const user = userEvent.setup();
    const { onSubmit } = open();
    await user.type(screen.getByRole("textbox", { name: "Question" }), "Which are planets?");
    await user.click(screen.getByRole("radio", { name: "Several choices" }));
    await user.click(screen.getByRole("button", { name: "A B C D" }));
    await user.click(screen.getByRole("checkbox", { name: "Option 4 is correct" }));
    await user.click(screen.getByRole("checkbox", { name: "Option 2 is correct" }));
    await user.click(screen.getByRole("button", { name: "Start poll" }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ kind: "multi", options: ["A", "B", "C", "D"], correct: [1, 3] }));
  });

  it("waits while the poll is being opened, and shows why it was not", async () => {
    const user = userEvent.setup();
    let finish: () => void = () => {};
    const { onSubmit, rerender, onCancel } = open();
    onSubmit.mockImplementation(() => new Promise<void>((resolve) => (finish = resolve)));
    await user.type(screen.getByRole("textbox", { name: "Question" }), "Q?");
    await user.click(screen.getByRole("button", { name: "Yes / No" }));
    await user.click(screen.getByRole("button", { name: "Start poll" }));
    expect(screen.getByRole("button", { name: "Starting…" })).toBeDisabled();
    finish();
    expect(await screen.findByRole("button", { name: "Start poll" })).toBeEnabled();
    rerender(
      <I18n locale="en">
        <button type="button">New poll</button>
        <PollComposer
          limits={DEFAULT_POLL_LIMITS}
          error="Another poll is still open. Close it before starting a new one."
          onSubmit={onSubmit}
          onCancel={onCancel}
        />
      </I18n>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Another poll is still open.");
  });
});

describe("PollComposer accessibility", () => {
  it("has no axe violations, with problems shown", async () => {
    // axe measures icon fonts on a canvas, which jsdom has not.
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
    const user = userEvent.setup();
    open();
    await user.click(screen.getByRole("radio", { name: "Several choices" }));
    await user.click(screen.getByRole("checkbox", { name: "Close by itself after a time" }));
    await user.click(screen.getByRole("button", { name: "Start poll" }));
    const found = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
    expect(found.violations.map((v) => v.id)).toEqual([]);
  });
});
