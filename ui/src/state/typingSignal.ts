// Throttles the "I am typing" signal the composer sends: `true` at most once
// every 2 s while keys keep coming, `false` after 3 s without input, when the
// message is sent, or when the box is emptied. The hub forwards at most one
// `true` per 2 s anyway; sending more would only be dropped.

export const TYPING_REFRESH_MS = 2_000;
export const TYPING_IDLE_MS = 3_000;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class TypingSignal {
  readonly #send: (active: boolean) => void;
  readonly #clock: Clock;
  #active = false;
  #lastTrue = Number.NEGATIVE_INFINITY;
  #idle: unknown = null;

  constructor(send: (active: boolean) => void, clock: Clock = realClock) {
    this.#send = send;
    this.#clock = clock;
  }

  /** The composer's text changed to `text`. */
  input(text: string): void {
    if (text.trim().length === 0) {
      this.stop();
      return;
    }
    const now = this.#clock.now();
    if (!this.#active || now - this.#lastTrue >= TYPING_REFRESH_MS) {
      this.#active = true;
      this.#lastTrue = now;
      this.#send(true);
    }
    this.#clearIdle();
    this.#idle = this.#clock.setTimeout(() => this.stop(), TYPING_IDLE_MS);
  }

  /** The message was sent, the box emptied, or the user went idle. */
  stop(): void {
    this.#clearIdle();
    if (!this.#active) return;
    this.#active = false;
    this.#lastTrue = Number.NEGATIVE_INFINITY;
    this.#send(false);
  }

  /** Stops the timer without telling anyone (the connection is going away). */
  dispose(): void {
    this.#clearIdle();
    this.#active = false;
  }

  #clearIdle(): void {
    if (this.#idle !== null) {
      this.#clock.clearTimeout(this.#idle);
      this.#idle = null;
    }
  }
}
