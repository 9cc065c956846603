// Reactions to the chat's messages: how many gave each of the fixed set to
// each message, and which this user gave. Counts come two ways: in the
// entries (a message as it arrives, a page of earlier ones: `reactions`),
// and in `reactionChanged` events, each the absolute new count of one
// reaction on one message. The hub tells every connection of every change,
// in order, so what an event said on this connection is never older than
// what an entry received on it says: an entry fills in only the reactions
// no event has spoken of since the last welcome (an entry held back by the
// Rust client, waiting for an earlier one, may arrive after events about
// it). This user's own come after every welcome (`myReactions`, replacing
// what was known) and with each change they make. A deleted message keeps
// none. A reconnection does not send the messages already shown again:
// their counts come in `heldReactions` after the welcome, a snapshot of a
// range of them (every reacted one listed, the others at none).
// Pure: the shell's events in, state out.

import type { AppEvent, ChatEntry, RoomRules } from "../api";

/**
 * The reactions the hub accepts, in the order they are shown (its
 * `REACTIONS`; docs/protocol.md): thumbs up, heart (U+2764 U+FE0F),
 * laughing, surprised, question, done.
 */
export const REACTIONS = ["👍", "\u2764\uFE0F", "😂", "😮", "❓", "✅"] as const;

export type Reaction = (typeof REACTIONS)[number];

/** How many gave each reaction to one message (0 or absent: none). */
export type ReactionCounts = Readonly<Record<string, number>>;

export interface ReactionsState {
  /** Each message's counts, by `seq`. */
  counts: ReadonlyMap<number, ReactionCounts>;
  /** This user's own reactions, by message `seq`. */
  mine: ReadonlyMap<number, ReadonlySet<string>>;
  /**
   * The reactions a `reactionChanged` told of on this connection, by
   * message `seq`: an entry's counts do not override them.
   */
  heard: ReadonlyMap<number, ReadonlySet<string>>;
}

export const initialReactions: ReactionsState = { counts: new Map(), mine: new Map(), heard: new Map() };

export type ReactionEvent = Extract<AppEvent, { kind: "myReactions" | "reactionChanged" | "heldReactions" }>;

/** Whether an event is about reactions (and `applyReactionEvent` takes it). */
export function isReactionEvent(event: AppEvent): event is ReactionEvent {
  return event.kind === "myReactions" || event.kind === "reactionChanged" || event.kind === "heldReactions";
}

/** Whether the teacher has turned reactions off (absent: on, as hubs before reactions). */
export function reactionsOff(rules: RoomRules): boolean {
  return rules.reactions_off === true;
}

/** `set` with `value` in it (or out of it), the same set when nothing changes. */
function toggled(set: ReadonlySet<string> | undefined, value: string, on: boolean): ReadonlySet<string> | undefined {
  if ((set?.has(value) ?? false) === on) return set;
  const next = new Set(set);
  if (on) next.add(value);
  else next.delete(value);
  return next.size > 0 ? next : undefined;
}

/** `map` with `key` set to `value`, or without it (undefined). */
function withEntry<V>(map: ReadonlyMap<number, V>, key: number, value: V | undefined): ReadonlyMap<number, V> {
  if (map.get(key) === value) return map;
  const next = new Map(map);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}

/** `map` without the keys in `seqs` (the same map when it has none of them). */
function withoutKeys<V>(map: ReadonlyMap<number, V>, seqs: Iterable<number>): ReadonlyMap<number, V> {
  let next: Map<number, V> | null = null;
  for (const seq of seqs) {
    if (!map.has(seq)) continue;
    next ??= new Map(map);
    next.delete(seq);
  }
  return next ?? map;
}

export function applyReactionEvent(state: ReactionsState, event: ReactionEvent, you: string | null): ReactionsState {
  switch (event.kind) {
    case "myReactions": {
      // After every welcome: this user's own as the hub has them now. What
      // events said before it was said on another connection.
      const mine = new Map<number, Set<string>>();
      for (const { seq, emoji } of event.data) {
        const set = mine.get(seq) ?? new Set<string>();
        set.add(emoji);
        mine.set(seq, set);
      }
      return { ...state, mine, heard: new Map() };
    }
    case "reactionChanged": {
      const { seq, emoji, by, on, count } = event.data;
      const before = state.counts.get(seq);
      const counts = before?.[emoji] === count ? state.counts : withEntry(state.counts, seq, { ...before, [emoji]: count });
      const heard = withEntry(state.heard, seq, toggled(state.heard.get(seq), emoji, true));
      const mine = you !== null && by === you ? withEntry(state.mine, seq, toggled(state.mine.get(seq), emoji, on)) : state.mine;
      if (counts === state.counts && heard === state.heard && mine === state.mine) return state;
      return { counts, mine, heard };
    }
    case "heldReactions": {
      // After a welcome that resumed: the messages from `from` to `to` we
      // hold have exactly these counts (none when not listed).
      const { from, to, counts: listed } = event.data;
      const counts = new Map(state.counts);
      for (const seq of state.counts.keys()) if (seq >= from && seq <= to) counts.delete(seq);
      for (const { seq, reactions } of listed) {
        if (seq < from || seq > to || reactions.length === 0) continue;
        counts.set(seq, Object.fromEntries(reactions.map(({ emoji, count }) => [emoji, count])));
      }
      return { ...state, counts };
    }
  }
}

/** The counts `entry` carries, each reaction it leaves out at 0. */
function entryCounts(entry: ChatEntry): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { emoji, count } of entry.reactions ?? []) counts[emoji] = count;
  return counts;
}

/** Whether two messages' counts say the same (a reaction at 0 is one left out). */
function sameCounts(a: ReactionCounts | undefined, b: ReactionCounts): boolean {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b)]);
  for (const key of keys) if ((a?.[key] ?? 0) !== (b[key] ?? 0)) return false;
  return true;
}

/**
 * Entries arrived (a message, a page of earlier ones): their counts, except
 * for the reactions events have told of since the last welcome, which are
 * newer. A removed entry has none.
 */
export function entriesArrived(state: ReactionsState, entries: readonly ChatEntry[]): ReactionsState {
  let counts = state.counts;
  for (const entry of entries) {
    if (entry.removed === true) {
      counts = withEntry(counts, entry.seq, undefined);
      continue;
    }
    const known = counts.get(entry.seq);
    const next = entryCounts(entry);
    for (const emoji of state.heard.get(entry.seq) ?? []) next[emoji] = known?.[emoji] ?? 0;
    if (sameCounts(known, next)) continue;
    counts = withEntry(counts, entry.seq, Object.keys(next).length > 0 ? next : undefined);
  }
  return counts === state.counts ? state : { ...state, counts };
}

/** Messages were deleted: their reactions go with them. */
export function messagesDeleted(state: ReactionsState, seqs: Iterable<number>): ReactionsState {
  const list = [...seqs];
  const counts = withoutKeys(state.counts, list);
  const mine = withoutKeys(state.mine, list);
  const heard = withoutKeys(state.heard, list);
  if (counts === state.counts && mine === state.mine && heard === state.heard) return state;
  return { counts, mine, heard };
}
