// The class's polls as the screen shows them: every poll of the session in
// the order opened, each with its status, the results the shell has given
// (the teacher's live ones; everyone's once revealed), and this student's
// own answer: the one stored, one on its way (the shell's `answerQueued`),
// and why one was refused. Pure: the shell's poll events in, state out.

import type { AppEvent, PollAnswer, PollResults, PollState } from "../api";
import type { Text } from "../i18n";

/** An answer on its way: its id (as the shell named it) and what it says. */
export interface SendingAnswer {
  clientId: string;
  answer: PollAnswer;
}

export interface PollsState {
  /** Every poll of the session, oldest first. */
  list: PollState[];
  /** Answers sent and not stored yet, by poll id (the shell resends them). */
  sending: Record<string, SendingAnswer>;
  /** Why this student's latest answer to a poll was refused, by poll id. */
  refused: Record<string, Text>;
}

export const initialPolls: PollsState = { list: [], sending: {}, refused: {} };

type PollEvent = Extract<
  AppEvent,
  { kind: "polls" | "pollOpened" | "pollTally" | "answerQueued" | "pollAnswered" | "pollClosed" | "pollRevealed" }
>;

/** Whether an event is about polls (and `applyPollEvent` takes it). */
export function isPollEvent(event: AppEvent): event is PollEvent {
  return (
    event.kind === "polls" ||
    event.kind === "pollOpened" ||
    event.kind === "pollTally" ||
    event.kind === "answerQueued" ||
    event.kind === "pollAnswered" ||
    event.kind === "pollClosed" ||
    event.kind === "pollRevealed"
  );
}

function update(state: PollsState, id: string, change: (poll: PollState) => PollState): PollsState {
  if (!state.list.some((p) => p.info.id === id)) return state;
  return { ...state, list: state.list.map((p) => (p.info.id === id ? change(p) : p)) };
}

function withResults(results: PollResults): (poll: PollState) => PollState {
  return (poll) => ({ ...poll, results });
}

export function applyPollEvent(state: PollsState, event: PollEvent): PollsState {
  switch (event.kind) {
    case "polls":
      // A (re)join's snapshot; answers still on their way stay on their way.
      return { ...state, list: event.data };
    case "pollOpened":
      if (state.list.some((p) => p.info.id === event.data.id)) return state;
      return { ...state, list: [...state.list, { info: event.data, status: "open", answered: false }] };
    case "pollTally":
      return update(state, event.data.poll, withResults(event.data));
    case "answerQueued": {
      const { poll, client_id, answer } = event.data;
      const refused = { ...state.refused };
      delete refused[poll];
      return { ...state, sending: { ...state.sending, [poll]: { clientId: client_id, answer } }, refused };
    }
    case "pollAnswered": {
      const { poll, client_id } = event.data;
      const pending = state.sending[poll];
      // An older answer's ack, when a newer one is on its way: the newer one still is.
      if (pending && pending.clientId !== client_id) return update(state, poll, (p) => ({ ...p, answered: true }));
      const sent = pending?.answer;
      const sending = { ...state.sending };
      delete sending[poll];
      const next = update(state, poll, (p) => ({
        ...p,
        answered: true,
        // An anonymous poll never says which answer was ours.
        mine: p.info.anonymous ? undefined : (sent ?? p.mine),
      }));
      return { ...next, sending };
    }
    case "pollClosed":
      return update(state, event.data.poll, (p) => (p.status === "open" ? { ...p, status: "closed" } : p));
    case "pollRevealed":
      return update(state, event.data.poll, (p) => ({ ...p, status: "revealed", results: event.data }));
  }
}

/**
 * The hub refused the answer with this id (`refused` event), worded as
 * `reason`; `null` when no answer on its way has this id (it was not one).
 */
export function answerRefused(state: PollsState, clientId: string, reason: Text): PollsState | null {
  const poll = Object.keys(state.sending).find((id) => state.sending[id]?.clientId === clientId);
  if (poll === undefined) return null;
  const sending = { ...state.sending };
  delete sending[poll];
  return { ...state, sending, refused: { ...state.refused, [poll]: reason } };
}

/** The poll open now, if any. */
export function openPoll(state: PollsState): PollState | null {
  return state.list.find((p) => p.status === "open") ?? null;
}

/**
 * Whether an answer is right, once the correct options are known: a single
 * choice among the correct ones, or exactly the correct set of a multiple
 * choice. `null` when the poll has no correct options (or they are not known).
 */
export function isRight(poll: PollState, answer: PollAnswer | undefined): boolean | null {
  const correct = poll.results?.correct ?? [];
  if (correct.length === 0 || answer === undefined) return null;
  const chosen = answer.choices ?? [];
  if (poll.info.kind === "single") return chosen.length === 1 && correct.includes(chosen[0] ?? -1);
  return chosen.length === correct.length && chosen.every((c) => correct.includes(c));
}
