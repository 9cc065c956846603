// What the Questions tab shows, derived from the state (state/questions.ts):
// for a student, the form to ask (or why they cannot now) and their own
// threads, with what is still on its way; for the teacher, how many wait
// for an answer, the threads (those waiting first, each in the order asked)
// with their answers and whether another can be given, and the switch that
// lets students ask. Also whether the chat's notice offers asking privately
// (a muted student, a locked chat). Pure: sentences go out as `Text`s.

import type { Answer, Question } from "../api";
import { type Text, text } from "../i18n";
import type { ClassroomState } from "./classroom";
import { namesById } from "./names";
import { type PendingAnswer, type SendStatus, questionsOff } from "./questions";
import { composerRules, connected } from "./roomView";
import { canSend, isTeacher } from "./view";

/** The hub's caps before its welcome says (docs/protocol.md). */
const DEFAULT_QUESTIONS_OPEN = 5;
const DEFAULT_MAX_ANSWERS = 10;

/** One answer under a question. */
export interface AnswerView {
  key: string;
  text: string;
  /** Given for everyone (a chat message quotes the question). */
  public: boolean;
  /** The machine-readable time (RFC 3339), "" while not taken. */
  dateTime: string;
  status: "sent" | SendStatus;
  /** Why it was not sent (refused only). */
  reason: Text | null;
}

/** One question and its answers. */
export interface ThreadView {
  key: string;
  /** The hub's id; null while not taken (on its way, refused). */
  id: string | null;
  /** Who asked, by their name now (the teacher's view; a student's own says nothing). */
  asker: string;
  text: string;
  /** When it was asked (RFC 3339), "" while not taken. */
  dateTime: string;
  status: "sent" | SendStatus;
  reason: Text | null;
  answers: AnswerView[];
  /** Has at least one answer the hub took. */
  answered: boolean;
  /** Teacher: another answer may be given now (connected, not at the cap). */
  canAnswer: boolean;
  /** Teacher: it has all the answers it can have. */
  full: boolean;
}

export interface StudentQuestionsView {
  role: "student";
  /** The form may send now. */
  canAsk: boolean;
  /** Why not (questions off, too many waiting, closed), or null. */
  reason: Text | null;
  maxChars: number;
  threads: ThreadView[];
}

export interface TeacherQuestionsView {
  role: "teacher";
  /** Threads waiting for an answer. */
  unanswered: number;
  /** Waiting first, then answered; each group in the order asked. */
  threads: ThreadView[];
  /** Students may ask (the switch is on). */
  open: boolean;
  /** Not connected: the switch and the answer buttons cannot act. */
  disabled: boolean;
  /** Older threads not held (in the export). */
  earlier: number;
  maxChars: number;
}

export type QuestionsView = StudentQuestionsView | TeacherQuestionsView;

function answerView(answer: Answer, index: number, question: string): AnswerView {
  return {
    key: `a:${question}:${index}`,
    text: answer.text,
    public: answer.seq !== undefined,
    dateTime: answer.at,
    status: "sent",
    reason: null,
  };
}

function pendingAnswerView(p: PendingAnswer): AnswerView {
  return { key: `pa:${p.clientId}`, text: p.text, public: p.public, dateTime: "", status: p.status, reason: p.reason };
}

function threadView(
  q: Question,
  pending: readonly PendingAnswer[],
  names: ReadonlyMap<string, string>,
  canAnswer: boolean,
  maxAnswers: number,
): ThreadView {
  const full = q.answers.length >= maxAnswers;
  return {
    key: `q:${q.id}`,
    id: q.id,
    asker: names.get(q.from.id) ?? q.from.name,
    text: q.text,
    dateTime: q.at,
    status: "sent",
    reason: null,
    answers: [
      ...q.answers.map((a, i) => answerView(a, i, q.id)),
      ...pending.filter((p) => p.question === q.id).map(pendingAnswerView),
    ],
    answered: q.answers.length > 0,
    canAnswer: canAnswer && !full,
    full,
  };
}

/** Threads waiting for an answer (the teacher's badge; a student's own open ones). */
export function unansweredCount(state: ClassroomState): number {
  return state.questions.threads.filter((q) => q.answers.length === 0).length;
}

/** Teacher: the Questions tab's badge (0 for a student). */
export function questionsWaiting(state: ClassroomState): number {
  return isTeacher(state) ? unansweredCount(state) : 0;
}

export function questionsView(state: ClassroomState): QuestionsView {
  const names = namesById(state.participants);
  const maxChars = state.limits?.max_text_chars ?? 2000;
  const maxAnswers = state.limits?.max_answers ?? DEFAULT_MAX_ANSWERS;
  const { threads, pendingQuestions, pendingAnswers } = state.questions;
  if (isTeacher(state)) {
    const online = connected(state);
    const views = threads.map((q) => threadView(q, pendingAnswers, names, online, maxAnswers));
    return {
      role: "teacher",
      unanswered: views.filter((v) => !v.answered).length,
      threads: [...views.filter((v) => !v.answered), ...views.filter((v) => v.answered)],
      open: !questionsOff(state.room.rules),
      disabled: !online,
      earlier: state.questions.earlier,
      maxChars,
    };
  }
  const own = threads.map((q) => threadView(q, [], names, false, maxAnswers));
  const waiting = pendingQuestions.map(
    (p): ThreadView => ({
      key: `pq:${p.clientId}`,
      id: null,
      asker: "",
      text: p.text,
      dateTime: "",
      status: p.status,
      reason: p.reason,
      answers: [],
      answered: false,
      canAnswer: false,
      full: false,
    }),
  );
  return { role: "student", ...askState(state), maxChars, threads: [...own, ...waiting] };
}

/** Whether a student may ask now, and why not. */
function askState(state: ClassroomState): { canAsk: boolean; reason: Text | null } {
  if (!canSend(state)) {
    return { canAsk: false, reason: text(state.connection?.state === "closed" ? "chat.closed" : "class.connecting") };
  }
  if (questionsOff(state.room.rules)) return { canAsk: false, reason: text("questions.off") };
  const cap = state.limits?.questions_open ?? DEFAULT_QUESTIONS_OPEN;
  const open =
    unansweredCount(state) + state.questions.pendingQuestions.filter((p) => p.status === "sending").length;
  if (cap > 0 && open >= cap) return { canAsk: false, reason: text("questions.tooManyOpen", { count: open }) };
  return { canAsk: true, reason: null };
}

/**
 * Student: the chat's notice offers asking the teacher privately (the
 * message box is blocked: muted, or a locked chat), unless questions are off.
 */
export function offerAskPrivately(state: ClassroomState): boolean {
  if (isTeacher(state) || questionsOff(state.room.rules) || !canSend(state)) return false;
  return composerRules(state, 0).blocked !== null;
}
