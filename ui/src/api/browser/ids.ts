// Client ids for what a student sends (messages, poll answers, questions).
//
// The hub makes resends idempotent by id *per participant*, so an id only
// has to be unique among one participant's ids. A random prefix per client
// instance plus a counter does that (docs/protocol.md: "A random prefix plus
// a counter works well"): two tabs or a reloaded page that sit in the same
// seat draw different prefixes, and ids restored from storage keep theirs.
//
// No secure-context API is needed: a class hub is reached over plain http
// on a LAN, where `crypto.subtle` and `crypto.randomUUID` are missing, but
// `crypto.getRandomValues` is available everywhere (and Math.random is a
// fallback good enough for uniqueness, which is all that is asked here).

/** 32 random bits as 8 hex digits, from `crypto.getRandomValues` when present. */
export function randomHex32(): string {
  const words = new Uint32Array(1);
  const crypto = (globalThis as { crypto?: { getRandomValues?: (array: Uint32Array) => Uint32Array } }).crypto;
  if (crypto?.getRandomValues) {
    crypto.getRandomValues(words);
  } else {
    words[0] = Math.floor(Math.random() * 0x1_0000_0000);
  }
  return (words[0] ?? 0).toString(16).padStart(8, "0");
}

/** A new client-id prefix, shaped like the Rust client's (`c` + 8 hex digits). */
export function newPrefix(): string {
  return `c${randomHex32()}`;
}

/** Hands out `${prefix}-${tag}${n}` ids, n counting from 1. */
export class IdSource {
  #counter = 0;

  constructor(readonly prefix: string = newPrefix()) {}

  next(tag = ""): string {
    this.#counter += 1;
    return `${this.prefix}-${tag}${this.#counter}`;
  }
}
