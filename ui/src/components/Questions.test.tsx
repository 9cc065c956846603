// The chat panel's Questions tab, rendered from views as the app hands them
// over: a student asks and reads the answers; the teacher answers privately
// or for everyone and lets students ask, or not. Also the quote above a
// chat message answering a question for everyone.

import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it, vi } from "vitest";
import { type Locale, text } from "../i18n";
import type { StudentQuestionsView, TeacherQuestionsView, ThreadView } from "../state/questionsView";
import type { MessageView } from "../state/view";
import { renderChatPopup } from "../test/chatPopup";
import { QuestionsPanel } from "./Questions";

async function axeViolations(): Promise<string[]> {
  // axe measures icon fonts on a canvas, which jsdom has not; colours are checked below.
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  const found = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
  return found.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`);
}

const AT = "2026-12-02T09:20:00.000Z";

function thread(over: Partial<ThreadView> = {}): ThreadView {
  return {
    key: "q:pq_1",
    id: "pq_1",
    asker: "Ada",
    text: "Is the test on Friday?",
    dateTime: AT,
    status: "sent",
    reason: null,
    answers: [],
    answered: false,
    canAnswer: true,
    full: false,
    ...over,
  };
}

function student(over: Partial<StudentQuestionsView> = {}): StudentQuestionsView {
  return {
    role: "student",
    canAsk: true,
    reason: null,
    maxChars: 2000,
    threads: [
      thread({
        answered: true,
        answers: [{ key: "a1", text: "Yes, at nine.", public: false, dateTime: AT, status: "sent", reason: null }],
      }),
      thread({
        key: "q:pq_2",
        id: "pq_2",
        text: "Calculators?",
        answered: true,
        answers: [{ key: "a2", text: "Yes, everyone.", public: true, dateTime: AT, status: "sent", reason: null }],
      }),
      thread({ key: "q:pq_3", id: "pq_3", text: "Lab on Monday?" }),
      thread({ key: "pq:c1", id: null, text: "And the homework?", dateTime: "", status: "sending" }),
      thread({
        key: "pq:c2",
        id: null,
        text: "Spam",
        dateTime: "",
        status: "refused",
        reason: text("refusal.rateLimited"),
      }),
    ],
    ...over,
  };
}

function teacher(over: Partial<TeacherQuestionsView> = {}): TeacherQuestionsView {
  return {
    role: "teacher",
    unanswered: 2,
    threads: [
      thread({ asker: "Ada" }),
      thread({ key: "q:pq_3", id: "pq_3", asker: "Bo", text: "Which page?" }),
      thread({
        key: "q:pq_2",
        id: "pq_2",
        asker: "Cy",
        text: "Calculators?",
        answered: true,
        answers: [
          { key: "a1", text: "Yes.", public: false, dateTime: AT, status: "sent", reason: null },
          { key: "a2", text: "Yes, everyone.", public: true, dateTime: AT, status: "sent", reason: null },
          { key: "pa:c3", text: "Spam", public: false, dateTime: "", status: "refused", reason: text("refusal.rateLimited") },
        ],
      }),
    ],
    open: true,
    disabled: false,
    earlier: 0,
    maxChars: 2000,
    ...over,
  };
}

function renderQuestions(view: StudentQuestionsView | TeacherQuestionsView, locale: Locale = "en") {
  const handlers = { onAsk: vi.fn(), onAnswer: vi.fn(), onRules: vi.fn() };
  const rendered = renderChatPopup(
    {
      tab: "questions",
      questions: <QuestionsPanel view={view} {...handlers} />,
      questionsWaiting: view.role === "teacher" ? view.unanswered : 0,
    },
    { locale },
  );
  return { ...rendered, ...handlers };
}

function panel() {
  return screen.getByRole("tabpanel", { name: /^Questions/ });
}

describe("the Questions tab", () => {
  it("is the third tab, reached with the arrow keys", () => {
    const { props } = renderChatPopup({ questions: <p>Questions here</p> });
    expect(screen.getAllByRole("tab").map((tab) => tab.textContent)).toEqual(["Chat", "Participants (0)", "Questions"]);
    fireEvent.keyDown(screen.getByRole("tab", { name: "Chat" }), { key: "ArrowLeft" });
    expect(props.onSelectTab).toHaveBeenLastCalledWith("questions");
    fireEvent.keyDown(screen.getByRole("tab", { name: "Chat" }), { key: "End" });
    expect(props.onSelectTab).toHaveBeenLastCalledWith("questions");
  });

  it("counts the questions waiting in its name, for the teacher", () => {
    renderChatPopup({ questions: <p>Questions here</p>, questionsWaiting: 2 });
    expect(screen.getByRole("tab", { name: "Questions, 2 waiting for an answer" })).toBeInTheDocument();
  });

  it("is not there without questions (a panel from before them)", () => {
    renderChatPopup();
    expect(screen.getAllByRole("tab")).toHaveLength(2);
  });
});

describe("a student's Questions tab", () => {
  it("explains, asks with the trimmed text and empties the box", async () => {
    const user = userEvent.setup();
    const { onAsk } = renderQuestions(student());
    expect(within(panel()).getByText(/Only the teacher sees these\./)).toBeInTheDocument();
    const box = screen.getByRole("textbox", { name: "Your question" });
    const ask = screen.getByRole("button", { name: "Ask privately" });
    expect(ask).toBeDisabled();
    await user.type(box, "  Can I leave early?  ");
    await user.click(ask);
    expect(onAsk).toHaveBeenCalledWith("Can I leave early?");
    expect(box).toHaveValue("");
  });

  it("lists their questions: answered privately, for everyone, waiting, sending, not sent", () => {
    renderQuestions(student());
    const items = within(panel()).getAllByRole("listitem").filter((li) => li.classList.contains("question"));
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringContaining("The teacher answered you privately:Yes, at nine."),
      expect.stringContaining("The teacher answered this for everyone in the chat:Yes, everyone."),
      expect.stringContaining("Lab on Monday?Waiting for an answer"),
      expect.stringContaining("And the homework?Sending…"),
      expect.stringContaining("SpamNot sent: You are sending too fast. Wait a moment."),
    ]);
  });

  it("cannot ask while questions are off, and says why", () => {
    renderQuestions(student({ canAsk: false, reason: text("questions.off") }));
    const box = screen.getByRole("textbox", { name: "Your question" });
    expect(box).toBeDisabled();
    expect(box).toHaveAccessibleDescription(expect.stringContaining("The teacher has turned private questions off."));
    expect(screen.getByRole("button", { name: "Ask privately" })).toBeDisabled();
  });

  it("will not send a question over the limit, and says by how much", async () => {
    const user = userEvent.setup();
    renderQuestions(student({ maxChars: 10 }));
    await user.type(screen.getByRole("textbox", { name: "Your question" }), "Twelve chars");
    expect(screen.getByText("2 characters too long")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Ask privately" })).toBeDisabled();
  });

  it("speaks Spanish", () => {
    renderQuestions(student(), "es");
    expect(screen.getByRole("tab", { name: "Preguntas" })).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Tu pregunta" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Preguntar en privado" })).toBeInTheDocument();
  });

  it.each<Locale>(["en", "es"])("has no axe violations (%s)", async (locale) => {
    renderQuestions(student(), locale);
    expect(await axeViolations()).toEqual([]);
  });

  it("has no axe violations when it cannot ask", async () => {
    renderQuestions(student({ canAsk: false, reason: text("questions.off"), threads: [] }));
    expect(await axeViolations()).toEqual([]);
  });
});

describe("the teacher's Questions tab", () => {
  it("shows those waiting first, each with who asked and when, and the answers marked", () => {
    renderQuestions(teacher());
    const groups = within(panel()).getAllByRole("region");
    expect(groups.map((g) => within(g).getByRole("heading").textContent)).toEqual([
      "Waiting for an answer (2)",
      "Answered (1)",
    ]);
    const cy = screen.getByRole("article", { name: "Question from Cy" });
    expect(within(cy).getByText("Calculators?")).toBeInTheDocument();
    expect(within(cy).getAllByText("Privately")).toHaveLength(2);
    expect(within(cy).getByText("For everyone")).toBeInTheDocument();
    expect(within(cy).getByText("Not sent: You are sending too fast. Wait a moment.")).toBeInTheDocument();
    expect(within(screen.getByRole("article", { name: "Question from Ada" })).getByRole("time")).toHaveAttribute(
      "dateTime",
      AT,
    );
  });

  it("answers privately, or for everyone with or without the student's name", async () => {
    const user = userEvent.setup();
    const { onAnswer } = renderQuestions(teacher());
    const ada = screen.getByRole("article", { name: "Question from Ada" });
    const box = within(ada).getByRole("textbox", { name: "Your answer" });
    await user.type(box, "Yes, at nine.");
    await user.click(within(ada).getByRole("checkbox", { name: "Show the student's name" }));
    await user.click(within(ada).getByRole("button", { name: "Answer privately" }));
    // The name is for a public answer only.
    expect(onAnswer).toHaveBeenLastCalledWith("pq_1", "Yes, at nine.", false, false);
    expect(box).toHaveValue("");
    await user.type(box, "Friday at nine, everyone.");
    await user.click(within(ada).getByRole("button", { name: "Answer for everyone" }));
    expect(onAnswer).toHaveBeenLastCalledWith("pq_1", "Friday at nine, everyone.", true, true);
    const bo = screen.getByRole("article", { name: "Question from Bo" });
    await user.type(within(bo).getByRole("textbox", { name: "Your answer" }), "Page 42.");
    await user.click(within(bo).getByRole("button", { name: "Answer for everyone" }));
    expect(onAnswer).toHaveBeenLastCalledWith("pq_3", "Page 42.", true, false);
  });

  it("answers an answered question again on request", async () => {
    const user = userEvent.setup();
    renderQuestions(teacher());
    const cy = screen.getByRole("article", { name: "Question from Cy" });
    expect(within(cy).queryByRole("textbox")).toBeNull();
    await user.click(within(cy).getByRole("button", { name: "Answer again" }));
    expect(within(cy).getByRole("textbox", { name: "Your answer" })).toBeInTheDocument();
  });

  it("lets students ask, or not", async () => {
    const user = userEvent.setup();
    const { onRules, rerender } = renderQuestions(teacher());
    const allow = screen.getByRole("checkbox", { name: "Students can ask me privately" });
    expect(allow).toBeChecked();
    await user.click(allow);
    expect(onRules).toHaveBeenLastCalledWith({ questions_off: true });
    rerender({ questions: <QuestionsPanel view={teacher({ open: false })} onAsk={vi.fn()} onAnswer={vi.fn()} onRules={onRules} /> });
    await user.click(screen.getByRole("checkbox", { name: "Students can ask me privately" }));
    expect(onRules).toHaveBeenLastCalledWith({ questions_off: false });
  });

  it("says when there are none yet, and the earlier ones not shown", () => {
    renderQuestions(teacher({ threads: [], unanswered: 0, earlier: 3 }));
    expect(screen.getByText(/No questions yet\./)).toBeInTheDocument();
    expect(screen.getByText("3 earlier questions are not shown: they are in the class's export.")).toBeInTheDocument();
  });

  it.each<Locale>(["en", "es"])("has no axe violations (%s)", async (locale) => {
    renderQuestions(teacher(), locale);
    expect(await axeViolations()).toEqual([]);
  });
});

describe("a message answering a question for everyone", () => {
  const line = (over: Partial<Extract<MessageView, { kind: "message" }>>): MessageView => ({
    kind: "message",
    key: "m:3",
    seq: 3,
    mine: false,
    teacher: true,
    sender: "Mrs. Núñez",
    text: "Friday at nine.",
    removed: false,
    dateTime: AT,
    status: "sent",
    reason: null,
    ...over,
  });

  it("quotes the question above its text, with the student's name when shown", async () => {
    renderChatPopup({
      messages: [
        line({ quote: { text: "Is the test on Friday?", name: "Ada" } }),
        line({ key: "m:4", seq: 4, text: "Bring one.", quote: { text: "Calculators?", name: null } }),
      ],
    });
    const [first, second] = within(screen.getByRole("region", { name: "Messages" })).getAllByRole("listitem");
    const quote = within(first!).getByRole("blockquote");
    expect(quote).toHaveTextContent("Question: Is the test on Friday?— Ada");
    expect(within(second!).getByRole("blockquote")).toHaveTextContent(/^Question: Calculators\?$/);
    expect(await axeViolations()).toEqual([]);
  });

  it("says it in Spanish", () => {
    renderChatPopup({ messages: [line({ quote: { text: "¿Calculadoras?", name: null } })] }, { locale: "es" });
    expect(screen.getByRole("blockquote")).toHaveTextContent("Pregunta: ¿Calculadoras?");
  });
});

describe("the chat's notice while the student cannot post", () => {
  it("offers asking the teacher privately, which opens the Questions tab", async () => {
    const user = userEvent.setup();
    const { props } = renderChatPopup({
      questions: <p>Questions here</p>,
      askPrivately: true,
      composerRules: { blocked: "The teacher has locked the chat", rule: null, wait: null },
    });
    await user.click(screen.getByRole("button", { name: "Ask the teacher privately" }));
    expect(props.onSelectTab).toHaveBeenCalledWith("questions");
    expect(await axeViolations()).toEqual([]);
  });

  it("does not offer it when questions are off", () => {
    renderChatPopup({
      questions: <p>Questions here</p>,
      askPrivately: false,
      composerRules: { blocked: "The teacher has locked the chat", rule: null, wait: null },
    });
    expect(screen.queryByRole("button", { name: "Ask the teacher privately" })).toBeNull();
  });
});

// axe cannot see colours in jsdom: the tokens this tab uses must keep WCAG AA
// contrast (4.5:1) in the light and the dark theme alike.
describe("the Questions tab's colours", async () => {
  // Vitest empties imported CSS, so the theme is read as the file it is.
  const fs = (await import(/* @vite-ignore */ `node:${"fs"}`)) as {
    readFileSync(path: string, encoding: "utf8"): string;
  };
  const here = import.meta.url;
  const baseCss = fs.readFileSync(decodeURIComponent(new URL("../styles/base.css", here).pathname), "utf8");
  function tokens(block: string): Record<string, string> {
    return Object.fromEntries([...block.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));
  }
  const light = tokens(baseCss.slice(0, baseCss.indexOf("@media (prefers-color-scheme: dark)")));
  const dark = { ...light, ...tokens(baseCss.slice(baseCss.indexOf("@media (prefers-color-scheme: dark)"))) };

  function luminance(hex: string): number {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function contrast(a: string, b: string): number {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  }

  // Text colour on background, as Questions.css pairs them.
  const PAIRS: [string, string][] = [
    ["text", "surface"],
    ["text-muted", "surface"],
    ["text", "surface-2"],
    ["text-muted", "surface-2"],
    ["text", "teacher-bg"],
    ["text", "accent-soft"],
    ["warning-text", "warning-soft"],
    ["danger", "surface"],
  ];

  it.each([
    ["light", light],
    ["dark", dark],
  ])("keep 4.5:1 in the %s theme", (_, theme) => {
    const low = PAIRS.filter(([fg, bg]) => contrast(theme[fg]!, theme[bg]!) < 4.5);
    expect(low).toEqual([]);
  });
});
