import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it, vi } from "vitest";
import type { PollInfo, PollResults, PollState } from "../api";
import { I18n } from "../i18n/I18n";
import type { PollsState } from "../state/polls";
import { type PastPollView, pastPolls } from "../state/pollView";
import { formatTime } from "../state/view";
import { PastPolls } from "./PastPolls";

const OPENED = "2026-12-02T09:00:00.000Z";

const info = (id: string, extra: Partial<PollInfo> = {}): PollInfo => ({
  id,
  question: `Question ${id}`,
  kind: "single",
  options: ["Mars", "Jupiter"],
  quiz: true,
  anonymous: false,
  changes: false,
  opened_at: OPENED,
  ...extra,
});

const results = (poll: string, extra: Partial<PollResults> = {}): PollResults => ({
  poll,
  answered: 2,
  students: 3,
  counts: [1, 1],
  texts: [],
  correct: [1],
  ...extra,
});

const list: PollsState = {
  sending: {},
  refused: {},
  list: [
    { info: info("q_1"), status: "revealed", answered: true, mine: { choices: [1] }, results: results("q_1") },
    {
      info: info("q_2", { kind: "text", options: [], quiz: false }),
      status: "revealed",
      answered: true,
      mine: { text: "sugar" },
      results: results("q_2", { counts: [], correct: [], texts: [{ text: "sugar", count: 2 }] }),
    },
    { info: info("q_3"), status: "closed", answered: true, mine: { choices: [0] } },
    { info: info("q_4"), status: "open", answered: false } satisfies PollState,
  ],
};

function show(polls: PastPollView[], onReveal?: (poll: string) => void) {
  return render(
    <I18n locale="en">
      <PastPolls polls={polls} onReveal={onReveal} />
    </I18n>,
  );
}

describe("PastPolls", () => {
  it("renders nothing before there is an earlier poll", () => {
    const { container } = show([]);
    expect(container).toBeEmptyDOMElement();
  });

  it("lists the earlier polls newest first, each with its number, time, question and status", () => {
    show(pastPolls(list, false));
    const region = screen.getByRole("region", { name: "Earlier polls (3)" });
    const items = within(region).getAllByRole("listitem").filter((li) => li.parentElement?.classList.contains("past-polls__list"));
    expect(items).toHaveLength(3);
    const summaries = items.map((item) => item.querySelector("summary")!);
    expect(summaries[0]).toHaveTextContent(`Poll 3 · ${formatTime(OPENED, "en")}`);
    expect(summaries[0]).toHaveTextContent("Question q_3");
    expect(summaries[0]).toHaveTextContent("Closed");
    expect(summaries[2]).toHaveTextContent("Results shown to the class");
    expect(summaries[2]).toHaveTextContent("Right");
  });

  it("shows a student the results the teacher showed, and says when they were not", async () => {
    const user = userEvent.setup();
    show(pastPolls(list, false));
    await user.click(screen.getByText("Question q_1"));
    const bars = within(screen.getByRole("list", { name: "Results" })).getAllByRole("listitem");
    expect(bars.map((b) => b.textContent)).toEqual(["Mars1 answer · 50%", "JupiterCorrectYour answer1 answer · 50%"]);
    await user.click(screen.getByText("Question q_2"));
    expect(within(screen.getByRole("list", { name: "Answers" })).getByRole("listitem")).toHaveTextContent("sugarYour answer2 students");
    await user.click(screen.getByText("Question q_3"));
    expect(screen.getByText("Your teacher has not shown the results of this poll.")).toBeVisible();
    expect(screen.queryByRole("button", { name: "Show results to the class" })).toBeNull();
  });

  it("gives the teacher every result, and shows a closed poll's results to the class on request", async () => {
    const user = userEvent.setup();
    const onReveal = vi.fn();
    const teacherList: PollsState = {
      ...list,
      list: list.list.map((p) => (p.info.id === "q_3" ? { ...p, mine: undefined, results: results("q_3", { who: ["p_2"] }) } : p)),
    };
    show(pastPolls(teacherList, true), onReveal);
    await user.click(screen.getByText("Question q_3"));
    expect(screen.getAllByText("2 of 3 have answered")[0]).toBeVisible();
    await user.click(screen.getByRole("button", { name: "Show results to the class" }));
    expect(onReveal).toHaveBeenCalledWith("q_3");
    expect(screen.queryByText("Right")).toBeNull();
  });
});

describe("PastPolls accessibility", () => {
  it("has no axe violations, opened or not", async () => {
    // axe measures icon fonts on a canvas, which jsdom has not.
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
    const user = userEvent.setup();
    show(pastPolls(list, true), () => {});
    let found = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
    expect(found.violations.map((v) => v.id)).toEqual([]);
    await user.click(screen.getByText("Question q_1"));
    await user.click(screen.getByText("Question q_2"));
    found = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
    expect(found.violations.map((v) => v.id)).toEqual([]);
  });
});
