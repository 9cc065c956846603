// A stand-in for ui/src/api in the dev harness (never in the app's build):
// a pretend class driven by the `scene` URL parameter, so every screen can be
// looked at in a plain browser, without the Rust shell. See ui/dev/README.md.

import type * as Real from "../src/api";
import { APP_ERROR_KINDS, MAX_NAME_CHARS, QR_QUIET_ZONE, SESSION_LIMITS } from "../src/api/generated/constants";
import { lectureLines, lectureStudents } from "./lecture";

// The constants are the real ones (generated from Rust).
export { APP_ERROR_KINDS, MAX_NAME_CHARS, QR_QUIET_ZONE, SESSION_LIMITS };
import type {
  RoomRules,
  RulesChange,
  AdvertiseStatus,
  AppErrorKind,
  AppErrorPayload,
  ChatEntry,
  ClassEvent,
  ClassSummary,
  AppEvent,
  DiscoveredClass,
  ExportFormat,
  HostInfo,
  JoinLink,
  HostRequest,
  Identity,
  JoinRequest,
  Participant,
  PastClasses,
  PollDraft,
  PollInfo,
  PollResults,
  Question,
  ReactionCount,
  RecentClass,
  StartedFresh,
  Startup,
  UpdateInfo,
  UpdateSettings,
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
// `teacher-lecture`: a long lecture, 300 participants (see ./lecture.ts).
if (scene === "teacher-lecture") students.push(...lectureStudents(students.length, students.length + 2));
const [ada, bo, chidi, dana] = students as [Identity, Identity, Identity, Identity];
const me: Identity = scene.startsWith("teacher") ? teacher : ada;

const session = {
  id: "0f3c9a7e5b2d4c18a6e1f0b9d8c7a654",
  class: "Physics 101",
  teacher: teacher.name,
  started_at: new Date(Date.now() - 40 * 60_000).toISOString(),
};

let handler: ((event: AppEvent) => void) | null = null;
// `*-earlier` scenes: the welcome shows the class from message 172 on; the
// 171 before it come a page at a time on load_earlier.
const EARLIER_FROM = 172;
let seq = scene.endsWith("-earlier") ? EARLIER_FROM - 1 : 0;
let clientIds = 0;

function at(minutesAgo: number): string {
  return new Date(Date.now() - minutesAgo * 60_000).toISOString();
}

// Every message of the fake class by seq, to delete and pin them; the
// deleted ones' seqs; the pinned one.
const sent = new Map<number, ChatEntry>();
const deletedSeqs = new Set<number>();
let pinned: ChatEntry | null = null;

function entry(from: Identity, text: string, minutesAgo: number, clientId?: string): ChatEntry {
  seq += 1;
  const made = { seq, id: `m_${seq}`, client_id: clientId ?? `x${seq}`, from, text, ts: at(minutesAgo) };
  sent.set(seq, made);
  return made;
}

// `*-edits` scenes: message 7 was deleted before the welcome, the teacher's
// message 4 is pinned, and Ada just sent one she may still delete.
const EDITS = scene.endsWith("-edits");
if (EDITS) deletedSeqs.add(7);

// Reactions: who gave which to each message, by seq. `*-reactions` scenes
// start with some (Ada's and the teacher's own among them);
// `*-reactions-off`: the teacher has turned them off.
const REACTION_SET = ["👍", "\u2764\uFE0F", "😂", "😮", "❓", "✅"];
const REACTIONS_SCENE = scene.includes("-reactions");
const given = new Map<number, Map<string, Set<string>>>();

function give(target: number, emoji: string, ...who: Identity[]) {
  const byEmoji = given.get(target) ?? new Map<string, Set<string>>();
  const ids = byEmoji.get(emoji) ?? new Set<string>();
  who.forEach((p) => ids.add(p.id));
  byEmoji.set(emoji, ids);
  given.set(target, byEmoji);
}

/** A message's counts as the hub sends them: in the set's order, none at 0; absent when none. */
function reactionsOf(target: number): ReactionCount[] | undefined {
  const byEmoji = given.get(target);
  const counts = REACTION_SET.map((emoji) => ({ emoji, count: byEmoji?.get(emoji)?.size ?? 0 })).filter((c) => c.count > 0);
  return counts.length > 0 ? counts : undefined;
}

/** This user's own reactions, as the welcome lists them. */
function myReactions(): { seq: number; emoji: string }[] {
  const mine: { seq: number; emoji: string }[] = [];
  for (const [target, byEmoji] of [...given].sort(([a], [b]) => a - b)) {
    for (const emoji of REACTION_SET) if (byEmoji.get(emoji)?.has(me.id)) mine.push({ seq: target, emoji });
  }
  return mine;
}

function emit(event: AppEvent) {
  handler?.(event);
}

function later(ms: number, fn: () => void) {
  setTimeout(fn, ms);
}

// Students the teacher renamed: their name now, by id (messages already
// sent keep the old one, as the hub's do in the app).
const renamed = new Map<string, string>();

function roster(): Participant[] {
  return [teacher, ...students].map((p, i) => ({ ...p, name: renamed.get(p.id) ?? p.name, online: i !== 5 }));
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

function welcome(): AppEvent[] {
  return [
    { kind: "state", data: { state: "connecting" } },
    { kind: "state", data: { state: "connected" } },
    {
      kind: "welcome",
      data: {
        you: me,
        session,
        limits: SESSION_LIMITS,
      },
    },
    { kind: "deletedMessages", data: [...deletedSeqs] },
    { kind: "myReactions", data: myReactions() },
    { kind: "roster", data: roster() },
    { kind: "room", data: { rules, hands: [], muted: [], ...(pinned ? { pinned } : {}) } },
    { kind: "questions", data: { list: questionsFor(me), earlier: 0 } },
  ];
}

/** The messages before the welcome's page in `*-earlier` scenes, oldest first. */
const backlog: ChatEntry[] = Array.from({ length: EARLIER_FROM - 1 }, (_, i) => {
  const from = [teacher, ada, bo, chidi, dana][i % 5] as Identity;
  const text = i % 5 === 0 ? `Question ${i / 5 + 1}: what happens to a when F doubles?` : `Earlier message ${i + 1}`;
  return { seq: i + 1, id: `m_${i + 1}`, client_id: `old${i + 1}`, from, text, ts: at(60 + EARLIER_FROM - i) };
});
let oldestShown = EARLIER_FROM;
const PAGE = 30;

/** Plays the scene after the class was started or joined. */
function play() {
  const events: AppEvent[] = [];
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
    case "teacher-lecture":
      events.push(...welcome());
      break;
    default: {
      const lines = conversation();
      if (EDITS) {
        lines.push(entry(ada, "Sorry, wrong chat!", 0));
        pinned = sent.get(4) ?? null;
      }
      if (REACTIONS_SCENE) {
        give(1, "👍", ada, bo, chidi, dana);
        give(1, "\u2764\uFE0F", bo);
        give(4, "✅", ada, bo, chidi);
        give(5, "❓", bo, dana);
        give(5, "👍", teacher);
        give(8, "😂", bo);
        give(8, "😮", chidi, teacher);
        give(9, "👍", teacher, ada);
      }
      events.push(...welcome());
      messages(
        lines.map((line) => {
          if (deletedSeqs.has(line.seq)) return { ...line, text: "", removed: true };
          const reactions = reactionsOf(line.seq);
          return reactions ? { ...line, reactions } : line;
        }),
      );
    }
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

export function subscribe(onEvent: (event: AppEvent) => void): EventSubscription {
  handler = onEvent;
  return new FakeSubscription() as unknown as EventSubscription;
}

export async function startup(): Promise<Startup> {
  if (scene === "teacher-resumed") {
    return { host: { class: session.class, teacher: teacher.name, resume: session.id }, join: null };
  }
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
  if (scene === "teacher-guessing") {
    // Someone tries codes a moment after the class started.
    later(60, () => emit({ kind: "guessing", data: { wrongCodes: 14 } }));
  }
  if (scene === "teacher-storage") {
    // Saving breaks a moment after the class started (the disk filled up).
    later(60, () =>
      emit({
        kind: "storage",
        data: {
          state: "failing",
          message: "The disk holding the class history is full (No space left on device)",
          retry_helps: true,
        },
      }),
    );
  }
  return {
    session: request.resume ?? session.id,
    resumed: request.resume !== undefined,
    storage: { state: "ok" },
    class: request.class,
    teacher: request.teacher,
    code: "482913",
    addresses: ["192.168.1.20:4455", "10.8.0.14:4455"],
    join_link: "http://192.168.1.20:4455/",
    qr: { text: "http://192.168.1.20:4455/", size: 25, path: fakeQrPath(25) },
    web: true,
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

/** A page of the backlog after a moment (never with `slow`, to look at "Loading…"). */
export async function loadEarlier(): Promise<void> {
  emit({ kind: "loadingEarlier" });
  if (params.has("slow")) return;
  later(400, () => {
    const messages = backlog.filter((m) => m.seq < oldestShown).slice(-PAGE);
    oldestShown = messages[0]?.seq ?? oldestShown;
    emit({ kind: "earlier", data: { messages, complete: oldestShown <= 1 } });
  });
}

// ---- The class history (Past classes) ----

const FOLDER = "/home/nunez/.local/share/classroom";
function daysAgo(days: number, hh: number, mm: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  d.setHours(hh, mm, 0, 0);
  return d.toISOString();
}
function stored(id: string, name: string, days: number, over: Partial<ClassSummary> = {}): ClassSummary {
  return {
    id,
    class: name,
    teacher: teacher.name,
    started_at: daysAgo(days, 9, 0),
    ended_at: daysAgo(days, 9, 52),
    last_active_at: daysAgo(days, 9, 52),
    messages: 120,
    participants: 24,
    ...over,
  };
}
let keptClasses: ClassSummary[] = [
  stored(session.id, "Physics 101", 0, { ended_at: null, last_active_at: daysAgo(0, 10, 41), messages: 312, participants: 26 }),
  stored("7a1e", "Physics 101 — lab group B", 1, { messages: 87, participants: 12 }),
  stored("c3d9", "Chemistry 2: organic compounds and their reactions, with the whole year group", 6, {
    teacher: "Mr. Ortiz",
    messages: 1,
    participants: 1,
  }),
  stored("f00d", "History 3", 40, { started_at: daysAgo(40, 23, 30), ended_at: daysAgo(39, 0, 15), messages: 0, participants: 3 }),
];
let retention: number | null = scene.startsWith("past") ? 90 : null;
// Set by the harness as it opens the Past classes screen: `past-empty` and
// `past-damaged` change what they answer from then on.
let pastOpened = false;
let freshStarted = false;

const damagedError = () =>
  new CommandError({
    kind: "damaged",
    message: `The class history in ${FOLDER}/history.sqlite is damaged and cannot be read (database disk image is malformed).`,
  });

function history(): PastClasses {
  return { classes: keptClasses, retention_days: retention, folder: FOLDER };
}

/** Who has a history: Home scenes about it, and the Past classes screen's. */
export async function pastClasses(): Promise<PastClasses> {
  if (freshStarted) return { classes: [], retention_days: retention, folder: FOLDER };
  if (scene === "home-damaged") throw damagedError();
  // These open the screen from a list of one, then find it damaged or empty.
  if (scene === "past-damaged" && pastOpened) throw damagedError();
  if (scene === "past-empty") return { ...history(), classes: pastOpened ? [] : keptClasses.slice(0, 1) };
  if (scene === "home-resume" || scene.startsWith("past")) return history();
  return { classes: [], retention_days: null, folder: FOLDER };
}

export async function startFresh(): Promise<StartedFresh> {
  freshStarted = true;
  return { kept: `${FOLDER}/history.damaged-2026-03-04T10-41-07.sqlite` };
}

export async function deleteClass(id: string): Promise<PastClasses> {
  keptClasses = keptClasses.filter((c) => c.id !== id);
  return history();
}

export async function setRetention(days: number | null): Promise<PastClasses> {
  retention = days;
  return history();
}

export async function exportClass(id: string, format: ExportFormat): Promise<string | null> {
  const name = keptClasses.find((c) => c.id === id)?.class ?? "class";
  const extension = { markdown: "md", csv: "csv", json: "json", gradebook: "csv" }[format];
  await new Promise((resolve) => setTimeout(resolve, 300));
  return `/home/nunez/Documents/${name}.${extension}`;
}

export async function sendMessage(text: string): Promise<string> {
  clientIds += 1;
  const clientId = `c${clientIds}`;
  emit({ kind: "queued", data: { client_id: clientId, text } });
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

export async function removeOffline(): Promise<void> {
  const offline = roster().filter((p) => !p.online && p.role === "student");
  later(200, () => offline.forEach((p) => emit({ kind: "participantLeft", data: { id: p.id, reason: "removed" } })));
}

export async function changeCode(): Promise<string> {
  later(100, () => emit({ kind: "guessing", data: { wrongCodes: 0 } }));
  code = "731064";
  return code;
}

let code = "482913";

export async function joinLink(withCode: boolean): Promise<JoinLink> {
  const link = withCode ? `http://192.168.1.20:4455/#code=${code}` : "http://192.168.1.20:4455/";
  return { link, qr: { text: link, size: withCode ? 29 : 25, path: fakeQrPath(withCode ? 29 : 25) }, with_code: withCode };
}

// Polls: the fake class answers a poll the teacher opens, and acks a
// student's answer; see `pollScenes` for the scenes that start with one.
let polls = 0;
let openedPoll: PollInfo | null = null;

function fakeResults(poll: PollInfo, answered: number): PollResults {
  const counts = poll.options.map((_, i) => Math.max(0, Math.round(answered * [0.15, 0.55, 0.2, 0.1][i % 4]!)));
  const texts =
    poll.kind === "text"
      ? [
          { text: "Photosynthesis", count: Math.ceil(answered * 0.4) },
          { text: "Chlorophyll", count: Math.ceil(answered * 0.25) },
          { text: "Sunlight", count: Math.ceil(answered * 0.2) },
          { text: "Glucose", count: Math.ceil(answered * 0.1) },
        ]
      : [];
  return { poll: poll.id, answered, students: 24, counts, texts, correct: poll.quiz ? [1] : [] };
}

export async function openPoll(draft: PollDraft): Promise<void> {
  polls += 1;
  const poll: PollInfo = {
    id: `q_${polls}`,
    question: draft.question,
    kind: draft.kind,
    options: draft.options,
    quiz: draft.correct.length > 0,
    anonymous: draft.anonymous,
    changes: draft.changes,
    opened_at: new Date().toISOString(),
    closes_at: draft.seconds ? new Date(Date.now() + draft.seconds * 1000).toISOString() : undefined,
  };
  openedPoll = poll;
  later(100, () => emit({ kind: "pollOpened", data: poll }));
  [4, 11, 18].forEach((answered, i) =>
    later(600 * (i + 1), () => emit({ kind: "pollTally", data: { ...fakeResults(poll, answered), who: ["p_2", "p_3"] } })),
  );
}

export async function answerPoll(poll: string): Promise<string> {
  const id = `a-${poll}`;
  later(400, () => emit({ kind: "pollAnswered", data: { poll, client_id: id } }));
  return id;
}

export async function closePoll(poll: string): Promise<void> {
  later(100, () => emit({ kind: "pollClosed", data: { poll, by: "teacher" } }));
}

export async function revealPoll(poll: string): Promise<void> {
  if (openedPoll?.id !== poll) return;
  const results = fakeResults(openedPoll, 18);
  later(100, () => emit({ kind: "pollRevealed", data: results }));
}

export async function hideAnswer(): Promise<void> {}

// The room: each change comes back as the hub would send it.
let rules: RoomRules = { locked: false, slow_seconds: 0, reactions_off: scene.endsWith("-reactions-off") };

export async function raiseHand(): Promise<void> {
  later(100, () => emit({ kind: "handRaised", data: { id: me.id, at: new Date().toISOString() } }));
}

export async function lowerHand(id?: string): Promise<void> {
  const by = id === undefined || id === me.id ? "student" : "teacher";
  later(100, () => emit({ kind: "handLowered", data: { id: id ?? me.id, by } }));
}

export async function clearHands(): Promise<void> {
  later(100, () => emit({ kind: "handsCleared" }));
}

export async function muteStudent(id: string, muted: boolean): Promise<void> {
  later(100, () => emit({ kind: "muted", data: { id, muted } }));
}

export async function setRules(change: RulesChange): Promise<void> {
  rules = {
    locked: change.locked ?? rules.locked,
    slow_seconds: change.slow_seconds ?? rules.slow_seconds,
    name_filter: change.name_filter ?? rules.name_filter ?? false,
    reactions_off: change.reactions_off ?? rules.reactions_off ?? false,
    questions_off: change.questions_off ?? rules.questions_off ?? false,
  };
  const now = rules;
  later(100, () => emit({ kind: "rules", data: now }));
}

/**
 * The teacher renames a student: the new name comes back as the hub's
 * `participant` event, or a refusal as its `refused` event (no client id):
 * an empty or too long name, or one with "teacher" in it, is `invalid_name`;
 * another participant's name (any case) is `name_taken`. The same name is
 * no change: nothing comes back.
 */
export async function renameStudent(id: string, raw: string): Promise<void> {
  const name = raw.normalize("NFKC").split(/\s+/u).filter(Boolean).join(" ");
  const refuse = (code: "invalid_name" | "name_taken", message: string) =>
    later(150, () => emit({ kind: "refused", data: { client_id: null, code, message } }));
  const people = roster();
  const student = people.find((p) => p.id === id && p.role === "student");
  if (!student) {
    later(150, () =>
      emit({
        kind: "refused",
        data: { client_id: null, code: "unknown_participant", message: "That participant is no longer in the class." },
      }),
    );
    return;
  }
  if (name === "" || [...name].length > MAX_NAME_CHARS) {
    refuse("invalid_name", `A name can have at most ${MAX_NAME_CHARS} characters.`);
    return;
  }
  if (/teacher/i.test(name)) {
    refuse("invalid_name", "A student's name cannot contain the word “teacher”.");
    return;
  }
  if (name === student.name) return;
  if (people.some((p) => p.id !== id && p.name.toLowerCase() === name.toLowerCase())) {
    refuse("name_taken", `“${name}” is taken in this class (or not allowed). Pick another name.`);
    return;
  }
  renamed.set(id, name);
  later(150, () => emit({ kind: "participant", data: { ...student, name } }));
}

// Deleting and pinning: each change comes back as the hub would send it.
export async function deleteMessage(target: number): Promise<void> {
  const message = sent.get(target);
  if (!message || deletedSeqs.has(target)) return;
  deletedSeqs.add(target);
  given.delete(target);
  const by = message.from.id === me.id ? "sender" : "teacher";
  later(100, () => {
    emit({ kind: "messageDeleted", data: { seq: target, by } });
    if (pinned?.seq === target) {
      pinned = null;
      emit({ kind: "pinned", data: null });
    }
  });
}

export async function pinMessage(target: number | null): Promise<void> {
  const message = target === null ? null : (sent.get(target) ?? null);
  if (message && deletedSeqs.has(message.seq)) return;
  pinned = message;
  later(100, () => emit({ kind: "pinned", data: message }));
}

/**
 * Reacting: the change comes back as the hub's `reactionChanged` (with the
 * new count), or a refusal as its `refused` event (no client id): reactions
 * turned off, an emoji outside the set, a message deleted or never sent.
 * Adding one already given, or taking back one not given, brings nothing.
 */
export async function reactToMessage(target: number, emoji: string, on: boolean): Promise<void> {
  const refuse = (code: "reactions_off" | "invalid_reaction" | "unknown_message", message: string) =>
    later(100, () => emit({ kind: "refused", data: { client_id: null, code, message } }));
  if (rules.reactions_off === true) return refuse("reactions_off", "The teacher has turned reactions off.");
  if (!REACTION_SET.includes(emoji)) return refuse("invalid_reaction", `${emoji} is not a reaction this hub knows.`);
  if (!sent.has(target) || deletedSeqs.has(target)) {
    return refuse("unknown_message", `There is no message ${target} in this class's recent history.`);
  }
  const byEmoji = given.get(target) ?? new Map<string, Set<string>>();
  const ids = byEmoji.get(emoji) ?? new Set<string>();
  if (ids.has(me.id) === on) return;
  if (on) ids.add(me.id);
  else ids.delete(me.id);
  byEmoji.set(emoji, ids);
  given.set(target, byEmoji);
  const count = ids.size;
  later(100, () => emit({ kind: "reactionChanged", data: { seq: target, emoji, by: me.id, on, count } }));
}

// Private questions: `*-questions` scenes start with three (Ada's, one of
// them answered privately; Bo's, unanswered). A question containing "spam"
// is refused as `rate_limited`; any other is taken after 0.7 s. The
// teacher's answers come back the same way (one for everyone also as a
// chat message quoting the question).
const questions: Question[] = scene.endsWith("-questions")
  ? [
      {
        id: "pq_a1b2c3d4e5f6g7h8",
        from: ada,
        text: "Is the test on Friday?",
        at: at(12),
        answers: [{ text: "Yes, at nine. Bring a calculator.", at: at(10) }],
      },
      { id: "pq_b1b2c3d4e5f6g7h8", from: bo, text: "I missed the start: which page are we on?", at: at(6), answers: [] },
      { id: "pq_c1b2c3d4e5f6g7h8", from: ada, text: "Can I hand in the lab report on Monday?", at: at(2), answers: [] },
    ]
  : [];

/** The questions a participant is told of: the teacher all, a student their own. */
function questionsFor(who: Identity): Question[] {
  return who.role === "teacher" ? questions : questions.filter((q) => q.from.id === who.id);
}

export async function askQuestion(text: string): Promise<string> {
  clientIds += 1;
  const clientId = `q${clientIds}`;
  emit({ kind: "questionQueued", data: { client_id: clientId, text } });
  later(700, () => {
    if (rules.questions_off === true) {
      emit({ kind: "refused", data: { client_id: clientId, code: "questions_off", message: "Questions are off." } });
      return;
    }
    if (text.toLowerCase().includes("spam")) {
      emit({ kind: "refused", data: { client_id: clientId, code: "rate_limited", message: "Too fast." } });
      return;
    }
    const question: Question = { id: `pq_${Date.now().toString(36)}`, from: me, text, at: at(0), answers: [] };
    questions.push(question);
    emit({ kind: "questionAsked", data: { question, client_id: clientId } });
  });
  return clientId;
}

export async function answerQuestion(question: string, text: string, isPublic: boolean, showName: boolean): Promise<string> {
  clientIds += 1;
  const clientId = `t${clientIds}`;
  emit({ kind: "replyQueued", data: { question, client_id: clientId, text, public: isPublic } });
  later(700, () => {
    const asked = questions.find((q) => q.id === question);
    if (!asked) {
      emit({ kind: "refused", data: { client_id: clientId, code: "unknown_question", message: "No such question." } });
      return;
    }
    let answerSeq: number | undefined;
    if (isPublic) {
      const message = entry(me, text, 0, clientId);
      message.quote = showName ? { text: asked.text, name: asked.from.name } : { text: asked.text };
      answerSeq = message.seq;
      emit({ kind: "message", data: message });
    }
    const answer = { text, at: at(0), ...(answerSeq === undefined ? {} : { seq: answerSeq }) };
    asked.answers.push(answer);
    emit({ kind: "questionAnswered", data: { question, answer, client_id: clientId } });
  });
  return clientId;
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

/** Harness only: the Past classes screen is being opened. */
export function fakeOpeningPast(): void {
  pastOpened = true;
}

// The app's own updates. `home-update`: Classroom 1.3.0 is offered (Install
// and restart then waits, as the real app would until it restarts);
// `home-update-refused`: installing it fails its signature check;
// `home-update-locked`: the administrator turned checks off. Other scenes
// are a build that cannot update itself (no setting shown).
let updateCheck = true;

export async function updateSettings(): Promise<UpdateSettings> {
  return {
    available: scene.startsWith("home-update"),
    check: updateCheck,
    locked: scene === "home-update-locked" ? "administrator" : null,
  };
}

export async function setUpdateCheck(check: boolean): Promise<UpdateSettings> {
  updateCheck = check;
  return updateSettings();
}

export async function checkUpdate(): Promise<UpdateInfo | null> {
  if (!updateCheck || !scene.startsWith("home-update") || scene === "home-update-locked") return null;
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    version: "1.3.0",
    notes: "Polls during class.\nA bigger QR code for projectors.",
    date: "2026-12-01T10:00:00Z",
  };
}

export async function installUpdate(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  if (scene === "home-update-refused") {
    throw new CommandError({
      kind: "io",
      message: "The downloaded update is not signed by Classroom's publisher, so it was not installed.",
      code: "updateSignatureInvalid",
      params: {},
    });
  }
  return new Promise(() => {});
}

/** Harness only: a message from a classmate arrives now. */
export function fakeIncoming(text: string): void {
  emit({ kind: "message", data: entry(bo, text, 0) });
}

/** Harness only: delivers `event` to the app now, as the shell would. */
export function fakeEmit(event: AppEvent): void {
  emit(event);
}

/**
 * Harness only (`teacher-lecture`): the lecture's next `count` lines as the
 * hub's `message` events, oldest first, not delivered yet. They are the
 * class's own (numbered, and can be deleted, pinned and reacted to); a line
 * from everyone but the teacher, at random, or with `text`, from a student.
 */
export function fakeLectureMessages(count: number, text?: string): AppEvent[] {
  const people = [teacher, ...students];
  return lectureLines(people, count, seq).map((line, i) => {
    const from = text === undefined ? line.from : (students[seq % students.length] as Identity);
    // The lines load spread over the last 90 minutes; one with `text` is now.
    const made = entry(from, text ?? line.text, text === undefined ? ((count - i) * 90) / count : 0);
    if (line.removed && text === undefined) deletedSeqs.add(made.seq);
    const data = text === undefined ? { ...made, ...line, from } : made;
    return { kind: "message", data };
  });
}

// The harness must offer everything the real module does.
const _check = {
  subscribe,
  startup,
  lastJoin,
  hostClass,
  loadEarlier,
  pastClasses,
  startFresh,
  deleteClass,
  setRetention,
  exportClass,
  retryAdvertising,
  watchClasses,
  recentClasses,
  joinClass,
  sendMessage,
  setTyping,
  removeStudent,
  removeOffline,
  changeCode,
  joinLink,
  answerPoll,
  openPoll,
  closePoll,
  revealPoll,
  hideAnswer,
  raiseHand,
  lowerHand,
  clearHands,
  muteStudent,
  setRules,
  renameStudent,
  deleteMessage,
  pinMessage,
  reactToMessage,
  askQuestion,
  answerQuestion,
  endClass,
  leaveClass,
  prepareNotifications,
  notify,
  windowHasFocus,
  updateSettings,
  setUpdateCheck,
  checkUpdate,
  installUpdate,
  toCommandError,
  APP_ERROR_KINDS,
  MAX_NAME_CHARS,
  QR_QUIET_ZONE,
  SESSION_LIMITS,
} satisfies Omit<
  typeof Real,
  "CommandError" | "EventSubscription"
>;
void _check;
