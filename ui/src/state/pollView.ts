// What the poll components show, derived from the polls the reducer keeps
// (state/polls.ts): the teacher's live results and controls, the student's
// card, the earlier polls, who has answered; and the teacher's composer:
// its form, the presets, and the checks that mirror the hub's rules (see
// docs/protocol.md, "Polls") so that mistakes are shown next to the field
// before anything is sent. Pure: time comes in as `now` (ms), sentences go
// out as `Text`s that components word in the user's language.

import type {
  Participant,
  PollAnswer,
  PollDraft,
  PollInfo,
  PollKind,
  PollResults,
  PollState,
  PollStatus,
  SessionLimits,
  TextCount,
} from "../api";
import { SESSION_LIMITS } from "../api";
import { type MessageId, type Text, type Translate, text } from "../i18n";
import type { ClassroomState } from "./classroom";
import { type PollsState, isRight, openPoll } from "./polls";
import { isTeacher } from "./view";

// ---------------------------------------------------------------------------
// Limits

/** The limits a poll is checked against (the hub's, from its welcome). */
export type PollLimits = Pick<
  SessionLimits,
  "max_question_chars" | "max_poll_options" | "max_option_chars" | "max_answer_chars"
>;

/** The hub's defaults, used until its welcome says otherwise. */
export const DEFAULT_POLL_LIMITS: PollLimits = pollLimits(SESSION_LIMITS);

/** Fewest options of a choice poll. */
export const MIN_POLL_OPTIONS = 2;
/** A poll's timer runs this many seconds at least… */
export const MIN_POLL_SECONDS = 10;
/** …and at most (10 minutes). */
export const MAX_POLL_SECONDS = 600;

/** The limits of the class (the defaults before its welcome). */
export function pollLimits(limits: SessionLimits | null | undefined): PollLimits {
  const { max_question_chars, max_poll_options, max_option_chars, max_answer_chars } = limits ?? SESSION_LIMITS;
  return { max_question_chars, max_poll_options, max_option_chars, max_answer_chars };
}

/** Unicode scalar values, the hub's unit of length. */
function length(value: string): number {
  return [...value].length;
}

/** A text on one line as the hub keeps it: trimmed, white space runs as one space. */
export function oneLine(value: string): string {
  return value.split(/\s+/u).filter(Boolean).join(" ");
}

/** How the hub tells options (and text answers) apart: one line, case ignored. */
function sameKey(value: string): string {
  return oneLine(value).toLowerCase();
}

const CONTROL = /\p{Cc}/u;

// ---------------------------------------------------------------------------
// Presets

export type PollPreset = "yesNo" | "letters" | "trueFalse" | "agreement";

/** The presets, in the order the composer offers them. */
export const POLL_PRESETS: readonly PollPreset[] = ["yesNo", "letters", "trueFalse", "agreement"];

/** Each preset's button label. */
export const PRESET_LABELS: Record<PollPreset, MessageId> = {
  yesNo: "polls.presetYesNo",
  letters: "polls.presetLetters",
  trueFalse: "polls.presetTrueFalse",
  agreement: "polls.presetAgreement",
};

/** Each preset's options, as message ids (worded in the teacher's language when applied). */
export const PRESET_OPTIONS: Record<PollPreset, readonly MessageId[]> = {
  yesNo: ["polls.optionYes", "polls.optionNo"],
  letters: ["polls.optionA", "polls.optionB", "polls.optionC", "polls.optionD"],
  trueFalse: ["polls.optionTrue", "polls.optionFalse"],
  agreement: [
    "polls.agreeStronglyDisagree",
    "polls.agreeDisagree",
    "polls.agreeNeutral",
    "polls.agreeAgree",
    "polls.agreeStronglyAgree",
  ],
};

/** A preset's options in the teacher's language. */
export function presetOptions(preset: PollPreset, t: Translate): string[] {
  return PRESET_OPTIONS[preset].map((id) => t(id));
}

// ---------------------------------------------------------------------------
// The composer's form

/** What the teacher has typed and chosen so far. */
export interface PollForm {
  question: string;
  kind: PollKind;
  /** The option rows (kept while a text poll is chosen, in case the teacher goes back). */
  options: string[];
  /** The rows marked correct, by index, ascending. */
  correct: number[];
  /** Whether the poll closes by itself. */
  timer: boolean;
  /** The timer's length as typed, in seconds. */
  seconds: string;
  anonymous: boolean;
  changes: boolean;
}

export const emptyPollForm: PollForm = {
  question: "",
  kind: "single",
  options: ["", ""],
  correct: [],
  timer: false,
  seconds: "60",
  anonymous: false,
  changes: false,
};

export type PollFormAction =
  | { type: "question"; value: string }
  | { type: "kind"; kind: PollKind }
  | { type: "option"; index: number; value: string }
  | { type: "addOption" }
  | { type: "removeOption"; index: number }
  | { type: "correct"; index: number; correct: boolean }
  /** A preset's options, already worded (`presetOptions`). */
  | { type: "preset"; options: string[] }
  | { type: "timer"; on: boolean }
  | { type: "seconds"; value: string }
  | { type: "anonymous"; on: boolean }
  | { type: "changes"; on: boolean };

export function pollFormReducer(form: PollForm, action: PollFormAction): PollForm {
  switch (action.type) {
    case "question":
      return { ...form, question: action.value };
    case "kind":
      return { ...form, kind: action.kind };
    case "option":
      return { ...form, options: form.options.map((o, i) => (i === action.index ? action.value : o)) };
    case "addOption":
      return { ...form, options: [...form.options, ""] };
    case "removeOption":
      if (form.options.length <= MIN_POLL_OPTIONS) return form;
      return {
        ...form,
        options: form.options.filter((_, i) => i !== action.index),
        // The rows after it move up one.
        correct: form.correct.filter((i) => i !== action.index).map((i) => (i > action.index ? i - 1 : i)),
      };
    case "correct": {
      const others = form.correct.filter((i) => i !== action.index);
      const correct = action.correct ? [...others, action.index].sort((a, b) => a - b) : others;
      return { ...form, correct };
    }
    case "preset":
      return { ...form, kind: form.kind === "text" ? "single" : form.kind, options: [...action.options], correct: [] };
    case "timer":
      return { ...form, timer: action.on };
    case "seconds":
      return { ...form, seconds: action.value };
    case "anonymous":
      // An anonymous poll takes one answer from each student.
      return { ...form, anonymous: action.on, changes: action.on ? false : form.changes };
    case "changes":
      return form.anonymous ? form : { ...form, changes: action.on };
  }
}

/** Whether another option row may be added. */
export function canAddOption(form: PollForm, limits: PollLimits): boolean {
  return form.options.length < limits.max_poll_options;
}

/** Whether option rows may be removed (a choice poll keeps two at least). */
export function canRemoveOption(form: PollForm): boolean {
  return form.options.length > MIN_POLL_OPTIONS;
}

/** What is wrong with the form, field by field (empty: it can be sent). */
export interface PollFormErrors {
  question?: Text;
  /** The options as a whole (how many). */
  options?: Text;
  /** Each option row that is wrong, by index. */
  option?: Record<number, Text>;
  seconds?: Text;
}

/** The checks the hub makes (docs/protocol.md, "Open a poll"), field by field. */
export function validatePollForm(form: PollForm, limits: PollLimits): PollFormErrors {
  const errors: PollFormErrors = {};
  const question = form.question.trim();
  if (question === "") errors.question = text("polls.errorQuestionMissing");
  else if (length(question) > limits.max_question_chars) {
    errors.question = text("polls.errorQuestionTooLong", { max: limits.max_question_chars });
  }

  if (form.kind !== "text") {
    const option: Record<number, Text> = {};
    const seen = new Map<string, number>();
    form.options.forEach((raw, index) => {
      const value = oneLine(raw);
      if (value === "") option[index] = text("polls.errorOptionMissing");
      else if (CONTROL.test(value)) option[index] = text("polls.errorOptionControl");
      else if (length(value) > limits.max_option_chars) {
        option[index] = text("polls.errorOptionTooLong", { max: limits.max_option_chars });
      } else {
        const first = seen.get(sameKey(value));
        if (first !== undefined) option[index] = text("polls.errorOptionSame", { other: first + 1 });
        else seen.set(sameKey(value), index);
      }
    });
    if (Object.keys(option).length > 0) errors.option = option;
    if (form.options.length < MIN_POLL_OPTIONS || form.options.length > limits.max_poll_options) {
      errors.options = text("polls.errorOptionsCount", { min: MIN_POLL_OPTIONS, max: limits.max_poll_options });
    }
  }

  if (form.timer) {
    const seconds = /^\s*\d+\s*$/.test(form.seconds) ? Number(form.seconds) : Number.NaN;
    if (!(seconds >= MIN_POLL_SECONDS && seconds <= MAX_POLL_SECONDS)) {
      errors.seconds = text("polls.errorSeconds", { min: MIN_POLL_SECONDS, max: MAX_POLL_SECONDS });
    }
  }
  return errors;
}

/** Whether `errors` has anything to say. */
export function hasErrors(errors: PollFormErrors): boolean {
  return errors.question !== undefined || errors.options !== undefined || errors.option !== undefined || errors.seconds !== undefined;
}

/** The poll to open, as the form says (check it with `validatePollForm` first). */
export function pollDraft(form: PollForm): PollDraft {
  const choice = form.kind !== "text";
  const draft: PollDraft = {
    question: form.question.trim(),
    kind: form.kind,
    options: choice ? form.options.map(oneLine) : [],
    correct: choice ? form.correct.filter((i) => i < form.options.length) : [],
    anonymous: form.anonymous,
    changes: form.changes && !form.anonymous,
  };
  if (form.timer) draft.seconds = Number(form.seconds.trim());
  return draft;
}

// ---------------------------------------------------------------------------
// Answers (student)

/** Why a text answer cannot be sent, or null. */
export function answerTextError(value: string, maxChars: number): Text | null {
  const line = oneLine(value);
  if (line === "") return text("polls.errorAnswerMissing");
  if (length(line) > maxChars) return text("polls.errorAnswerTooLong", { max: maxChars });
  return null;
}

/** A text answer as it is sent. */
export function textAnswer(value: string): PollAnswer {
  return { text: oneLine(value) };
}

/** A choice answer as it is sent: each option once, ascending. */
export function choiceAnswer(choices: readonly number[]): PollAnswer {
  return { choices: [...new Set(choices)].sort((a, b) => a - b) };
}

// ---------------------------------------------------------------------------
// Results

/** One option's bar. */
export interface PollBar {
  index: number;
  label: string;
  count: number;
  /** Share of the students who answered, in whole percent (0 while none has). */
  percent: number;
  /** A correct option (known to students once revealed). */
  correct: boolean;
  /** This student's own choice. */
  mine: boolean;
  /** The bar's value in words: "15 answers · 63%". */
  value: Text;
}

/** One text answer of a text poll, with its word-cloud size. */
export interface WordView {
  text: string;
  count: number;
  /** 1 (given least) to 5 (given most). */
  size: 1 | 2 | 3 | 4 | 5;
  /** How many gave it, in words. */
  value: Text;
  /** This student's own answer. */
  mine: boolean;
}

/** Results as every results component shows them. */
export interface ResultsView {
  kind: PollKind;
  /** Choice polls: a bar for each option, in the options' order. */
  bars: PollBar[];
  /** Text polls: the answers, most given first. */
  words: WordView[];
  /** "18 of 24 have answered". */
  answered: Text;
  /** The correct options' labels (empty: not a quiz). */
  correct: string[];
}

function percentOf(count: number, answered: number): number {
  return answered > 0 ? Math.round((100 * count) / answered) : 0;
}

/** The bars of a choice poll's results; `mine` marks this student's choices. */
export function pollBars(info: PollInfo, results: PollResults, mine?: PollAnswer | null): PollBar[] {
  const chosen = new Set(mine?.choices ?? []);
  return info.options.map((label, index) => {
    const count = results.counts[index] ?? 0;
    const percent = percentOf(count, results.answered);
    return {
      index,
      label,
      count,
      percent,
      correct: results.correct.includes(index),
      mine: chosen.has(index),
      value: text("polls.barValue", { count, share: percent / 100 }),
    };
  });
}

/**
 * A text poll's answers with their word-cloud sizes: 1 to 5 in proportion
 * between the least and the most given (all 3 when they are given alike).
 */
export function wordCloud(texts: readonly TextCount[], mine?: PollAnswer | null): WordView[] {
  const counts = texts.map((t) => t.count);
  const most = Math.max(...counts);
  const least = Math.min(...counts);
  const own = mine?.text === undefined ? null : sameKey(mine.text);
  return texts.map(({ text: answer, count }) => {
    const size = most === least ? 3 : 1 + Math.round((4 * (count - least)) / (most - least));
    return {
      text: answer,
      count,
      size: size as WordView["size"],
      value: text("polls.wordValue", { count }),
      mine: own !== null && sameKey(answer) === own,
    };
  });
}

/** "18 of 24 have answered". */
export function answeredText(results: Pick<PollResults, "answered" | "students">): Text {
  return text("polls.answeredOf", { answered: results.answered, students: results.students });
}

/** Results with nothing in yet (the teacher's, before the first tally). */
export function emptyResults(info: PollInfo, students: number): PollResults {
  return { poll: info.id, answered: 0, students, counts: info.options.map(() => 0), texts: [], correct: [] };
}

export function resultsView(info: PollInfo, results: PollResults, mine?: PollAnswer | null): ResultsView {
  return {
    kind: info.kind,
    bars: info.kind === "text" ? [] : pollBars(info, results, mine),
    words: info.kind === "text" ? wordCloud(results.texts, mine) : [],
    answered: answeredText(results),
    correct: results.correct.map((i) => info.options[i]).filter((o): o is string => o !== undefined),
  };
}

// ---------------------------------------------------------------------------
// Time

/**
 * The time left on an open poll's timer, counted down from `closes_at` (at
 * most the timer's whole length, so a clock ahead of the hub's never shows
 * more); null without a timer or once the poll is not open.
 */
export function timeLeft(poll: Pick<PollState, "info" | "status">, now: number): { seconds: number; text: Text } | null {
  const { closes_at: closesAt, opened_at: openedAt } = poll.info;
  if (poll.status !== "open" || closesAt === undefined) return null;
  const closes = Date.parse(closesAt);
  if (Number.isNaN(closes)) return null;
  const opened = Date.parse(openedAt);
  const whole = Number.isNaN(opened) ? Number.POSITIVE_INFINITY : Math.ceil((closes - opened) / 1000);
  const seconds = Math.max(0, Math.min(whole, Math.ceil((closes - now) / 1000)));
  if (seconds === 0) return { seconds, text: text("polls.closingNow") };
  const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  return { seconds, text: text("polls.timeLeft", { time: clock }) };
}

/** Whether the screen needs a clock tick (once a second): an open poll has a timer. */
export function pollTickNeeded(polls: PollsState): boolean {
  return openPoll(polls)?.info.closes_at !== undefined;
}

// ---------------------------------------------------------------------------
// Which poll shows where

/** The poll the class screen shows (the newest one), or null before the first. */
export function currentPoll(polls: PollsState): PollState | null {
  return polls.list[polls.list.length - 1] ?? null;
}

/** Whether the teacher may open a poll now (one is open at a time). */
export function canStartPoll(polls: PollsState): boolean {
  return openPoll(polls) === null;
}

// ---------------------------------------------------------------------------
// The teacher

export interface TeacherPollView {
  id: string;
  question: string;
  kind: PollKind;
  status: PollStatus;
  anonymous: boolean;
  quiz: boolean;
  changes: boolean;
  /** "Open", "Closed", "Results shown to the class". */
  statusText: Text;
  /** What kind of poll it is and how it is set ("One choice", "Quiz", "Anonymous"…). */
  tags: Text[];
  /** The results so far (zeros before the first tally). */
  results: ResultsView;
  /** The timer's time left, or null. */
  timeLeft: Text | null;
  canClose: boolean;
  canReveal: boolean;
  /** A text poll: answers can be hidden. */
  canHide: boolean;
}

function statusText(status: PollStatus): Text {
  switch (status) {
    case "open":
      return text("polls.statusOpen");
    case "closed":
      return text("polls.statusClosed");
    case "revealed":
      return text("polls.statusRevealed");
  }
}

/** What kind of poll it is and how it is set, a short tag each: "One choice", "Quiz", "Anonymous"… */
export function pollTags(info: PollInfo): Text[] {
  const tags = [text("polls.kindTag", { kind: info.kind })];
  if (info.quiz) tags.push(text("polls.tagQuiz"));
  if (info.anonymous) tags.push(text("polls.tagAnonymous"));
  if (info.changes) tags.push(text("polls.tagChanges"));
  return tags;
}

/** The teacher's view of a poll; `students` counts the class until the first tally. */
export function teacherPollView(poll: PollState, now: number, students: number): TeacherPollView {
  const { info, status } = poll;
  return {
    id: info.id,
    question: info.question,
    kind: info.kind,
    status,
    anonymous: info.anonymous,
    quiz: info.quiz,
    changes: info.changes,
    statusText: statusText(status),
    tags: pollTags(info),
    results: resultsView(info, poll.results ?? emptyResults(info, students)),
    timeLeft: timeLeft(poll, now)?.text ?? null,
    canClose: status === "open",
    canReveal: status !== "revealed",
    canHide: info.kind === "text",
  };
}

/** The students who have answered the open poll and those who have not, by id, in roster order. */
export interface WhoAnswered {
  answered: string[];
  notYet: string[];
}

/**
 * The teacher's split of the class for an open poll that is not anonymous
 * (null otherwise, or before the first tally): who has answered, who not yet.
 */
export function whoAnswered(poll: PollState | null, participants: readonly Participant[]): WhoAnswered | null {
  if (poll === null || poll.status !== "open" || poll.info.anonymous) return null;
  const who = poll.results?.who;
  if (who === undefined) return null;
  const done = new Set(who);
  const students = participants.filter((p) => p.role === "student");
  return {
    answered: students.filter((p) => done.has(p.id)).map((p) => p.id),
    notYet: students.filter((p) => !done.has(p.id)).map((p) => p.id),
  };
}

/** The same split as marks by participant id (ParticipantsList's `answered`). */
export function answeredMarks(split: WhoAnswered | null): Record<string, boolean> | undefined {
  if (split === null) return undefined;
  return Object.fromEntries([...split.answered.map((id) => [id, true]), ...split.notYet.map((id) => [id, false])]);
}

// ---------------------------------------------------------------------------
// The student

export type AnswerStatus = "none" | "sending" | "sent";

export interface StudentPollView {
  id: string;
  question: string;
  kind: PollKind;
  options: string[];
  status: PollStatus;
  quiz: boolean;
  anonymous: boolean;
  changes: boolean;
  /** What kind of poll it is and how it is set. */
  tags: Text[];
  /** The answer shown as chosen: the one on its way, else the one stored (unknown in an anonymous poll). */
  chosen: PollAnswer | null;
  answer: AnswerStatus;
  /** Whether an answer can be sent now: open, nothing on its way, and not answered or changes allowed. */
  canAnswer: boolean;
  /** What to do: "Choose one option.", "Write a short answer, then send." */
  instruction: Text;
  /** How the answer stands ("Sending…", "Answer sent.", "The poll is closed…"); null before answering. */
  statusText: Text | null;
  /** The timer's time left, or null. */
  timeLeft: Text | null;
  /** Once revealed: the results, with this student's answer and the correct options marked. */
  results: ResultsView | null;
  /** Once revealed: whether this student was right (null: not a quiz, or no answer known). */
  right: boolean | null;
  /** What the screen reader is told: a new poll, that it closed, its results. */
  announcement: Text;
}

function studentStatusText(poll: PollState, answer: AnswerStatus): Text | null {
  const { info, status } = poll;
  if (answer === "sending") return text("polls.sending");
  if (status === "open") {
    if (answer === "sent") {
      if (info.anonymous) return text("polls.sentAnonymous");
      return text(info.changes ? "polls.sentChangeable" : "polls.sent");
    }
    return null;
  }
  if (status === "closed") return text(answer === "sent" ? "polls.closedAnswered" : "polls.closedNotAnswered");
  return text(answer === "sent" ? "polls.revealedAnswered" : "polls.revealedNotAnswered");
}

/**
 * The student's card for a poll; `sending` is the answer on its way, if any,
 * and `refused` why the last one was refused (said until the next answer).
 */
export function studentPollView(
  poll: PollState,
  sending: PollAnswer | undefined,
  now: number,
  refused: Text | null = null,
): StudentPollView {
  const { info, status } = poll;
  const answer: AnswerStatus = sending ? "sending" : poll.answered ? "sent" : "none";
  const chosen = sending ?? poll.mine ?? null;
  // Students see nothing of others' answers until the teacher shows them.
  const revealed = status === "revealed" && poll.results !== undefined;
  const results = revealed && poll.results ? resultsView(info, poll.results, chosen) : null;
  const announcement =
    status === "open"
      ? text("polls.announceOpened", { question: info.question })
      : status === "closed"
        ? text("polls.announceClosed", { question: info.question })
        : text("polls.announceRevealed", { question: info.question });
  return {
    id: info.id,
    question: info.question,
    kind: info.kind,
    options: info.options,
    status,
    quiz: info.quiz,
    anonymous: info.anonymous,
    changes: info.changes,
    tags: pollTags(info),
    chosen,
    answer,
    canAnswer: status === "open" && answer !== "sending" && (answer === "none" || (info.changes && !info.anonymous)),
    instruction: text("polls.instruction", { kind: info.kind }),
    statusText: refused !== null && answer !== "sending" ? refused : studentStatusText(poll, answer),
    timeLeft: timeLeft(poll, now)?.text ?? null,
    results,
    right: revealed ? isRight(poll, poll.mine ?? undefined) : null,
    announcement,
  };
}

// ---------------------------------------------------------------------------
// Earlier polls

export interface PastPollView {
  id: string;
  /** 1 for the class's first poll, and so on. */
  number: number;
  question: string;
  kind: PollKind;
  status: PollStatus;
  /** When it was opened (RFC 3339). */
  openedAt: string;
  statusText: Text;
  /** The results, if this viewer may see them (students: once revealed; the teacher: always). */
  results: ResultsView | null;
  /** A student's answer was right (null: not a quiz, not revealed, or no answer known). */
  right: boolean | null;
  /** The teacher may still show this poll's results to the class. */
  canReveal: boolean;
}

/** Every poll but the newest (which the class screen shows), newest first. */
export function pastPolls(polls: PollsState, teacher: boolean): PastPollView[] {
  return polls.list
    .slice(0, -1)
    .map((poll, index): PastPollView => {
      const { info, status } = poll;
      const shown = teacher || status === "revealed";
      const mine = teacher ? null : (poll.mine ?? null);
      return {
        id: info.id,
        number: index + 1,
        question: info.question,
        kind: info.kind,
        status,
        openedAt: info.opened_at,
        statusText: statusText(status),
        results: shown && poll.results ? resultsView(info, poll.results, mine) : null,
        right: !teacher && status === "revealed" ? isRight(poll, poll.mine) : null,
        canReveal: teacher && status !== "revealed",
      };
    })
    .reverse();
}

// ---------------------------------------------------------------------------
// From the whole state

/** The teacher's current poll (results panel), or null. */
export function teacherPoll(state: ClassroomState, now: number): TeacherPollView | null {
  const poll = currentPoll(state.polls);
  if (poll === null || !isTeacher(state)) return null;
  const students = state.participants.filter((p) => p.role === "student").length;
  return teacherPollView(poll, now, students);
}

/** The student's current poll (the card), or null. */
export function studentPoll(state: ClassroomState, now: number): StudentPollView | null {
  const poll = currentPoll(state.polls);
  if (poll === null || isTeacher(state)) return null;
  return studentPollView(poll, state.polls.sending[poll.info.id]?.answer, now, state.polls.refused[poll.info.id] ?? null);
}

/** The earlier polls as this viewer may see them. */
export function earlierPolls(state: ClassroomState): PastPollView[] {
  return pastPolls(state.polls, isTeacher(state));
}

/** Teacher: who has answered the open poll, as ParticipantsList's marks; undefined otherwise. */
export function participantMarks(state: ClassroomState): Record<string, boolean> | undefined {
  if (!isTeacher(state)) return undefined;
  return answeredMarks(whoAnswered(openPoll(state.polls), state.participants));
}
