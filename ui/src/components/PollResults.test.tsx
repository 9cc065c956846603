import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it, vi } from "vitest";
import type { PollInfo, PollResults as Results, PollState } from "../api";
import { CATALOGUES } from "../i18n/catalogues";
import { I18n } from "../i18n/I18n";
import { PSEUDO_CLOSE, PSEUDO_OPEN, pseudoCatalogue } from "../i18n/pseudo";
import {
  DEFAULT_POLL_LIMITS,
  type TeacherPollView,
  answeredMarks,
  pastPolls,
  studentPollView,
  teacherPollView,
  whoAnswered,
} from "../state/pollView";
import type { ParticipantView } from "../state/view";
import { POLL_OPENED, ada, bo, cy, participant, pollInfo, teacher } from "../test/fixtures";
import { ParticipantsList } from "./ParticipantsList";
import { PastPolls } from "./PastPolls";
import { PollCard } from "./PollCard";
import { PollComposer } from "./PollComposer";
import { PollResults } from "./PollResults";

const OPENED = POLL_OPENED;
const NOW = Date.parse(OPENED) + 30_000;

const info = pollInfo;

const results = (extra: Partial<Results> = {}): Results => ({
  poll: "q_1",
  answered: 18,
  students: 24,
  counts: [2, 15, 1],
  texts: [],
  correct: [1],
  who: ["p_2"],
  ...extra,
});

function view(poll: Partial<PollState> & { info?: PollInfo } = {}): TeacherPollView {
  return teacherPollView({ info: info(), status: "open", answered: false, results: results(), ...poll }, NOW, 24);
}

function panel(poll: TeacherPollView, locale: "en" | "es" = "en") {
  const onClose = vi.fn();
  const onReveal = vi.fn();
  const onHide = vi.fn();
  const ui = (p: TeacherPollView) => (
    <I18n locale={locale}>
      <PollResults poll={p} onClose={onClose} onReveal={onReveal} onHide={onHide} />
    </I18n>
  );
  const { rerender } = render(ui(poll));
  return { onClose, onReveal, onHide, update: (p: TeacherPollView) => rerender(ui(p)) };
}

describe("PollResults", () => {
  it("shows live bars with counts and percentages in words, the correct option marked, and the time left", () => {
    panel(view({ info: info({ closes_at: "2026-12-02T09:01:00.000Z" }) }));
    const region = screen.getByRole("region", { name: "Which planet is largest?" });
    expect(within(region).getByText("Open")).toBeInTheDocument();
    expect(within(region).getByText("18 of 24 have answered")).toBeInTheDocument();
    expect(within(region).getByRole("timer")).toHaveTextContent("0:30 left");
    const bars = within(within(region).getByRole("list", { name: "Results" })).getAllByRole("listitem");
    expect(bars.map((bar) => bar.textContent)).toEqual([
      "Mars2 answers · 11%",
      "JupiterCorrect15 answers · 83%",
      "Venus1 answer · 6%",
    ]);
    expect(bars[1]).toHaveClass("poll-bar--correct");
    // The drawing's width is the share (an SVG attribute, no inline style).
    expect(bars[1]!.querySelector(".poll-bar__fill")).toHaveAttribute("width", "83");
  });

  it("closes and reveals with the poll's id, busy while the shell works", async () => {
    const user = userEvent.setup();
    const { onClose, onReveal } = panel(view());
    let done: () => void = () => {};
    onClose.mockImplementation(() => new Promise<void>((resolve) => (done = resolve)));
    await user.click(screen.getByRole("button", { name: "Close poll" }));
    expect(onClose).toHaveBeenCalledWith("q_1");
    expect(screen.getByRole("button", { name: "Closing…" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Show results to the class" })).toBeDisabled();
    done();
    await user.click(await screen.findByRole("button", { name: "Show results to the class" }));
    expect(onReveal).toHaveBeenCalledWith("q_1");
  });

  it("offers Show results once closed, and nothing once shown", () => {
    const { update } = panel(view({ status: "closed" }));
    expect(screen.queryByRole("button", { name: "Close poll" })).toBeNull();
    expect(screen.getByRole("button", { name: "Show results to the class" })).toBeInTheDocument();
    expect(screen.getByText("Closed")).toBeInTheDocument();
    update(view({ status: "revealed" }));
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.getByText("Results shown to the class")).toBeInTheDocument();
  });

  it("shows zeros before the first answer", () => {
    panel(teacherPollView({ info: info(), status: "open", answered: false }, NOW, 3));
    expect(screen.getByText("0 of 3 have answered")).toBeInTheDocument();
    expect(screen.getAllByText("0 answers · 0%")).toHaveLength(3);
  });

  it("shows short answers as a cloud and a list, and hides one after asking", async () => {
    const user = userEvent.setup();
    const { onHide } = panel(
      view({
        info: info({ id: "q_2", kind: "text", options: [], quiz: false, anonymous: true }),
        results: results({ poll: "q_2", counts: [], correct: [], who: undefined, texts: [{ text: "sugar", count: 3 }, { text: "rude", count: 1 }] }),
      }),
    );
    expect(screen.getByText("Anonymous poll: nobody, you included, sees who answered what.")).toBeInTheDocument();
    const cloud = document.querySelector(".poll-cloud");
    expect(cloud).toHaveAttribute("aria-hidden", "true");
    expect(cloud?.querySelector(".poll-cloud__word--5")).toHaveTextContent("sugar");
    expect(cloud?.querySelector(".poll-cloud__word--1")).toHaveTextContent("rude");
    const items = within(screen.getByRole("list", { name: "Answers" })).getAllByRole("listitem");
    expect(items.map((i) => within(i).getByText(/students?$/).textContent)).toEqual(["3 students", "1 student"]);

    await user.click(screen.getByRole("button", { name: "Hide “rude”" }));
    const dialog = screen.getByRole("dialog", { name: "Hide this answer?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(onHide).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Hide “rude”" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Hide answer" }));
    expect(onHide).toHaveBeenCalledWith("q_2", "rude");
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("speaks Spanish", () => {
    panel(view(), "es");
    expect(screen.getByText("18 de 24 respondieron")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cerrar la encuesta" })).toBeInTheDocument();
    expect(screen.getByText("Correcta")).toBeInTheDocument();
  });
});

describe("who has answered, in Participants", () => {
  const people: ParticipantView[] = [
    { id: "p_1", name: teacher.name, teacher: true, online: true, you: true, removable: false, hand: false, muted: false, mutable: false, renamable: false },
    { id: "p_2", name: ada.name, teacher: false, online: true, you: false, removable: true, hand: false, muted: false, mutable: true, renamable: true },
    { id: "p_3", name: bo.name, teacher: false, online: true, you: false, removable: true, hand: false, muted: false, mutable: true, renamable: true },
    { id: "p_4", name: cy.name, teacher: false, online: false, you: false, removable: true, hand: false, muted: false, mutable: true, renamable: true },
  ];
  const roster = [participant(teacher), participant(ada), participant(bo), participant(cy, false)];

  function list(answered: Record<string, boolean> | undefined) {
    render(
      <I18n locale="en">
        <ParticipantsList participants={people} offlineStudents={0} onRemove={() => {}} onRemoveOffline={() => {}} answered={answered} />
      </I18n>,
    );
    return screen.getAllByRole("listitem");
  }

  it("marks each student answered or not yet, in words", () => {
    const open = { info: info(), status: "open" as const, answered: false, results: results({ who: ["p_2"] }) };
    const [mrs, adaRow, boRow, cyRow] = list(answeredMarks(whoAnswered(open, roster)));
    expect(within(mrs!).queryByText(/Answered|Not yet/)).toBeNull();
    expect(within(adaRow!).getByText("Answered")).toBeInTheDocument();
    expect(within(boRow!).getByText("Not yet")).toBeInTheDocument();
    expect(within(cyRow!).getByText("Not yet")).toBeInTheDocument();
  });

  it("marks nobody in an anonymous poll, or without a poll", () => {
    const anonymous = { info: info({ anonymous: true }), status: "open" as const, answered: false, results: results() };
    list(answeredMarks(whoAnswered(anonymous, roster)));
    expect(screen.queryByText(/Answered|Not yet/)).toBeNull();
  });
});

describe("PollResults accessibility", () => {
  it("has no axe violations, bars or short answers", async () => {
    // axe measures icon fonts on a canvas, which jsdom has not.
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
    const { update } = panel(view({ info: info({ closes_at: "2026-12-02T09:01:00.000Z" }) }));
    let found = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
    expect(found.violations.map((v) => v.id)).toEqual([]);
    update(
      view({
        info: info({ kind: "text", options: [], quiz: false }),
        results: results({ counts: [], correct: [], texts: [{ text: "sugar", count: 3 }, { text: "light", count: 1 }] }),
      }),
    );
    found = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
    expect(found.violations.map((v) => v.id)).toEqual([]);
  });
});

describe("every poll string goes through the translator", () => {
  const USER_TEXT = ["Which planet is largest?", "Mars", "Jupiter", "Venus", "sugar", "rude", "Mrs. Núñez", "Ada", "Bo", "Cy"];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const inner = new RegExp(`${escape(PSEUDO_OPEN)}((?:(?!${escape(PSEUDO_OPEN)}).)*?)${escape(PSEUDO_CLOSE)}`, "gsu");

  function untranslated(value: string): string {
    let rest = value;
    for (let i = 0; i < 5 && rest.includes(PSEUDO_OPEN); i += 1) rest = rest.replace(inner, " ");
    for (const user of [...USER_TEXT].sort((a, b) => b.length - a.length)) rest = rest.split(user).join(" ");
    return rest;
  }

  function leaks(): string[] {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const texts = new Map<Element, string>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("time") || parent.closest(".person__avatar")) continue;
      texts.set(parent, (texts.get(parent) ?? "") + (node.textContent ?? ""));
    }
    for (const [element, value] of texts) {
      if (/\p{L}/u.test(untranslated(value))) found.push(`<${element.tagName.toLowerCase()}> ${value.trim()}`);
    }
    for (const element of document.body.querySelectorAll("*")) {
      for (const attribute of ["aria-label", "title", "placeholder", "alt"]) {
        const value = element.getAttribute(attribute);
        if (value && /\p{L}/u.test(untranslated(value))) found.push(`${attribute}="${value}"`);
      }
    }
    return found;
  }

  it("in the teacher's panel, the student's card, earlier polls, the marks and the composer", async () => {
    const user = userEvent.setup();
    const revealed: PollState = { info: info(), status: "revealed", answered: true, mine: { choices: [0] }, results: results() };
    const text: PollState = {
      info: info({ id: "q_2", kind: "text", options: [], quiz: false, anonymous: true, changes: false }),
      status: "closed",
      answered: true,
      results: results({ poll: "q_2", counts: [], correct: [], texts: [{ text: "sugar", count: 2 }, { text: "rude", count: 1 }] }),
    };
    const open: PollState = { info: info({ id: "q_3", closes_at: "2026-12-02T09:01:00.000Z", changes: true }), status: "open", answered: false, results: results({ who: ["p_2"] }) };
    render(
      <I18n locale="en" messages={pseudoCatalogue(CATALOGUES.en)}>
        <PollResults poll={teacherPollView(text, NOW, 3)} onClose={() => {}} onReveal={() => {}} onHide={() => {}} />
        <PollResults poll={teacherPollView(open, NOW, 3)} onClose={() => {}} onReveal={() => {}} onHide={() => {}} />
        <PollCard poll={studentPollView(revealed, undefined, NOW)} maxAnswerChars={80} onAnswer={() => {}} />
        <PollCard poll={studentPollView({ ...open, info: { ...open.info, kind: "multi" } }, undefined, NOW)} maxAnswerChars={80} onAnswer={() => {}} />
        <PastPolls polls={pastPolls({ sending: {}, refused: {}, list: [revealed, text, open] }, false)} />
        <PastPolls polls={pastPolls({ sending: {}, refused: {}, list: [revealed, text, open] }, true)} onReveal={() => {}} />
        <ParticipantsList
          participants={[{ id: "p_2", name: "Ada", teacher: false, online: true, you: false, removable: true, hand: false, muted: false, mutable: true, renamable: true }, { id: "p_3", name: "Bo", teacher: false, online: true, you: false, removable: true, hand: false, muted: false, mutable: true, renamable: true }]}
          offlineStudents={0}
          onRemove={() => {}}
          onRemoveOffline={() => {}}
          answered={{ p_2: true, p_3: false }}
        />
        <PollComposer limits={DEFAULT_POLL_LIMITS} onSubmit={() => {}} onCancel={() => {}} />
      </I18n>,
    );
    for (const details of document.querySelectorAll("details")) details.open = true;
    expect(leaks()).toEqual([]);
    // The composer's problems, and a preset's options (typed in by the app: worded too).
    await user.click(document.querySelector<HTMLButtonElement>(".poll-preset")!);
    await user.click(document.querySelector<HTMLButtonElement>('.dialog--poll button[type="submit"]')!);
    expect(document.querySelectorAll(".dialog--poll .field__error").length).toBeGreaterThan(0);
    expect(leaks()).toEqual([]);
    const values = [...document.querySelectorAll<HTMLInputElement>(".poll-compose__option-input")].map((i) => i.value);
    expect(values.every((v) => v.startsWith(PSEUDO_OPEN))).toBe(true);
  });
});
