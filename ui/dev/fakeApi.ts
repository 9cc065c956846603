// A stand-in for ui/src/api in the dev harness (never in the app's build):
// a pretend class driven by the `scene` URL parameter, so every screen can be
// looked at in a plain browser, without the Rust shell. See ui/dev/README.md.

import type * as Real from "../src/api";
import type {
  AdvertiseStatus,
  AppErrorKind,
  AppErrorPayload,
  ChatEntry,
  ClassEvent,
  ClientEvent,
  DiscoveredClass,
  HostInfo,
  HostRequest,
  Identity,
  JoinRequest,
  Participant,
  RecentClass,
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

/** A QR-like pattern for the harness (the real code comes from the Rust core). */
function fakeQrPath(size: number): string {
  const finder = (x: number, y: number) => {
    for (const [ox, oy] of [[0, 0], [size - 7, 0], [0, size - 7]] as const) {
      const [dx, dy] = [x - ox, y - oy];
      if (dx >= 0 && dx < 7 && dy >= 0 && dy < 7) {
        const ring = dx === 0 || dx === 6 || dy === 0 || dy === 6;
        const core = dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4;
        return ring || core ? 1 : 0;
      }
      if (dx >= -1 && dx <= 7 && dy >= -1 && dy <= 7) return 0;
    }
    return null;
  };
  let path = "";
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const fixed = finder(x, y);
      const dark = fixed === null ? (x * 7 + y * 13 + x * y) % 5 < 2 : fixed === 1;
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }
  }
  return path;
}

function advertising(): AdvertiseStatus {
  if (scene === "teacher-blocked") {
    return {
      state: "failed",
      reason:
        "Multicast is blocked, so the class cannot be advertised: eth0: cannot send IPv4 multicast (mDNS, UDP 5353) from 192.168.1.20: Operation not permitted (os error 1).",
      retry_helps: false,
      fix: "Allow mDNS (UDP port 5353, multicast 224.0.0.251) in this computer's firewall, or use a network that allows multicast. On a Mac, allow Classroom in System Settings → Privacy & Security → Local Network.",
    };
  }
  if (scene === "teacher-offline") {
    return {
      state: "failed",
      reason: "No network interface to use (LAN interfaces: no loopback, virtual bridge or VPN); connect to the classroom network first.",
      retry_helps: true,
      fix: "Connect this computer to the classroom network, then try again.",
    };
  }
  return { state: "on", instance: session.class, interfaces: ["wlan0 (192.168.1.20)"], warnings: [] };
}

export async function hostClass(request: HostRequest): Promise<HostInfo> {
  play();
  return {
    class: request.class,
    teacher: request.teacher,
    code: "482913",
    addresses: ["192.168.1.20:4455", "10.8.0.14:4455"],
    join_link: "ws://192.168.1.20:4455/ws",
    qr: { text: "ws://192.168.1.20:4455/ws", size: 25, path: fakeQrPath(25) },
    advertising: advertising(),
  };
}

export async function retryAdvertising(): Promise<AdvertiseStatus> {
  return { state: "on", instance: session.class, interfaces: ["wlan0 (192.168.1.20)"], warnings: [] };
}

function listed(name: string, over: Partial<DiscoveredClass> = {}): DiscoveredClass {
  const [teacherName, className] = name.split(" — ") as [string, string];
  return {
    id: `${className}._classroom._tcp.local.`,
    instance: className,
    name,
    class: className,
    teacher: teacherName,
    session: "0f3c9a7e5b2d4c18a6e1f0b9d8c7a654",
    protocol: 1,
    compatibility: "supported",
    code_required: true,
    path: "/ws",
    host: "classroom-0f3c9a7e5b2d.local.",
    port: 4455,
    addresses: ["192.168.1.20"],
    txt: {},
    ...over,
  };
}

/** The classes the join screen finds: `home` finds three, one needing a newer app. */
export function watchClasses(onEvent: (event: ClassEvent) => void): () => void {
  let open = true;
  const send = (event: ClassEvent) => {
    if (open) onEvent(event);
  };
  if (scene === "home-nomdns") {
    later(10, () => send({ kind: "stopped", data: { reason: "Looking for classes on the network is turned off (--no-mdns)." } }));
  } else if (scene !== "home-empty") {
    later(10, () => send({ kind: "snapshot", data: [listed("Mrs. Núñez — Physics 101")] }));
    later(20, () => send({ kind: "appeared", data: listed("Mr. Ortiz — Chemistry 2", { code_required: false, addresses: ["192.168.1.31"] }) }));
    later(30, () =>
      send({ kind: "appeared", data: listed("Robot — Future Lab", { compatibility: "needs_newer_app", protocol: 2 }) }),
    );
  } else {
    later(10, () => send({ kind: "snapshot", data: [] }));
  }
  return () => {
    open = false;
  };
}

export async function recentClasses(): Promise<RecentClass[]> {
  if (scene === "home-empty") return [];
  return [
    { class: "Physics 101", teacher: "Mrs. Núñez", address: "192.168.1.20:4455" },
    { class: "History 3", teacher: "Ms. Lee", address: "192.168.1.44:4455" },
  ];
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
  retryAdvertising,
  watchClasses,
  recentClasses,
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
