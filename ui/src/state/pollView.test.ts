import { describe, expect, it } from "vitest";
import { type PollInfo, type PollResults, type PollState, SESSION_LIMITS } from "../api";
import { type MessageId, type Values, text } from "../i18n";
import { POLL_OPENED, ada, bo, cy, inClassAs, participant, pollInfo, run, teacher } from "../test/fixtures";
import { say, sayIn, t } from "../test/i18n";
import { refusalText } from "./classroom";
import { initialPolls, type PollsState } from "./polls";
import {
  DEFAULT_POLL_LIMITS,
  type PollForm,
  type PollFormAction,
  answerTextError,
  answeredMarks,
  answeredText,
  canAddOption,
  canRemoveOption,
  canStartPoll,
  choiceAnswer,
  currentPoll,
  earlierPolls,
  emptyPollForm,
  hasErrors,
  participantMarks,
  pastPolls,
  pollBars,
  pollDraft,
  pollFormReducer,
  pollLimits,
  pollTickNeeded,
  presetOptions,
  studentPoll,
  studentPollView,
  teacherPoll,
  teacherPollView,
  textAnswer,
  timeLeft,
  validatePollForm,
  whoAnswered,
  wordCloud,
} from "./pollView";

const OPENED = POLL_OPENED;
const at = (seconds: number) => Date.parse(OPENED) + seconds * 1000;

const info = (id: string, extra: Partial<PollInfo> = {}): PollInfo => pollInfo({ id, ...extra });

const results = (poll: string, extra: Partial<PollResults> = {}): PollResults => ({
  poll,
  answered: 18,
  students: 24,
  counts: [2, 15, 1],
  texts: [],
  correct: [1],
  ...extra,
});

const state = (poll: PollInfo, extra: Partial<PollState> = {}): PollState => ({
  info: poll,
  status: "open",
  answered: false,
  ...extra,
});

const polls = (...list: PollState[]): PollsState => ({ list, sending: {}, refused: {} });

function form(...actions: PollFormAction[]): PollForm {
  return actions.reduce(pollFormReducer, emptyPollForm);
}

const es = sayIn("es");
const tEs = (id: MessageId, values?: Values) => es(text(id, values)) ?? "";

describe("limits", () => {
  it("takes the hub's poll limits, and the defaults before its welcome", () => {
    // docs/protocol.md's defaults, until the welcome says otherwise.
    expect(pollLimits(null)).toEqual({ max_question_chars: 200, max_poll_options: 10, max_option_chars: 80, max_answer_chars: 80 });
    expect(
      pollLimits({ ...SESSION_LIMITS, max_question_chars: 120, max_poll_options: 6, max_option_chars: 40, max_answer_chars: 30 }),
    ).toEqual({ max_question_chars: 120, max_poll_options: 6, max_option_chars: 40, max_answer_chars: 30 });
  });
});

describe("presets", () => {
  it("words each preset's options in the teacher's language", () => {
    expect(presetOptions("yesNo", t)).toEqual(["Yes", "No"]);
    expect(presetOptions("letters", t)).toEqual(["A", "B", "C", "D"]);
    expect(presetOptions("trueFalse", tEs)).toEqual(["Verdadero", "Falso"]);
    const scale = presetOptions("agreement", t);
    expect(scale).toHaveLength(5);
    expect(scale[0]).toBe("Strongly disagree");
    expect(scale[4]).toBe("Strongly agree");
    expect(presetOptions("agreement", tEs)[4]).toBe("Muy de acuerdo");
  });

  it("replaces the options, keeps a multiple choice, and turns a text poll into one choice", () => {
    const yesNo = presetOptions("yesNo", t);
    const f = form({ type: "option", index: 0, value: "x" }, { type: "correct", index: 0, correct: true }, { type: "preset", options: yesNo });
    expect(f).toMatchObject({ kind: "single", options: ["Yes", "No"], correct: [] });
    expect(form({ type: "kind", kind: "multi" }, { type: "preset", options: yesNo }).kind).toBe("multi");
    expect(form({ type: "kind", kind: "text" }, { type: "preset", options: yesNo }).kind).toBe("single");
  });
});

describe("the composer's form", () => {
  it("keeps the correct marks on their options when a row above is removed", () => {
    let f = form(
      { type: "addOption" },
      { type: "addOption" },
      { type: "correct", index: 3, correct: true },
      { type: "correct", index: 1, correct: true },
    );
    expect(f.options).toHaveLength(4);
    expect(f.correct).toEqual([1, 3]);
    f = pollFormReducer(f, { type: "removeOption", index: 0 });
    expect(f.correct).toEqual([0, 2]);
    f = pollFormReducer(f, { type: "correct", index: 0, correct: false });
    expect(f.correct).toEqual([2]);
  });

  it("keeps two options at least and at most the class's limit", () => {
    expect(canRemoveOption(emptyPollForm)).toBe(false);
    expect(pollFormReducer(emptyPollForm, { type: "removeOption", index: 0 })).toBe(emptyPollForm);
    const ten = form(...Array.from({ length: 8 }, () => ({ type: "addOption" }) as const));
    expect(ten.options).toHaveLength(10);
    expect(canAddOption(ten, DEFAULT_POLL_LIMITS)).toBe(false);
    expect(canAddOption(ten, { ...DEFAULT_POLL_LIMITS, max_poll_options: 12 })).toBe(true);
    expect(canRemoveOption(ten)).toBe(true);
  });

  it("allows no changes of answers in an anonymous poll", () => {
    const f = form({ type: "changes", on: true }, { type: "anonymous", on: true });
    expect(f).toMatchObject({ anonymous: true, changes: false });
    expect(pollFormReducer(f, { type: "changes", on: true }).changes).toBe(false);
    expect(pollFormReducer(pollFormReducer(f, { type: "anonymous", on: false }), { type: "changes", on: true }).changes).toBe(true);
  });
});

describe("checking a poll before it is sent", () => {
  const filled = form(
    { type: "question", value: "  Which planet is largest?  " },
    { type: "option", index: 0, value: "Mars" },
    { type: "option", index: 1, value: "Jupiter" },
  );

  it("passes a good poll", () => {
    expect(validatePollForm(filled, DEFAULT_POLL_LIMITS)).toEqual({});
    expect(hasErrors({})).toBe(false);
  });

  it("says what is wrong with the question", () => {
    expect(say(validatePollForm(emptyPollForm, DEFAULT_POLL_LIMITS).question)).toBe("Type a question.");
    // Characters, not UTF-16 units: 200 emoji fit.
    expect(validatePollForm({ ...filled, question: "😀".repeat(200) }, DEFAULT_POLL_LIMITS).question).toBeUndefined();
    const long = validatePollForm({ ...filled, question: "x".repeat(201) }, DEFAULT_POLL_LIMITS);
    expect(say(long.question)).toBe("A question can have at most 200 characters.");
    expect(es(long.question)).toBe("Una pregunta puede tener como máximo 200 caracteres.");
  });

  it("marks each wrong option: empty, too long, the same as another ignoring case and spacing", () => {
    const f = form(
      { type: "question", value: "Q" },
      { type: "option", index: 0, value: "Mars" },
      { type: "option", index: 1, value: "" },
      { type: "addOption" },
      { type: "option", index: 2, value: "  MARS " },
      { type: "addOption" },
      { type: "option", index: 3, value: "y".repeat(81) },
      { type: "addOption" },
      { type: "option", index: 4, value: "bad\u0007bell" },
    );
    const errors = validatePollForm(f, DEFAULT_POLL_LIMITS);
    expect(hasErrors(errors)).toBe(true);
    expect(errors.option?.[0]).toBeUndefined();
    expect(say(errors.option?.[1])).toBe("Type this option, or remove it.");
    expect(say(errors.option?.[2])).toBe("This option is the same as option 1. Make each option different.");
    expect(say(errors.option?.[3])).toBe("An option can have at most 80 characters.");
    expect(say(errors.option?.[4])).toBe("This option has characters that cannot be shown. Type it again.");
    expect(errors.options).toBeUndefined();
  });

  it("counts the options against the class's limit", () => {
    const many = { ...filled, options: Array.from({ length: 11 }, (_, i) => `o${i}`) };
    expect(say(validatePollForm(many, DEFAULT_POLL_LIMITS).options)).toBe("A poll has 2 to 10 options.");
    expect(validatePollForm(many, { ...DEFAULT_POLL_LIMITS, max_poll_options: 12 }).options).toBeUndefined();
  });

  it("ignores the options of a short-answer poll", () => {
    expect(validatePollForm({ ...filled, kind: "text", options: ["", ""] }, DEFAULT_POLL_LIMITS)).toEqual({});
  });

  it("checks the timer only when it is on: 10 to 600 whole seconds", () => {
    const timed = (seconds: string) => validatePollForm({ ...filled, timer: true, seconds }, DEFAULT_POLL_LIMITS).seconds;
    expect(timed("10")).toBeUndefined();
    expect(timed("600")).toBeUndefined();
    expect(say(timed("9"))).toBe("Type a number of seconds from 10 to 600.");
    expect(timed("601")).toBeDefined();
    expect(timed("1.5")).toBeDefined();
    expect(timed("")).toBeDefined();
    expect(validatePollForm({ ...filled, timer: false, seconds: "" }, DEFAULT_POLL_LIMITS).seconds).toBeUndefined();
  });
});

describe("the poll to open", () => {
  it("is the form trimmed, options on one line, with the timer only when on", () => {
    const f = form(
      { type: "question", value: "  Largest?\n" },
      { type: "option", index: 0, value: " Mars\n planet " },
      { type: "option", index: 1, value: "Jupiter" },
      { type: "correct", index: 1, correct: true },
      { type: "kind", kind: "multi" },
      { type: "changes", on: true },
    );
    expect(pollDraft(f)).toEqual({
      question: "Largest?",
      kind: "multi",
      options: ["Mars planet", "Jupiter"],
      correct: [1],
      anonymous: false,
      changes: true,
    });
    expect(pollDraft({ ...f, timer: true, seconds: " 90 " }).seconds).toBe(90);
  });

  it("sends no options or correct ones for a short answer, and no changes when anonymous", () => {
    const f = form(
      { type: "question", value: "One word?" },
      { type: "option", index: 0, value: "left over" },
      { type: "correct", index: 0, correct: true },
      { type: "kind", kind: "text" },
      { type: "anonymous", on: true },
    );
    expect(pollDraft(f)).toEqual({ question: "One word?", kind: "text", options: [], correct: [], anonymous: true, changes: false });
  });
});

describe("answers", () => {
  it("checks a short answer: not empty, not too long (on one line)", () => {
    expect(say(answerTextError("   ", 80))).toBe("Write an answer first.");
    expect(answerTextError("x".repeat(80), 80)).toBeNull();
    expect(say(answerTextError("x".repeat(81), 80))).toBe("An answer can have at most 80 characters.");
    expect(textAnswer("  light \n into   sugar ")).toEqual({ text: "light into sugar" });
    expect(choiceAnswer([2, 0, 2])).toEqual({ choices: [0, 2] });
  });
});

describe("results", () => {
  it("makes a bar per option: count, rounded percent of those who answered, correct and own marks", () => {
    const bars = pollBars(info("q_1"), results("q_1"), { choices: [0] });
    expect(bars.map((b) => [b.label, b.count, b.percent, b.correct, b.mine])).toEqual([
      ["Mars", 2, 11, false, true],
      ["Jupiter", 15, 83, true, false],
      ["Venus", 1, 6, false, false],
    ]);
    expect(say(bars[1]!.value)).toBe("15 answers · 83%");
    expect(say(bars[2]!.value)).toBe("1 answer · 6%");
    expect(es(bars[1]!.value)).toBe("15 respuestas · 83 %");
  });

  it("shows 0% while nobody has answered", () => {
    const bars = pollBars(info("q_1"), results("q_1", { answered: 0, counts: [] }));
    expect(bars.map((b) => [b.count, b.percent])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });

  it("says how many have answered, with each language's plurals", () => {
    expect(say(answeredText({ answered: 18, students: 24 }))).toBe("18 of 24 have answered");
    expect(say(answeredText({ answered: 1, students: 24 }))).toBe("1 of 24 has answered");
    expect(es(answeredText({ answered: 1, students: 2 }))).toBe("1 de 2 respondió");
    expect(es(answeredText({ answered: 18, students: 24 }))).toBe("18 de 24 respondieron");
  });

  it("sizes the word cloud by how often an answer was given", () => {
    const words = wordCloud(
      [
        { text: "Light into sugar", count: 9 },
        { text: "Photosynthesis", count: 5 },
        { text: "Plants eat", count: 1 },
      ],
      { text: "light into SUGAR" },
    );
    expect(words.map((w) => [w.text, w.size, w.mine])).toEqual([
      ["Light into sugar", 5, true],
      ["Photosynthesis", 3, false],
      ["Plants eat", 1, false],
    ]);
    expect(say(words[0]!.value)).toBe("9 students");
    expect(wordCloud([{ text: "a", count: 2 }, { text: "b", count: 2 }]).map((w) => w.size)).toEqual([3, 3]);
    expect(wordCloud([])).toEqual([]);
  });
});

describe("the timer", () => {
  const timed = state(info("q_1", { closes_at: "2026-12-02T09:01:30.000Z" }));

  it("counts down from closes_at", () => {
    expect(say(timeLeft(timed, at(0))?.text)).toBe("1:30 left");
    expect(timeLeft(timed, at(45.2))).toMatchObject({ seconds: 45 });
    expect(say(timeLeft(timed, at(81))?.text)).toBe("0:09 left");
    expect(es(timeLeft(timed, at(81))?.text)).toBe("Quedan 0:09");
    expect(say(timeLeft(timed, at(95))?.text)).toBe("Closing…");
  });

  it("never shows more than the whole timer (a clock behind the hub's)", () => {
    expect(timeLeft(timed, at(-300))?.seconds).toBe(90);
  });

  it("shows nothing without a timer or once closed, and asks for a tick only while one runs", () => {
    expect(timeLeft(state(info("q_1")), at(0))).toBeNull();
    expect(timeLeft({ ...timed, status: "closed" }, at(0))).toBeNull();
    expect(pollTickNeeded(polls(timed))).toBe(true);
    expect(pollTickNeeded(polls({ ...timed, status: "closed" }))).toBe(false);
    expect(pollTickNeeded(polls(state(info("q_1"))))).toBe(false);
  });
});

describe("the teacher", () => {
  const roster = [participant(teacher), participant(ada), participant(bo), participant(cy, false)];

  it("sees zeros before the first tally, then the live results, with Close and Show results", () => {
    const fresh = teacherPollView(state(info("q_1")), at(0), 3);
    expect(say(fresh.results.answered)).toBe("0 of 3 have answered");
    expect(fresh.results.bars.map((b) => b.count)).toEqual([0, 0, 0]);
    expect(fresh).toMatchObject({ canClose: true, canReveal: true, canHide: false });
    expect(fresh.tags.map(say)).toEqual(["One choice", "Quiz"]);
    expect(say(fresh.statusText)).toBe("Open");

    const live = teacherPollView(state(info("q_1"), { results: results("q_1") }), at(0), 3);
    expect(say(live.results.answered)).toBe("18 of 24 have answered");
    expect(live.results.correct).toEqual(["Jupiter"]);

    const closed = teacherPollView(state(info("q_1"), { status: "closed", results: results("q_1") }), at(0), 3);
    expect(closed).toMatchObject({ canClose: false, canReveal: true });
    const shown = teacherPollView(state(info("q_1"), { status: "revealed", results: results("q_1") }), at(0), 3);
    expect(shown).toMatchObject({ canClose: false, canReveal: false });
    expect(say(shown.statusText)).toBe("Results shown to the class");
  });

  it("can hide a short answer", () => {
    const words = teacherPollView(
      state(info("q_2", { kind: "text", options: [], quiz: false, anonymous: true }), {
        results: results("q_2", { counts: [], correct: [], texts: [{ text: "sugar", count: 2 }] }),
      }),
      at(0),
      3,
    );
    expect(words.canHide).toBe(true);
    expect(words.results.words.map((w) => w.text)).toEqual(["sugar"]);
    expect(words.tags.map(say)).toEqual(["Short answer", "Anonymous"]);
  });

  it("splits the students into answered and not yet, for an open poll that is not anonymous", () => {
    const open = state(info("q_1"), { results: results("q_1", { who: ["p_3"] }) });
    expect(whoAnswered(open, roster)).toEqual({ answered: ["p_3"], notYet: ["p_2", "p_4"] });
    expect(answeredMarks(whoAnswered(open, roster))).toEqual({ p_2: false, p_3: true, p_4: false });
    expect(whoAnswered({ ...open, status: "closed" }, roster)).toBeNull();
    expect(whoAnswered(state(info("q_1", { anonymous: true }), { results: results("q_1") }), roster)).toBeNull();
    expect(whoAnswered(state(info("q_1")), roster)).toBeNull();
    expect(answeredMarks(null)).toBeUndefined();
  });
});

describe("the student", () => {
  it("can answer a new poll, which says what to do", () => {
    const view = studentPollView(state(info("q_1")), undefined, at(0));
    expect(view).toMatchObject({ answer: "none", canAnswer: true, chosen: null, statusText: null, results: null, right: null });
    expect(say(view.instruction)).toBe("Choose one option.");
    expect(say(view.announcement)).toBe("New poll: Which planet is largest?");
  });

  it("shows Sending… until the answer is stored, then Answer sent", () => {
    const sending = studentPollView(state(info("q_1")), { choices: [1] }, at(0));
    expect(sending).toMatchObject({ answer: "sending", canAnswer: false, chosen: { choices: [1] } });
    expect(say(sending.statusText)).toBe("Sending…");
    const sent = studentPollView(state(info("q_1"), { answered: true, mine: { choices: [1] } }), undefined, at(0));
    expect(sent).toMatchObject({ answer: "sent", canAnswer: false, chosen: { choices: [1] } });
    expect(say(sent.statusText)).toBe("Answer sent.");
  });

  it("may change the answer where the poll allows it", () => {
    const sent = studentPollView(state(info("q_1", { changes: true }), { answered: true, mine: { choices: [1] } }), undefined, at(0));
    expect(sent.canAnswer).toBe(true);
    expect(say(sent.statusText)).toBe("Answer sent. You can change it until the poll closes.");
  });

  it("knows no own answer in an anonymous poll", () => {
    const sent = studentPollView(state(info("q_1", { anonymous: true }), { answered: true }), undefined, at(0));
    expect(sent).toMatchObject({ chosen: null, canAnswer: false });
    expect(say(sent.statusText)).toBe("Answer sent, anonymously.");
  });

  it("cannot answer a closed poll, and sees no results until they are shown", () => {
    const closed = studentPollView(state(info("q_1"), { status: "closed", results: results("q_1") }), undefined, at(0));
    expect(closed).toMatchObject({ canAnswer: false, results: null, right: null });
    expect(say(closed.statusText)).toBe("The poll is closed. You did not answer.");
    const sneaky = studentPollView(state(info("q_1"), { results: results("q_1") }), undefined, at(0));
    expect(sneaky.results).toBeNull();
  });

  it("sees the results once shown, with the correct option, the own answer and whether it was right", () => {
    const shown = state(info("q_1"), { status: "revealed", answered: true, mine: { choices: [0] }, results: results("q_1") });
    const view = studentPollView(shown, undefined, at(0));
    expect(view.right).toBe(false);
    expect(view.results?.correct).toEqual(["Jupiter"]);
    expect(view.results?.bars.filter((b) => b.mine).map((b) => b.label)).toEqual(["Mars"]);
    expect(say(view.announcement)).toBe("Poll results are shown: Which planet is largest?");
    expect(studentPollView({ ...shown, mine: { choices: [1] } }, undefined, at(0)).right).toBe(true);
  });
});

describe("earlier polls", () => {
  const list = polls(
    state(info("q_1"), { status: "revealed", answered: true, mine: { choices: [1] }, results: results("q_1") }),
    state(info("q_2", { quiz: false }), { status: "closed", answered: true, mine: { choices: [0] } }),
    state(info("q_3")),
  );

  it("lists every poll but the current one, newest first; students see shown results only", () => {
    expect(currentPoll(list)?.info.id).toBe("q_3");
    const past = pastPolls(list, false);
    expect(past.map((p) => [p.id, p.number])).toEqual([
      ["q_2", 2],
      ["q_1", 1],
    ]);
    expect(past[0]).toMatchObject({ results: null, right: null, canReveal: false });
    expect(past[1]).toMatchObject({ right: true, canReveal: false });
    expect(say(past[1]!.results?.answered)).toBe("18 of 24 have answered");
  });

  it("gives the teacher every result, and Show results for those not shown", () => {
    const withResults = polls(
      { ...list.list[0]! },
      { ...list.list[1]!, results: results("q_2", { correct: [] }) },
      list.list[2]!,
    );
    const past = pastPolls(withResults, true);
    expect(past[0]).toMatchObject({ canReveal: true, right: null });
    expect(past[0]!.results).not.toBeNull();
    expect(past[1]).toMatchObject({ canReveal: false });
  });

  it("allows a new poll only while none is open", () => {
    expect(canStartPoll(list)).toBe(false);
    expect(canStartPoll(polls(list.list[0]!, list.list[1]!))).toBe(true);
    expect(canStartPoll(initialPolls)).toBe(true);
    expect(currentPoll(initialPolls)).toBeNull();
  });
});

describe("from the whole state", () => {
  const opened = { kind: "pollOpened", data: info("q_1", { closes_at: "2026-12-02T09:01:00.000Z" }) } as const;

  it("gives a student the card, with the answer on its way", () => {
    let s = run(inClassAs(ada), opened);
    expect(teacherPoll(s, at(0))).toBeNull();
    s = run(s, { kind: "answerQueued", data: { poll: "q_1", client_id: "c-a1", answer: { choices: [2] } } });
    const card = studentPoll(s, at(30));
    expect(card).toMatchObject({ id: "q_1", answer: "sending", chosen: { choices: [2] } });
    expect(say(card?.timeLeft)).toBe("0:30 left");
    expect(participantMarks(s)).toBeUndefined();
    expect(earlierPolls(s)).toEqual([]);
  });

  it("gives the teacher the panel and who has answered", () => {
    const s = run(inClassAs(teacher, "teacher"), opened, { kind: "pollTally", data: results("q_1", { answered: 1, students: 2, who: ["p_2"] }) });
    expect(studentPoll(s, at(0))).toBeNull();
    expect(say(teacherPoll(s, at(0))?.results.answered)).toBe("1 of 2 has answered");
    expect(participantMarks(s)).toEqual({ p_2: true, p_3: false });
  });
});

describe("refusals about polls", () => {
  it("are worded by their code, in each language", () => {
    expect(say(refusalText("poll_open", "A poll is open."))).toBe("Another poll is still open. Close it before starting a new one.");
    expect(say(refusalText("answer_locked", "x"))).toBe("You already answered this poll, and its answers cannot be changed.");
    expect(es(refusalText("poll_closed", "x"))).toBe("Esta encuesta está cerrada: ya no acepta respuestas.");
    for (const code of ["unknown_poll", "invalid_poll", "invalid_answer"] as const) {
      expect(refusalText(code, "English from the hub").id).not.toBe("refusal.other");
    }
  });
});
