// A stand-in for ui/src/api in the dev harness (never in the app's build):
// a pretend class driven by the `scene` URL parameter, so every screen can be
// looked at in a plain browser, without the Rust shell. See ui/dev/README.md.

import type * as Real from "../src/api";
import type {
  AppErrorKind,
  AppErrorPayload,
  ChatEntry,
  ClientEvent,
  HostInfo,
  HostRequest,
  Identity,
  JoinRequest,
  Participant,
  Startup,
} from "../src/api/generated/protocol";

export type * from "../src/api/generated/protocol";

export class CommandError extends Error implements AppErrorPayload {
  readonly kind: AppErrorKind;
  constructor(payload: AppErrorPayload) {
    super(payload.message);
    this.kind = payload.kind;
  }
}

export function toCommandError(reason: unknown): CommandError {
  if (reason instanceof CommandError) return reason;
  const message = reason instanceof Error ? reason.message : String(reason);
  return new CommandError({ kind: "io", message });
}

const params = new URLSearchParams(location.search);
const scene = params.get("scene") ?? "home";

const teacher: Identity = { id: "p_1", name: "Mrs. Núñez", role: "teacher" };
const students: Identity[] = [
  "Ada Lovelace",
  "Bo Chen",
  "Chidi Okafor",
  "Dana Weiss",
  "Emil Sørensen",
  "Farah Haddad",
  "Gus Oliveira",
].map((name, i) => ({ id: `p_${i + 2}`, name, role: "student" }));
const [ada, bo, chidi, dana] = students as [Identity, Identity, Identity, Identity];
const me: Identity = scene.startsWith("teacher") ? teacher : ada;

const session = {
  id: "0f3c9a7e5b2d4c18a6e1f0b9d8c7a654",
  class: "Physics 101",
  teacher: teacher.name,
  started_at: new Date(Date.now() - 40 * 60_000).toISOString(),
};

let handler: ((event: ClientEvent) => void) | null = null;
let seq = 0;
let clientIds = 0;

function at(minutesAgo: number): string {
  return new Date(Date.now() - minutesAgo * 60_000).toISOString();
}

function entry(from: Identity, text: string, minutesAgo: number, clientId?: string): ChatEntry {
  seq += 1;
  return { seq, id: `m_${seq}`, client_id: clientId ?? `x${seq}`, from, text, ts: at(minutesAgo) };
}

function emit(event: ClientEvent) {
  handler?.(event);
}

function later(ms: number, fn: () => void) {
  setTimeout(fn, ms);
}

function roster(): Participant[] {
  return [teacher, ...students].map((p, i) => ({ ...p, online: i !== 5 }));
}

function conversation(): ChatEntry[] {
  return [
    entry(teacher, "Good morning! Today: Newton's second law. Open the workbook at page 42.", 14),
    entry(bo, "Good morning!", 13),
    entry(ada, "Is this the exercise with the sliding block?", 12),
    entry(teacher, "Yes. Work in pairs, and write down F = m·a for each step.", 11),
    entry(chidi, "Do we assume no friction?", 9),
    entry(teacher, "Ignore friction for part (a), include it in part (b).", 8),
    entry(dana, "<img src=x onerror=alert(1)> is what I typed to test, sorry 😅", 6),
    entry(ada, "Got it, thanks!\nPart (a) gives 2.5 m/s² for us.", 3),
    entry(bo, "Same here 👍", 2),
  ];
}

function welcome(): ClientEvent[] {
  return [
    { kind: "state", data: { state: "connecting" } },
    { kind: "state", data: { state: "connected" } },
    {
      kind: "welcome",
      data: { you: me, session, limits: { max_text_chars: 2000, send_rate: 5, send_burst: 10 }, resume: "r" },
    },
    { kind: "roster", data: roster() },
  ];
}

/** Plays the scene after the class was started or joined. */
function play() {
  const events: ClientEvent[] = [];
  const messages = (list: ChatEntry[]) => list.forEach((data) => events.push({ kind: "message", data }));
  switch (scene) {
    case "join-refused":
      events.push({ kind: "state", data: { state: "connecting" } });
      events.push({
        kind: "state",
        data: {
          state: "closed",
          reason: "refused",
          code: "bad_code",
          message: "That class code is not right. Check it with your teacher.",
        },
      });
      break;
    case "join-unreachable":
      events.push({ kind: "state", data: { state: "connecting" } });
      events.push({ kind: "state", data: { state: "reconnecting", attempt: 3 } });
      break;
    case "teacher-empty":
    case "student-empty":
      events.push(...welcome());
      break;
    default:
      events.push(...welcome());
      messages(conversation());
  }
  if (scene === "student-reconnecting") events.push({ kind: "state", data: { state: "reconnecting", attempt: 3 } });
  if (scene === "student-ended") events.push({ kind: "state", data: { state: "closed", reason: "ended" } });
  if (scene === "student-removed") events.push({ kind: "state", data: { state: "closed", reason: "removed" } });
  if (scene === "student" || scene === "teacher") {
    events.push({ kind: "typing", data: { from: chidi.id, active: true } });
    events.push({ kind: "typing", data: { from: dana.id, active: true } });
  }
  later(10, () => events.forEach(emit));
}

class FakeSubscription {
  unsubscribe = () => {
    handler = null;
  };
}

export type EventSubscription = Real.EventSubscription;

export function subscribe(onEvent: (event: ClientEvent) => void): EventSubscription {
  handler = onEvent;
  return new FakeSubscription() as unknown as EventSubscription;
}

export async function startup(): Promise<Startup> {
  if (scene.startsWith("teacher")) return { host: { class: session.class, teacher: teacher.name }, join: null };
  if (scene.startsWith("student") || scene.startsWith("join-")) {
    return { host: null, join: { address: "192.168.1.20:4455", name: ada.name, code: "482913" } };
  }
  return { host: null, join: null };
}

export async function lastJoin(): Promise<JoinRequest | null> {
  return { address: "192.168.1.20:4455", name: "Ada Lovelace", code: "" };
}

export async function hostClass(request: HostRequest): Promise<HostInfo> {
  play();
  return {
    class: request.class,
    teacher: request.teacher,
    code: "482913",
    addresses: ["192.168.1.20:4455", "10.8.0.14:4455"],
  };
}

export async function joinClass(): Promise<void> {
  play();
}

export async function sendMessage(text: string): Promise<string> {
  clientIds += 1;
  const clientId = `c${clientIds}`;
  later(700, () => {
    if (text.toLowerCase().includes("spam")) {
      emit({
        kind: "refused",
        data: { client_id: clientId, code: "rate_limited", message: "You are sending too fast. Wait a moment." },
      });
      return;
    }
    const data = entry(me, text, 0, clientId);
    emit({ kind: "acked", data: { client_id: clientId, seq: data.seq } });
    emit({ kind: "message", data });
  });
  return clientId;
}

export async function setTyping(): Promise<void> {}

export async function removeStudent(id: string): Promise<void> {
  later(200, () => emit({ kind: "participantLeft", data: { id, reason: "removed" } }));
}

export async function endClass(): Promise<void> {}
export async function leaveClass(): Promise<void> {}
export async function prepareNotifications(): Promise<boolean> {
  return false;
}
export async function notify(): Promise<void> {}
export function windowHasFocus(): boolean {
  return true;
}

/** Harness only: a message from a classmate arrives now. */
export function fakeIncoming(text: string): void {
  emit({ kind: "message", data: entry(bo, text, 0) });
}

// The harness must offer everything the real module does.
const _check = {
  subscribe,
  startup,
  lastJoin,
  hostClass,
  joinClass,
  sendMessage,
  setTyping,
  removeStudent,
  endClass,
  leaveClass,
  prepareNotifications,
  notify,
  windowHasFocus,
  toCommandError,
} satisfies Omit<typeof Real, "CommandError" | "EventSubscription">;
void _check;
