// Fixtures shared by the browser client's tests (not shipped: only tests import it).

import type { ChatEntry, Participant, SessionLimits } from "../generated/protocol";

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

export const LIMITS: SessionLimits = {
  max_text_chars: 2000,
  send_rate: 5,
  send_burst: 10,
  max_question_chars: 200,
  max_poll_options: 10,
  max_option_chars: 80,
  max_answer_chars: 80,
  hand_rate: 1,
  hand_burst: 4,
  delete_window_seconds: 120,
  reaction_rate: 2,
  reaction_burst: 10,
  question_rate_per_minute: 3,
  question_burst: 3,
  questions_open: 5,
  max_answers: 10,
};
