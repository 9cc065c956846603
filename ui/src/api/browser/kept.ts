// Poll answers and private questions the hub has not acked yet (the Rust
// client's answers.rs and questions.rs).
//
// Like chat messages, each keeps its id for life: sent at once while
// connected, sent again with the same id after every reconnect, until the
// hub's `poll:ack` / `question:asked` with that `ref` (or a refusal with
// it) settles it. The hub takes a resent id once, so each answer and each
// question is stored exactly once however the connection comes and goes.

import type { PollAnswer } from "../generated/protocol";
import type { ClientFrame } from "./protocol";
import { IdSource } from "./ids";

/** An unacked poll answer. */
export interface KeptAnswer {
  poll: string;
  id: string;
  answer: PollAnswer;
}

/** An unacked private question. */
export interface KeptQuestion {
  id: string;
  text: string;
}

/**
 * Polls answers are kept for at once. The hub opens one poll at a time; a
 * few more cover answers to polls closed while offline (refused on resend,
 * which settles them). Beyond it the oldest is let go.
 */
export const MAX_ANSWERS = 16;

/** Questions kept at once; `ask` is refused beyond (a hub lets a student have 5 waiting). */
export const MAX_QUESTIONS_KEPT = 32;

function answerFrame({ poll, id, answer }: KeptAnswer): ClientFrame {
  return { type: "poll:answer", poll, id, ...answer };
}

/** One answer per poll: a newer answer to the same poll replaces an unacked one. */
export class Answers {
  #pending = new Map<string, KeptAnswer>();

  constructor(readonly ids: IdSource = new IdSource()) {}

  get size(): number {
    return this.#pending.size;
  }

  get entries(): KeptAnswer[] {
    return [...this.#pending.values()];
  }

  /** Keeps an answer to `poll` until acked; returns it (with its new id) and the frame that sends it. */
  push(poll: string, answer: PollAnswer): [KeptAnswer, ClientFrame] {
    const kept = { poll, id: this.ids.next("a"), answer };
    this.#pending.delete(poll);
    if (this.#pending.size >= MAX_ANSWERS) {
      const oldest = this.#pending.keys().next();
      if (!oldest.done) this.#pending.delete(oldest.value);
    }
    this.#pending.set(poll, kept);
    return [kept, answerFrame(kept)];
  }

  /** Takes back answers kept by an earlier page of the same seat (a newer one for a poll wins). */
  restore(answers: readonly KeptAnswer[]): KeptAnswer[] {
    const fresh = answers.filter((a) => !this.#pending.has(a.poll)).slice(-MAX_ANSWERS);
    for (const answer of fresh) this.#pending.set(answer.poll, answer);
    return fresh;
  }

  /** Forgets the answer the hub acked or refused; true if it was here. */
  settle(id: string): boolean {
    for (const [poll, kept] of this.#pending) {
      if (kept.id === id) return this.#pending.delete(poll);
    }
    return false;
  }

  /** The frames that send every unacked answer again. */
  resend(): ClientFrame[] {
    return this.entries.map(answerFrame);
  }
}

/** Private questions, oldest first. */
export class Questions {
  #pending: KeptQuestion[] = [];

  constructor(readonly ids: IdSource = new IdSource()) {}

  get size(): number {
    return this.#pending.length;
  }

  get entries(): readonly KeptQuestion[] {
    return this.#pending;
  }

  /** Keeps a question until settled: it with its id, and the frame that sends it; null when too many wait. */
  push(text: string): [KeptQuestion, ClientFrame] | null {
    if (this.#pending.length >= MAX_QUESTIONS_KEPT) return null;
    const kept = { id: this.ids.next("q"), text };
    this.#pending.push(kept);
    return [kept, { type: "question:ask", id: kept.id, text }];
  }

  /** Takes back questions kept by an earlier page of the same seat. */
  restore(questions: readonly KeptQuestion[]): KeptQuestion[] {
    const known = new Set(this.#pending.map((q) => q.id));
    const room = MAX_QUESTIONS_KEPT - this.#pending.length;
    const fresh = questions.filter((q) => !known.has(q.id)).slice(0, Math.max(0, room));
    this.#pending = [...fresh, ...this.#pending];
    return fresh;
  }

  /** Forgets what the hub acked or refused; true if it was here. */
  settle(id: string): boolean {
    const before = this.#pending.length;
    this.#pending = this.#pending.filter((q) => q.id !== id);
    return this.#pending.length !== before;
  }

  /** The frames that send every unsettled question again, oldest first. */
  resend(): ClientFrame[] {
    return this.#pending.map(({ id, text }) => ({ type: "question:ask", id, text }));
  }
}
