// Which participants the client has told its UI about (the Rust client's
// core/src/client/roster.rs), so that a hub cannot grow the UI's list, or
// anything a UI keeps by participant id (typing indicators, hands), without
// bound: at most `max` participants, each a record of bounded size.
//
// The set mirrors the list a UI builds from the events: replaced by each
// welcome, a record added or updated by each announcement, removed by a
// removal (a departure for another reason keeps it, offline). Beyond `max`
// newcomers are not passed on until a removal makes room; the connection
// stays up, so a class larger than expected still chats, with an
// incomplete list.

import type { LeftReason, Participant } from "../generated/protocol";

/** Longest participant id taken from a hub, in UTF-8 bytes (the hub issues `p_` and a number). */
export const MAX_ID_BYTES = 64;

/** Longest display name taken, in UTF-8 bytes (the protocol allows 40 characters, at most 160 bytes). */
export const MAX_NAME_BYTES = 1024;

/** UTF-8 length of a string, without allocating. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

export class Roster {
  #ids = new Set<string>();

  constructor(readonly max: number) {}

  get size(): number {
    return this.#ids.size;
  }

  /** A welcome's list, which replaces the last one: the records to pass on, in order (the joiner first, so always kept). */
  replace(participants: readonly Participant[]): Participant[] {
    this.#ids.clear();
    return participants.filter((participant) => this.admit(participant));
  }

  /**
   * A participant announced (joined, changed, or on a welcome's later
   * page): true when it is to be passed on. Someone on the list always is;
   * a newcomer only while the list has room; a record over the size bounds
   * never is.
   */
  admit(participant: Participant): boolean {
    if (utf8Length(participant.id) > MAX_ID_BYTES || utf8Length(participant.name) > MAX_NAME_BYTES) return false;
    if (this.#ids.has(participant.id)) return true;
    if (this.#ids.size >= this.max) return false;
    this.#ids.add(participant.id);
    return true;
  }

  /**
   * A departure: true when it is of someone on the list (the hub may tell
   * of one never announced, who came and went within its batching window).
   * A removal takes it off the list, making room.
   */
  left(id: string, reason: LeftReason): boolean {
    return reason === "removed" ? this.#ids.delete(id) : this.#ids.has(id);
  }

  knows(id: string): boolean {
    return this.#ids.has(id);
  }
}
