// Private questions: a student asks the teacher alone; the teacher answers
// privately or for everyone (a chat message quoting the question). A student
// holds their own threads, the teacher every student's, each in the order
// asked with its answers. After every welcome the `questions` event replaces
// what was held. A question or answer on its way is kept by the id the shell
// queued it under (`questionQueued`, `replyQueued`) until the hub takes it
// (`questionAsked`, `questionAnswered` with that id) or refuses it (a
// `refused` event with that id). The same question or answer may come again
// (a resend's ack): each is kept once. Pure: the shell's events in, state out.

import type { Answer, AppEvent, ErrorCode, Question, RoomRules } from "../api";
import { type Text, text } from "../i18n";

/** Where a question or answer this user sent stands. */
export type SendStatus = "sending" | "refused";

/** A student's question on its way, or refused. */
export interface PendingQuestion {
  /** The id the shell queued it under. */
  clientId: string;
  text: string;
  status: SendStatus;
  /** Why it was not sent (refused only). */
  reason: Text | null;
}

/** The teacher's answer on its way, or refused. */
export interface PendingAnswer {
  clientId: string;
  /** The question's hub id. */
  question: string;
  text: string;
  public: boolean;
  status: SendStatus;
  reason: Text | null;
}

export interface QuestionsState {
  /** The threads, in the order asked, each with its answers (oldest first). */
  threads: readonly Question[];
  /** Older threads left out of the welcome's list (in the teacher's export). */
  earlier: number;
  /** Questions this student sent that the hub has not taken. */
  pendingQuestions: readonly PendingQuestion[];
  /** Answers the teacher sent that the hub has not taken. */
  pendingAnswers: readonly PendingAnswer[];
  /** What screen readers are told of the latest change. */
  announcement: { key: string; text: Text } | null;
}

export const initialQuestions: QuestionsState = {
  threads: [],
  earlier: 0,
  pendingQuestions: [],
  pendingAnswers: [],
  announcement: null,
};

export type QuestionEvent = Extract<
  AppEvent,
  { kind: "questions" | "questionQueued" | "replyQueued" | "questionAsked" | "questionAnswered" }
>;

/** Whether an event is about private questions (and `applyQuestionEvent` takes it). */
export function isQuestionEvent(event: AppEvent): event is QuestionEvent {
  switch (event.kind) {
    case "questions":
    case "questionQueued":
    case "replyQueued":
    case "questionAsked":
    case "questionAnswered":
      return true;
    default:
      return false;
  }
}

/** Whether the teacher has turned private questions off (absent: on, as hubs before them). */
export function questionsOff(rules: RoomRules): boolean {
  return rules.questions_off === true;
}

/** Whether two answers are the same one (a resend's ack carries it again). */
function sameAnswer(a: Answer, b: Answer): boolean {
  return a.text === b.text && a.at === b.at && a.seq === b.seq;
}

/** `list` without the one queued as `clientId` (the same list when it has none). */
function withoutClientId<T extends { clientId: string }>(list: readonly T[], clientId: string | undefined): readonly T[] {
  if (clientId === undefined || !list.some((p) => p.clientId === clientId)) return list;
  return list.filter((p) => p.clientId !== clientId);
}

/** Who is looking: the teacher hears of new questions, a student of answers. */
export interface QuestionsViewer {
  teacher: boolean;
  /** A participant's name now, by id. */
  nameOf(id: string): string | null;
}

export function applyQuestionEvent(state: QuestionsState, event: QuestionEvent, viewer: QuestionsViewer): QuestionsState {
  switch (event.kind) {
    case "questions":
      // After every welcome: what the hub holds now. What is on its way stays.
      return { ...state, threads: event.data.list, earlier: event.data.earlier };
    case "questionQueued": {
      const { client_id, text: body } = event.data;
      if (state.pendingQuestions.some((p) => p.clientId === client_id)) return state;
      const pending: PendingQuestion = { clientId: client_id, text: body, status: "sending", reason: null };
      return { ...state, pendingQuestions: [...state.pendingQuestions, pending] };
    }
    case "replyQueued": {
      const { client_id, question, text: body } = event.data;
      if (state.pendingAnswers.some((p) => p.clientId === client_id)) return state;
      const pending: PendingAnswer = {
        clientId: client_id,
        question,
        text: body,
        public: event.data.public,
        status: "sending",
        reason: null,
      };
      return { ...state, pendingAnswers: [...state.pendingAnswers, pending] };
    }
    case "questionAsked": {
      const { question, client_id } = event.data;
      const pendingQuestions = withoutClientId(state.pendingQuestions, client_id);
      const known = state.threads.some((q) => q.id === question.id);
      if (known && pendingQuestions === state.pendingQuestions) return state;
      if (known) return { ...state, pendingQuestions };
      // The teacher hears of a new student question; the asker's own is said
      // by its line no longer "Sending…".
      const announcement =
        viewer.teacher && client_id === undefined
          ? {
              key: `asked:${question.id}`,
              text: text("questions.announceAsked", { name: viewer.nameOf(question.from.id) ?? question.from.name }),
            }
          : state.announcement;
      return { ...state, threads: [...state.threads, question], pendingQuestions, announcement };
    }
    case "questionAnswered": {
      const { question, answer, client_id } = event.data;
      const pendingAnswers = withoutClientId(state.pendingAnswers, client_id);
      let added = false;
      const threads = state.threads.map((q) => {
        if (q.id !== question || q.answers.some((a) => sameAnswer(a, answer))) return q;
        added = true;
        return { ...q, answers: [...q.answers, answer] };
      });
      if (!added && pendingAnswers === state.pendingAnswers) return state;
      const announcement =
        added && !viewer.teacher
          ? {
              key: `answered:${question}:${state.threads.find((q) => q.id === question)?.answers.length ?? 0}`,
              text: text(answer.seq === undefined ? "questions.announceAnswered" : "questions.announceAnsweredPublic"),
            }
          : state.announcement;
      return { ...state, threads: added ? threads : state.threads, pendingAnswers, announcement };
    }
  }
}

/**
 * A refusal naming `clientId`: the question or answer it names shows as not
 * sent, with `reason`; null when it names neither. An answer refused as
 * `too_many_questions` was one too many for its question.
 */
export function questionRefused(
  state: QuestionsState,
  clientId: string,
  code: ErrorCode,
  reason: Text,
): QuestionsState | null {
  if (state.pendingQuestions.some((p) => p.clientId === clientId)) {
    const pendingQuestions = state.pendingQuestions.map((p) =>
      p.clientId === clientId ? { ...p, status: "refused" as const, reason } : p,
    );
    return { ...state, pendingQuestions };
  }
  if (state.pendingAnswers.some((p) => p.clientId === clientId)) {
    const said = code === "too_many_questions" ? text("questions.tooManyAnswers") : reason;
    const pendingAnswers = state.pendingAnswers.map((p) =>
      p.clientId === clientId ? { ...p, status: "refused" as const, reason: said } : p,
    );
    return { ...state, pendingAnswers };
  }
  return null;
}

/** The shell could not even queue a question (it said why): shown as not sent. */
export function questionFailed(state: QuestionsState, key: string, body: string, reason: Text): QuestionsState {
  const failed: PendingQuestion = { clientId: key, text: body, status: "refused", reason };
  return { ...state, pendingQuestions: [...state.pendingQuestions, failed] };
}

/** The shell could not even queue an answer (it said why): shown as not sent under its question. */
export function answerFailed(
  state: QuestionsState,
  key: string,
  answer: { question: string; text: string; public: boolean },
  reason: Text,
): QuestionsState {
  const failed: PendingAnswer = { clientId: key, ...answer, status: "refused", reason };
  return { ...state, pendingAnswers: [...state.pendingAnswers, failed] };
}

/** The connection closed for good: nothing on its way will go out any more. */
export function questionsDisconnected(state: QuestionsState, reason: Text): QuestionsState {
  const sending = (p: { status: SendStatus }) => p.status === "sending";
  if (!state.pendingQuestions.some(sending) && !state.pendingAnswers.some(sending)) return state;
  return {
    ...state,
    pendingQuestions: state.pendingQuestions.map((p) => (sending(p) ? { ...p, status: "refused" as const, reason } : p)),
    pendingAnswers: state.pendingAnswers.map((p) => (sending(p) ? { ...p, status: "refused" as const, reason } : p)),
  };
}
