// Generated from the Rust types in core/ by core/tests/typescript.rs. Do not edit.
// Regenerate: UPDATE_TS=1 cargo test -p classroom-core --features typescript --test typescript

export type Role = "teacher" | "student";

export type Identity = { 
/**
 * Hub-assigned participant id, e.g. `p_7`.
 */
id: string, 
/**
 * Display name, as validated by the hub.
 */
name: string, 
/**
 * Role in the session.
 */
role: Role, };

export type Participant = { 
/**
 * Hub-assigned participant id.
 */
id: string, 
/**
 * Display name.
 */
name: string, 
/**
 * Role in the session.
 */
role: Role, 
/**
 * Whether a connection is currently attached.
 */
online: boolean, };

export type SessionInfo = { 
/**
 * Random id of this session.
 */
id: string, 
/**
 * Class name, e.g. "Physics 101".
 */
class: string, 
/**
 * Teacher's display name.
 */
teacher: string, 
/**
 * When the hub started the session (RFC 3339).
 */
started_at: string, };

export type SessionLimits = { 
/**
 * Longest message text, in Unicode scalar values.
 */
max_text_chars: number, 
/**
 * Chat messages a second per participant (0: no limit).
 */
send_rate: number, 
/**
 * Burst allowed above `send_rate`.
 */
send_burst: number, 
/**
 * Longest poll question, in Unicode scalar values. (Hubs before polls
 * do not send the poll limits: a client reads the defaults then.)
 */
max_question_chars: number, 
/**
 * Most options of a poll.
 */
max_poll_options: number, 
/**
 * Longest poll option, in Unicode scalar values.
 */
max_option_chars: number, 
/**
 * Longest text answer to a poll, in Unicode scalar values.
 */
max_answer_chars: number, 
/**
 * Hand raises and lowers a second per student (0: no limit).
 */
hand_rate: number, 
/**
 * Burst allowed above `hand_rate`.
 */
hand_burst: number, 
/**
 * How long after sending a student may delete their own message, in seconds.
 */
delete_window_seconds: number, 
/**
 * Reactions added or taken back a second per participant (0: no limit).
 */
reaction_rate: number, 
/**
 * Burst allowed above `reaction_rate`.
 */
reaction_burst: number, 
/**
 * Private questions a minute per student (0: no limit).
 */
question_rate_per_minute: number, 
/**
 * Burst allowed above `question_rate_per_minute`.
 */
question_burst: number, 
/**
 * A student's questions that may wait for an answer at once.
 */
questions_open: number, 
/**
 * Most answers one question may get.
 */
max_answers: number, };

export type ChatEntry = { 
/**
 * Position in the session log.
 */
seq: number, 
/**
 * Hub-assigned message id.
 */
id: string, 
/**
 * The id the sender chose; lets the sender match its pending message.
 */
client_id: string, 
/**
 * The sender, as the hub knows it.
 */
from: Identity, 
/**
 * Trimmed message text.
 */
text: string, 
/**
 * Hub time of acceptance (RFC 3339).
 */
ts: string, 
/**
 * Deleted (by the teacher, or its sender): `text` is empty, for good.
 */
removed?: boolean, 
/**
 * Reactions to it, in the order of [`REACTIONS`]; absent when none.
 */
reactions?: Array<ReactionCount>, 
/**
 * The private question this message answers for everyone, quoted
 * (the teacher's messages only); blanked with the text when deleted.
 * (Boxed: most messages have none.)
 */
quote?: Quote, };

export type LeftReason = "left" | "removed" | "timeout";

export type Departure = { 
/**
 * Participant id.
 */
id: string, 
/**
 * Why they went.
 */
reason: LeftReason, };

export type ErrorCode = "bad_code" | "bad_token" | "invalid_name" | "name_taken" | "removed" | "too_many_attempts" | "session_full" | "session_ended" | "protocol" | "empty" | "too_long" | "rate_limited" | "forbidden" | "unknown_type" | "malformed" | "unknown_participant" | "poll_open" | "unknown_poll" | "poll_closed" | "invalid_poll" | "invalid_answer" | "answer_locked" | "muted" | "chat_locked" | "slow_mode" | "invalid_setting" | "unknown_message" | "delete_expired" | "invalid_reaction" | "reactions_off" | "unknown_question" | "questions_off" | "too_many_questions";

export type PollKind = "single" | "multi" | "text";

export type PollDraft = { 
/**
 * The question, 1–200 characters.
 */
question: string, 
/**
 * What it asks for.
 */
kind: PollKind, 
/**
 * 2–10 options of 1–80 characters, each different (none for a text poll).
 */
options: Array<string>, 
/**
 * The correct options, by index (a quiz question); none otherwise.
 */
correct: Array<number>, 
/**
 * Closes by itself after this many seconds (10–600); no timer without.
 */
seconds?: number, 
/**
 * Nobody, the teacher included, learns who answered what (and answers
 * cannot be changed).
 */
anonymous: boolean, 
/**
 * Students may change their answer while it is open.
 */
changes: boolean, };

export type PollInfo = { 
/**
 * The hub's id for the poll: `q_1`, `q_2`, … in the order they were opened.
 */
id: string, 
/**
 * The question.
 */
question: string, 
/**
 * What it asks for.
 */
kind: PollKind, 
/**
 * The options, by index (empty for a text poll).
 */
options: Array<string>, 
/**
 * Whether it has correct options (a quiz question).
 */
quiz: boolean, 
/**
 * Nobody, the teacher included, learns who answered what.
 */
anonymous: boolean, 
/**
 * Whether a student may change their answer while the poll is open.
 */
changes: boolean, 
/**
 * When it was opened (RFC 3339, UTC).
 */
opened_at: string, 
/**
 * When its timer closes it (RFC 3339, UTC); `None` without a timer.
 */
closes_at?: string, };

export type PollAnswer = { 
/**
 * The chosen options, by index, ascending.
 */
choices?: Array<number>, 
/**
 * The text of a text poll's answer.
 */
text?: string, };

export type TextCount = { 
/**
 * The answer as first given (answers are counted together when they
 * differ only in case and spacing; accents count).
 */
text: string, 
/**
 * How many gave it.
 */
count: number, };

export type PollResults = { 
/**
 * The poll's id.
 */
poll: string, 
/**
 * Students who have answered.
 */
answered: number, 
/**
 * Students in the class (not removed), online or not.
 */
students: number, 
/**
 * Answers per option, by index (empty for a text poll).
 */
counts: Array<number>, 
/**
 * A text poll's answers, most given first (answers the teacher hid
 * are left out).
 */
texts: Array<TextCount>, 
/**
 * The correct options, by index (empty when it is not a quiz).
 */
correct: Array<number>, 
/**
 * The teacher's live results only, and never for an anonymous poll:
 * the ids of the students who have answered.
 */
who?: Array<string>, };

export type PollStatus = "open" | "closed" | "revealed";

export type PollClosedBy = "teacher" | "timer";

export type PollState = { 
/**
 * The poll.
 */
info: PollInfo, 
/**
 * Open, closed or revealed.
 */
status: PollStatus, 
/**
 * A student's own answer (never in an anonymous poll: there only
 * `answered` says they did).
 */
mine?: PollAnswer, 
/**
 * Whether this student has answered.
 */
answered: boolean, 
/**
 * The results: the teacher's always (as `poll:tally` gives them); a
 * student's once revealed (as `poll:revealed` gives them).
 */
results?: PollResults, };

export type Hand = { 
/**
 * The student's participant id.
 */
id: string, 
/**
 * When it went up (hub time, RFC 3339): the queue's order.
 */
at: string, };

export type DeletedBy = "sender" | "teacher";

export type ReactionCount = { 
/**
 * The reaction, one of [`REACTIONS`].
 */
emoji: string, 
/**
 * How many gave it (at least 1).
 */
count: number, };

export type ReactionChange = { 
/**
 * The message's `seq`.
 */
seq: number, 
/**
 * The reaction.
 */
emoji: string, 
/**
 * Who reacted.
 */
by: string, 
/**
 * Added (true) or taken back.
 */
on: boolean, 
/**
 * How many give this reaction to the message now.
 */
count: number, };

export type MyReaction = { 
/**
 * The message's `seq`.
 */
seq: number, 
/**
 * The reaction.
 */
emoji: string, };

export type EntryReactions = { 
/**
 * The message's `seq`.
 */
seq: number, 
/**
 * Its counts, in the order of [`REACTIONS`].
 */
reactions: Array<ReactionCount>, };

export type HeldReactions = { 
/**
 * The first message the snapshot covers.
 */
from: number, 
/**
 * The last (the join's `last_seq`).
 */
to: number, 
/**
 * Every message from `from` to `to` that has reactions, oldest first;
 * the others in the range have none.
 */
counts: Array<EntryReactions>, };

export type Quote = { 
/**
 * The question's text.
 */
text: string, 
/**
 * Who asked, only when the teacher chose to show it.
 */
name?: string, };

export type Answer = { 
/**
 * Trimmed text.
 */
text: string, 
/**
 * Hub time it was given (RFC 3339).
 */
at: string, 
/**
 * Answered for everyone: the `seq` of the chat message that carries
 * the answer, quoting the question. Absent: answered privately.
 */
seq?: number, };

export type Question = { 
/**
 * Hub-assigned and random (`pq_` and 16 letters and digits), so an id
 * says nothing about how many questions were asked before it.
 */
id: string, 
/**
 * The student who asked.
 */
from: Identity, 
/**
 * Trimmed text.
 */
text: string, 
/**
 * Hub time it was asked (RFC 3339).
 */
at: string, 
/**
 * The teacher's answers, oldest first (empty: not answered yet).
 */
answers: Array<Answer>, };

export type Questions = { 
/**
 * Oldest first.
 */
list: Array<Question>, 
/**
 * How many older ones are left out (they are in the teacher's export).
 */
earlier: number, };

export type LoweredBy = "student" | "teacher";

export type RoomRules = { 
/**
 * Only the teacher may post in the chat.
 */
locked: boolean, 
/**
 * Each student may post at most one message this often, in seconds
 * (one of [`SLOW_MODE_SECONDS`]; 0: off). The teacher is exempt.
 */
slow_seconds: number, 
/**
 * Joining students' names are checked against a list of offensive
 * words (absent from hubs before the filter: off).
 */
name_filter?: boolean, 
/**
 * Reactions are turned off: none can be added (or taken back).
 */
reactions_off?: boolean, 
/**
 * Students may not ask private questions (by default they may, also
 * while the chat is locked).
 */
questions_off?: boolean, };

export type RulesChange = { 
/**
 * Lock or unlock the chat.
 */
locked?: boolean, 
/**
 * Slow mode's interval, one of [`SLOW_MODE_SECONDS`].
 */
slow_seconds?: number, 
/**
 * Turn the name filter on or off.
 */
name_filter?: boolean, 
/**
 * Turn reactions off (true) or on again.
 */
reactions_off?: boolean, 
/**
 * Turn private questions off (true) or on again.
 */
questions_off?: boolean, };

export type RoomState = { 
/**
 * The rules now.
 */
rules: RoomRules, 
/**
 * Raised hands, in the order they went up.
 */
hands: Array<Hand>, 
/**
 * Muted students: every one for the teacher; for a student, only
 * themselves (when muted), since whom the teacher mutes is nobody
 * else's business.
 */
muted: Array<string>, 
/**
 * The message pinned at the top of the chat, if any.
 */
pinned?: ChatEntry, };

export type CloseReason = { "reason": "left" } | { "reason": "ended" } | { "reason": "removed" } | { "reason": "replaced" } | { "reason": "refused", 
/**
 * The protocol's code.
 */
code: ErrorCode, 
/**
 * The hub's explanation.
 */
message: string, };

export type ConnectionState = { "state": "connecting" } | { "state": "connected" } | { "state": "reconnecting", 
/**
 * Attempt number.
 */
attempt: number, } | { "state": "closed" } & CloseReason;

export type ClientEvent = { "kind": "state", "data": ConnectionState } | { "kind": "welcome", "data": { 
/**
 * Ourselves.
 */
you: Identity, 
/**
 * The session.
 */
session: SessionInfo, 
/**
 * The hub's limits.
 */
limits: SessionLimits, } } | { "kind": "roster", "data": Array<Participant> } | { "kind": "participant", "data": Participant } | { "kind": "participantLeft", "data": { 
/**
 * Participant id.
 */
id: string, 
/**
 * Why.
 */
reason: LeftReason, } } | { "kind": "message", "data": ChatEntry } | { "kind": "queued", "data": { 
/**
 * The message's id, as [`ClientHandle::send`] returns it.
 */
client_id: string, 
/**
 * What was sent.
 */
text: string, } } | { "kind": "acked", "data": { 
/**
 * The id [`ClientHandle::send`] returned.
 */
client_id: string, 
/**
 * Its `seq`.
 */
seq: number, } } | { "kind": "refused", "data": { 
/**
 * The refused message's id, if it was a message.
 */
client_id: string | null, 
/**
 * The protocol's code.
 */
code: ErrorCode, 
/**
 * The hub's explanation.
 */
message: string, } } | { "kind": "typing", "data": { 
/**
 * Participant id.
 */
from: string, 
/**
 * Typing or not.
 */
active: boolean, } } | { "kind": "loadingEarlier" } | { "kind": "earlier", "data": { 
/**
 * The entries, oldest first (may be empty).
 */
messages: Array<ChatEntry>, 
/**
 * Nothing older exists (or the hub no longer holds it).
 */
complete: boolean, } } | { "kind": "gap", "data": { 
/**
 * First lost `seq`.
 */
from: number, 
/**
 * Last lost `seq`.
 */
to: number, } } | { "kind": "polls", "data": Array<PollState> } | { "kind": "pollOpened", "data": PollInfo } | { "kind": "pollTally", "data": PollResults } | { "kind": "answerQueued", "data": { 
/**
 * The poll.
 */
poll: string, 
/**
 * The answer's id, as `answer_poll` returns it.
 */
client_id: string, 
/**
 * The answer.
 */
answer: PollAnswer, } } | { "kind": "pollAnswered", "data": { 
/**
 * The poll.
 */
poll: string, 
/**
 * The id `answer_poll` returned.
 */
client_id: string, } } | { "kind": "pollClosed", "data": { 
/**
 * The poll.
 */
poll: string, 
/**
 * The teacher, or its timer.
 */
by: PollClosedBy, } } | { "kind": "pollRevealed", "data": PollResults } | { "kind": "room", "data": RoomState } | { "kind": "handRaised", "data": Hand } | { "kind": "handLowered", "data": { 
/**
 * The student's participant id.
 */
id: string, 
/**
 * The student, or the teacher.
 */
by: LoweredBy, } } | { "kind": "handsCleared" } | { "kind": "muted", "data": { 
/**
 * The student's participant id.
 */
id: string, 
/**
 * Muted now or not.
 */
muted: boolean, } } | { "kind": "rules", "data": RoomRules } | { "kind": "deletedMessages", "data": number[] } | { "kind": "messageDeleted", "data": { 
/**
 * Its `seq`.
 */
seq: number, 
/**
 * Its sender, or the teacher.
 */
by: DeletedBy, } } | { "kind": "pinned", "data": ChatEntry | null } | { "kind": "myReactions", "data": Array<MyReaction> } | { "kind": "reactionChanged", "data": ReactionChange } | { "kind": "heldReactions", "data": HeldReactions } | { "kind": "questions", "data": Questions } | { "kind": "questionQueued", "data": { 
/**
 * The id `ask` returns.
 */
client_id: string, 
/**
 * The question.
 */
text: string, } } | { "kind": "replyQueued", "data": { 
/**
 * The question's id.
 */
question: string, 
/**
 * The id `answer_question` returns.
 */
client_id: string, 
/**
 * The answer.
 */
text: string, 
/**
 * For everyone, or privately.
 */
public: boolean, } } | { "kind": "questionAsked", "data": { 
/**
 * The question (boxed: the largest event by far).
 */
question: Question, 
/**
 * Our id for it, when it is ours.
 */
client_id?: string, } } | { "kind": "questionAnswered", "data": { 
/**
 * The question's id.
 */
question: string, 
/**
 * The answer.
 */
answer: Answer, 
/**
 * The teacher's id for it, on the teacher's side.
 */
client_id?: string, } };

export type HostEvent = { "kind": "storage", "data": StorageState } | { "kind": "guessing", "data": { 
/**
 * Wrong codes in the last minute; 0: no longer guessing.
 */
wrongCodes: number, } };

export type AppEvent = ClientEvent | HostEvent;

export type HostRequest = { 
/**
 * Class name, e.g. "Physics 101". Ignored when resuming.
 */
class: string, 
/**
 * Teacher's display name. Ignored when resuming.
 */
teacher: string, 
/**
 * Reopen this stored class (a past class's id) instead of starting a
 * new one: same code, everyone's seat kept, the log going on.
 */
resume?: string, };

export type Param = number | string;

export type InterfaceProblemCode = "socketFailed" | "sendFailed" | "noEcho";

export type InterfaceProblem = { 
/**
 * The interface's name, e.g. `eth0` or `Wi-Fi`.
 */
interface: string, 
/**
 * What happened, in English words a teacher can act on (logs, the
 * command line); a UI words [`InterfaceProblem::code`] instead.
 */
detail: string, 
/**
 * `true` when nothing can be advertised on this interface (sending
 * failed); `false` when it only looks doubtful (our own test packet did
 * not come back, as when a firewall drops incoming mDNS).
 */
blocking: boolean, 
/**
 * What happened, for a UI to word in its language with `params`.
 */
code: InterfaceProblemCode, 
/**
 * The values its sentence needs ([`InterfaceProblemCode::params`]).
 */
params: { [key in string]?: Param }, };

export type AdvertiseFailure = "multicastBlocked" | "noInterface" | "daemonFailed" | "busy" | "loopbackOnly" | "other";

export type AdvertiseStatus = { "state": "on", 
/**
 * The name the class is listed under (mDNS instance name).
 */
instance: string, 
/**
 * Where it is advertised, e.g. `eth0 (192.168.1.20)`.
 */
interfaces: Array<string>, 
/**
 * Doubts that did not stop it (e.g. incoming mDNS looks dropped),
 * in English: `interface: detail`.
 */
warnings: Array<string>, 
/**
 * The same doubts, for a UI to word: each one's interface, code
 * and params (and its English detail).
 */
problems?: Array<InterfaceProblem>, } | { "state": "off" } | { "state": "failed", 
/**
 * What went wrong, in English words a teacher can act on.
 */
reason: string, 
/**
 * Whether trying again (without changing anything) may work.
 */
retry_helps: boolean, 
/**
 * What would fix it, in English.
 */
fix: string, 
/**
 * What went wrong, for a UI to word (with what would fix it).
 */
code?: AdvertiseFailure, 
/**
 * The values its sentence needs ([`AdvertiseFailure::params`]).
 */
params?: { [key in string]?: Param }, 
/**
 * For `multicastBlocked`: what failed on each interface, each with
 * its own code and params (empty otherwise).
 */
problems?: Array<InterfaceProblem>, };

export type JoinQr = { 
/**
 * What it encodes (the join link).
 */
text: string, 
/**
 * Modules on a side (21 for version 1, 25 for version 2, …).
 */
size: number, 
/**
 * The dark modules as one SVG path in module units (`M x y h n v1 h -n z`
 * for each horizontal run), to fill in a `viewBox` of `size` plus a
 * [`QUIET_ZONE`] on every side.
 */
path: string, };

export type JoinLink = { 
/**
 * The link: [`HostInfo::join_link`], or the web client's address with
 * the current code in its fragment (`http://HOST:PORT/#code=…`).
 */
link: string, 
/**
 * The link as a QR code (`None` only if it could not be encoded).
 */
qr: JoinQr | null, 
/**
 * Whether the link carries the code.
 */
with_code: boolean, };

export type StorageFailure = "diskFull" | "readOnly" | "damaged" | "busy" | "other";

export type StorageState = { "state": "ok" } | { "state": "failing", 
/**
 * What is wrong, in English: for logs, the command line, and a UI
 * with no sentence for `code`.
 */
message: string, 
/**
 * Whether it can fix itself or by freeing space (true), or needs
 * another folder (false).
 */
retry_helps: boolean, 
/**
 * What is wrong, for a UI to word in its language with `params`.
 * Always sent; optional in the TypeScript declaration only so UI
 * code from before codes still compiles.
 */
code?: StorageFailure, 
/**
 * The values its sentence needs ([`StorageFailure::params`]).
 * Always sent; optional in TypeScript like `code`.
 */
params?: { [key in string]?: Param }, } | { "state": "off" };

export type HostInfo = { 
/**
 * The session id (a past class's id once it is over).
 */
session: string, 
/**
 * Whether a stored class was reopened.
 */
resumed: boolean, 
/**
 * Class name.
 */
class: string, 
/**
 * Teacher's name.
 */
teacher: string, 
/**
 * The code students type.
 */
code: string, 
/**
 * `host:port` addresses students can type: the LAN ones (others only
 * when there is no LAN address).
 */
addresses: Array<string>, 
/**
 * For the first address: the web client's page, `http://HOST:PORT/`,
 * when the hub serves it ([`HostInfo::web`]; a browser opens it, the
 * app takes it in the address field), `ws://HOST:PORT/ws` otherwise.
 * Without the code; [`App::join_link`](super::App::join_link) gives the
 * one with it.
 */
join_link: string, 
/**
 * The join link as a QR code (`None` only if it could not be encoded).
 */
qr: JoinQr | null, 
/**
 * Whether the hub serves the student web client at the join link (so
 * the link can carry the code).
 */
web: boolean, 
/**
 * Whether students see the class in their list, and if not, why.
 */
advertising: AdvertiseStatus, 
/**
 * Whether the class is being saved now; changes come as `storage` events in the class's event stream.
 */
storage: StorageState, };

export type Compatibility = "supported" | "needs_newer_app";

export type DiscoveredClass = { 
/**
 * The service's full DNS-SD name, e.g.
 * `Physics 101._classroom._tcp.local.`: the key events refer to.
 */
id: string, 
/**
 * The instance name (the part before `._classroom._tcp.local.`).
 */
instance: string, 
/**
 * What a list shows: TXT `name`, else `Teacher — Class`, else the
 * instance name.
 */
name: string, 
/**
 * The class name (TXT `class`).
 */
class: string | null, 
/**
 * The teacher's name (TXT `teacher`).
 */
teacher: string | null, 
/**
 * The session id (TXT `session`).
 */
session: string | null, 
/**
 * The advertised protocol version (TXT `proto`), if it is a number.
 */
protocol: number | null, 
/**
 * Whether this app can join it.
 */
compatibility: Compatibility, 
/**
 * Whether students need the class code (TXT `join`), when it says.
 */
code_required: boolean | null, 
/**
 * The WebSocket path (TXT `path`, `/ws` when missing or unusable).
 */
path: string, 
/**
 * The host name its addresses belong to, e.g. `classroom-3fa2c1d9.local.`.
 */
host: string, 
/**
 * The TCP port.
 */
port: number, 
/**
 * Every address seen for it, best first: routable IPv4, then IPv6
 * (global or unique local), then link-local IPv4, then link-local IPv6.
 */
addresses: Array<string>, 
/**
 * The whole TXT record as received (values as UTF-8, lossy).
 */
txt: { [key in string]?: string }, };

export type BrowseStop = "discoveryOff" | "daemonStopped";

export type ClassEvent = { "kind": "appeared", "data": DiscoveredClass } | { "kind": "updated", "data": DiscoveredClass } | { "kind": "removed", "data": DiscoveredClass } | { "kind": "snapshot", "data": Array<DiscoveredClass> } | { "kind": "stopped", "data": { 
/**
 * Why, in English, for a log or a status line.
 */
reason: string, 
/**
 * Why, for a UI to word in its language. Always sent; optional in
 * the TypeScript declaration only so UI code from before codes
 * still compiles.
 */
code?: BrowseStop, } };

export type JoinRequest = { 
/**
 * The teacher's address: `host:port`, or a join link (`ws://…`).
 * Ignored when `class` is given.
 */
address: string, 
/**
 * Display name.
 */
name: string, 
/**
 * The class code (may be empty for a class that needs none).
 */
code: string, 
/**
 * A class picked from the list of classes found on the LAN: its
 * addresses are tried, best first, until one connects.
 */
class?: DiscoveredClass, };

export type RecentClass = { 
/**
 * Class name.
 */
class: string, 
/**
 * Teacher's name.
 */
teacher: string, 
/**
 * Where it was reached, `host:port` (what the address field takes).
 */
address: string, };

export type Startup = { 
/**
 * Host this class at once.
 */
host: HostRequest | null, 
/**
 * Join this class at once.
 */
join: JoinRequest | null, 
/**
 * The system's language (a BCP 47 tag such as `es-MX`), for the UI's
 * first language when the user has not chosen one; `None` when the
 * system does not say.
 */
locale?: string, };

export type AppErrorKind = "alreadyInClass" | "notInClass" | "invalidInput" | "io" | "damaged";

export type AppErrorCode = "alreadyInClass" | "notInClass" | "missingClassOrTeacher" | "missingName" | "badAddress" | "notHosting" | "retentionZero" | "classNeedsNewerApp" | "classUnreachable" | "browseUnavailable" | "noNetwork" | "cannotListen" | "outboxFull" | "connectionClosed" | "joinRefused" | "classNotStored" | "noClassesStored" | "classInUse" | "historyDamaged" | "historyTooNew" | "historyReadOnly" | "diskFull" | "historyBusy" | "exportFailed" | "unknownTimeZone" | "historyFailed" | "noClassCode" | "classEnded" | "io" | "updateCheckFailed" | "updateDownloadFailed" | "updateSignatureInvalid" | "updateInstallFailed" | "noUpdate";

export type AppErrorPayload = { 
/**
 * What went wrong, for code: what the UI offers (retry, start fresh).
 */
kind: AppErrorKind, 
/**
 * What went wrong, in English: for logs, the command line, and a UI
 * that has no sentence for [`AppErrorPayload::code`].
 */
message: string, 
/**
 * The situation a UI words, in its language, with [`AppErrorPayload::params`].
 * Always sent; optional in the TypeScript declaration only so that UI
 * code building payloads from before codes still compiles.
 */
code?: AppErrorCode, 
/**
 * The named values the code's sentence needs ([`AppErrorCode::params`]
 * lists them). Always sent; optional in TypeScript like `code`.
 */
params?: { [key in string]?: Param }, };

export type ClassSummary = { 
/**
 * The session id (what `--resume` and export take).
 */
id: string, 
/**
 * Class name.
 */
class: string, 
/**
 * Teacher's name.
 */
teacher: string, 
/**
 * When the class was first started (RFC 3339, UTC).
 */
started_at: string, 
/**
 * When the teacher ended it (RFC 3339, UTC); `None` when it was
 * interrupted (the app or hub stopped without ending it) or runs now.
 */
ended_at: string | null, 
/**
 * The newest thing stored for it (RFC 3339, UTC); retention counts from here.
 */
last_active_at: string, 
/**
 * Messages in its log.
 */
messages: number, 
/**
 * Participants who joined, the teacher included.
 */
participants: number, };

export type PastClasses = { 
/**
 * Stored classes, the most recently active first.
 */
classes: Array<ClassSummary>, 
/**
 * Classes inactive for more than this many days are deleted when it is
 * set and each time the app starts; `None` keeps them all.
 */
retention_days: number | null, 
/**
 * The folder the history is kept in (shown so a teacher can back it up).
 */
folder: string, };

export type StartedFresh = { 
/**
 * Where the damaged file was kept (`None` when there was none).
 */
kept: string | null, };

export type ExportFormat = "markdown" | "csv" | "json" | "gradebook";

export type UpdateInfo = { 
/**
 * Its version, e.g. `1.3.0`.
 */
version: string, 
/**
 * What changed, as the release says it (its CHANGELOG section), if it does.
 */
notes: string | null, 
/**
 * When it was published (RFC 3339), if the server says.
 */
date: string | null, };

export type UpdateLock = "flag" | "administrator";

export type UpdateSettings = { 
/**
 * This build can update itself: a release built with the update
 * signing key, which also names its update server. Other builds never
 * look, and a UI shows no setting.
 */
available: boolean, 
/**
 * The teacher's choice, kept on this computer: look for a newer
 * version on the home screen. On until turned off.
 */
check: boolean, 
/**
 * Why the app does not look whatever `check` says, when that is not
 * the teacher's choice: a UI shows the setting off and says why.
 */
locked: UpdateLock | null, };
