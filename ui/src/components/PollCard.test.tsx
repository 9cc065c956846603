import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it, vi } from "vitest";
import type { PollAnswer, PollInfo, PollResults, PollState } from "../api";
import { I18n } from "../i18n/I18n";
import { type StudentPollView, studentPollView } from "../state/pollView";
import { POLL_OPENED, pollInfo } from "../test/fixtures";
import { PollCard } from "./PollCard";

const OPENED = POLL_OPENED;
const NOW = Date.parse(OPENED) + 20_000;

const info = pollInfo;

const results = (extra: Partial<PollResults> = {}): PollResults => ({
  poll: "q_1",
  answered: 3,
  students: 4,
  counts: [1, 2, 0],
  texts: [],
  correct: [1],
  ...extra,
});

function view(poll: Partial<PollState> & { info?: PollInfo } = {}, sending?: PollAnswer): StudentPollView {
  return studentPollView({ info: info(), status: "open", answered: false, ...poll }, sending, NOW);
}

function card(poll: StudentPollView | null, locale: "en" | "es" = "en") {
  const onAnswer = vi.fn();
  const ui = (p: StudentPollView | null) => (
    <I18n locale={locale}>
      <PollCard poll={p} maxAnswerChars={20} onAnswer={onAnswer} />
    </I18n>
  );
  const { rerender, container } = render(ui(poll));
  return { onAnswer, container, update: (p: StudentPollView | null) => rerender(ui(p)) };
}

const liveRegion = (container: HTMLElement) => container.querySelector('[aria-live="polite"]');

describe("PollCard", () => {
  it("renders only its empty live region without a poll, and announces one when it opens", () => {
    const { container, update } = card(null);
    expect(screen.queryByRole("region")).toBeNull();
    expect(liveRegion(container)).toHaveTextContent(/^$/);
    update(view());
    expect(liveRegion(container)).toHaveTextContent("New poll: Which planet is largest?");
    expect(screen.getByRole("region", { name: "Which planet is largest?" })).toBeInTheDocument();
  });

  it("answers a single choice in one click, shows Sending… and then Answer sent", async () => {
    const user = userEvent.setup();
    const { onAnswer, update } = card(view());
    const group = screen.getByRole("group", { name: "Choose one option." });
    await user.click(within(group).getByRole("button", { name: "Jupiter" }));
    expect(onAnswer).toHaveBeenCalledWith("q_1", { choices: [1] });

    update(view({}, { choices: [1] }));
    expect(screen.getByRole("status")).toHaveTextContent("Sending…");
    expect(screen.getByRole("button", { name: "Jupiter" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: "Mars" })).toBeDisabled();

    update(view({ answered: true, mine: { choices: [1] } }));
    expect(screen.getByRole("status")).toHaveTextContent("Answer sent.");
    expect(screen.getByRole("button", { name: "Jupiter" })).toHaveAttribute("aria-pressed", "true");
    // Not changeable: every option is locked.
    expect(screen.getByRole("button", { name: "Mars" })).toBeDisabled();
  });

  it("lets the student change the answer where the poll allows it", async () => {
    const user = userEvent.setup();
    const { onAnswer } = card(view({ info: info({ changes: true }), answered: true, mine: { choices: [1] } }));
    expect(screen.getByRole("status")).toHaveTextContent("Answer sent. You can change it until the poll closes.");
    await user.click(screen.getByRole("button", { name: "Jupiter" }));
    expect(onAnswer).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Venus" }));
    expect(onAnswer).toHaveBeenCalledWith("q_1", { choices: [2] });
  });

  it("is answered from the keyboard: Tab to an option, Enter", async () => {
    const user = userEvent.setup();
    const { onAnswer } = card(view());
    await user.tab();
    await user.tab();
    expect(screen.getByRole("button", { name: "Jupiter" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(onAnswer).toHaveBeenCalledWith("q_1", { choices: [1] });
  });

  it("takes several choices, then Send; none is not an answer", async () => {
    const user = userEvent.setup();
    const { onAnswer } = card(view({ info: info({ kind: "multi" }) }));
    const group = screen.getByRole("group", { name: "Choose one or more options, then send." });
    await user.click(within(group).getByRole("button", { name: "Send answer" }));
    expect(onAnswer).not.toHaveBeenCalled();
    expect(screen.getByText("Choose at least one option.")).toBeInTheDocument();
    await user.click(within(group).getByRole("checkbox", { name: "Venus" }));
    await user.click(within(group).getByRole("checkbox", { name: "Mars" }));
    await user.click(within(group).getByRole("button", { name: "Send answer" }));
    expect(onAnswer).toHaveBeenCalledWith("q_1", { choices: [0, 2] });
  });

  it("takes a short text, checked against the class's limit, sent with Enter", async () => {
    const user = userEvent.setup();
    const { onAnswer } = card(view({ info: info({ kind: "text", options: [], quiz: false }) }));
    const input = screen.getByRole("textbox", { name: "Your answer" });
    await user.type(input, "Light turned into sugar by plants{Enter}");
    expect(onAnswer).not.toHaveBeenCalled();
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription(expect.stringContaining("An answer can have at most 20 characters."));
    await user.clear(input);
    await user.type(input, "  Light into  sugar ");
    expect(input).toHaveAccessibleDescription("16/20");
    await user.keyboard("{Enter}");
    expect(onAnswer).toHaveBeenCalledWith("q_1", { text: "Light into sugar" });
  });

  it("keeps a sent text answer in its box, and says when it is anonymous", () => {
    card(view({ info: info({ kind: "text", options: [], quiz: false, anonymous: true }), answered: true }, { text: "sugar" }));
    expect(screen.getByRole("textbox", { name: "Your answer" })).toHaveValue("sugar");
    expect(screen.getByRole("textbox", { name: "Your answer" })).toBeDisabled();
    expect(screen.getByText("Anonymous")).toBeInTheDocument();
  });

  it("takes no answer once closed, and shows the time left while open", () => {
    const { update } = card(view({ info: info({ closes_at: "2026-12-02T09:01:00.000Z" }) }));
    expect(screen.getByRole("timer")).toHaveTextContent("0:40 left");
    update(view({ info: info({ closes_at: "2026-12-02T09:01:00.000Z" }), status: "closed" }));
    expect(screen.queryByRole("timer")).toBeNull();
    for (const button of screen.getAllByRole("button")) expect(button).toBeDisabled();
    expect(screen.getByRole("status")).toHaveTextContent("The poll is closed. You did not answer.");
  });

  it("shows nothing of others' answers before the reveal", () => {
    card(view({ status: "closed", answered: true, mine: { choices: [0] }, results: results() }));
    expect(screen.queryByRole("list", { name: "Results" })).toBeNull();
    expect(screen.queryByText(/answers ·/)).toBeNull();
  });

  it("shows the results once revealed: the correct option marked in words, the own answer, and that it was wrong", () => {
    const { container } = card(view({ status: "revealed", answered: true, mine: { choices: [0] }, results: results() }));
    expect(liveRegion(container)).toHaveTextContent("Poll results are shown: Which planet is largest?");
    expect(screen.getByText("Not this time. The correct answer: Jupiter")).toBeInTheDocument();
    const bars = within(screen.getByRole("list", { name: "Results" })).getAllByRole("listitem");
    expect(bars.map((bar) => bar.textContent)).toEqual([
      "MarsYour answer1 answer · 33%",
      "JupiterCorrect2 answers · 67%",
      "Venus0 answers · 0%",
    ]);
    expect(screen.getByText("3 of 4 have answered")).toBeInTheDocument();
  });

  it("tells a student who was right, in Spanish too", () => {
    card(view({ status: "revealed", answered: true, mine: { choices: [1] }, results: results() }), "es");
    expect(screen.getByText("¡Acertaste!")).toBeInTheDocument();
    expect(screen.getByText("2 respuestas · 67 %", { normalizer: (s) => s.replace(/\s/gu, " ") })).toBeInTheDocument();
  });

  it("shows a revealed short-answer poll as a list (the cloud is for the eye)", () => {
    card(
      view({
        info: info({ kind: "text", options: [], quiz: false }),
        status: "revealed",
        answered: true,
        mine: { text: "sugar" },
        results: results({ counts: [], correct: [], texts: [{ text: "Sugar", count: 2 }, { text: "light", count: 1 }] }),
      }),
    );
    const items = within(screen.getByRole("list", { name: "Answers" })).getAllByRole("listitem");
    expect(items.map((i) => i.textContent)).toEqual(["SugarYour answer2 students", "light1 student"]);
    expect(screen.queryByRole("button", { name: /Hide/ })).toBeNull();
  });
});

describe("PollCard accessibility", () => {
  it.each([
    ["a single choice", view()],
    ["a multiple choice, answered", view({ info: info({ kind: "multi", changes: true }), answered: true, mine: { choices: [0] } })],
    ["a short answer", view({ info: info({ kind: "text", options: [], quiz: false, closes_at: "2026-12-02T09:01:00.000Z" }) })],
    ["revealed results", view({ status: "revealed", answered: true, mine: { choices: [0] }, results: results() })],
  ])("has no axe violations: %s", async (_, poll) => {
    // axe measures icon fonts on a canvas, which jsdom has not.
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
    card(poll);
    const found = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
    expect(found.violations.map((v) => v.id)).toEqual([]);
  });
});
