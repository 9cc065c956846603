// Fixtures shared by the browser client's tests (not shipped: only tests import it).

import { SESSION_LIMITS } from "../generated/constants";
import type { ChatEntry, Participant, SessionInfo } from "../generated/protocol";

export function entry(seq: number, overrides: Partial<ChatEntry> = {}): ChatEntry {
  return {
    seq,
    id: `m_${seq}`,
    client_id: `c-${seq}`,
    from: { id: "p_3", name: "Bo", role: "student" },
    text: `message ${seq}`,
    ts: "2026-11-25T10:00:00Z",
    ...overrides,
  };
}

export function person(id: string, name: string, online = true): Participant {
  return { id, name, role: "student", online };
}

/**
 * The `session:welcome` a hub sends Ada (p_2) in `session`, everyone in
 * `participants`: an empty class (no history, polls, hands, questions) and
 * no send limit, fields overridable.
 */
export function welcomeFrame(
  session: SessionInfo,
  participants: Participant[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> & { type: "session:welcome" } {
  return {
    type: "session:welcome",
    you: { id: "p_2", name: "Ada", role: "student" },
    resume: "token-1",
    session,
    participants,
    history: [],
    last_seq: 0,
    limits: { ...SESSION_LIMITS, send_rate: 0 },
    polls: [],
    room: { rules: { locked: false, slow_seconds: 0 }, hands: [], muted: [] },
    deleted: [],
    my_reactions: [],
    questions: { list: [], earlier: 0 },
    ...overrides,
  };
}
