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
send_burst: number, };

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
ts: string, };

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

export type ErrorCode = "bad_code" | "bad_token" | "invalid_name" | "name_taken" | "removed" | "too_many_attempts" | "session_full" | "session_ended" | "protocol" | "empty" | "too_long" | "rate_limited" | "forbidden" | "unknown_type" | "malformed" | "unknown_participant";

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
limits: SessionLimits, 
/**
 * Token to resume with later.
 */
resume: string, } } | { "kind": "roster", "data": Array<Participant> } | { "kind": "participant", "data": Participant } | { "kind": "participantLeft", "data": { 
/**
 * Participant id.
 */
id: string, 
/**
 * Why.
 */
reason: LeftReason, } } | { "kind": "message", "data": ChatEntry } | { "kind": "acked", "data": { 
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
active: boolean, } } | { "kind": "gap", "data": { 
/**
 * First lost `seq`.
 */
from: number, 
/**
 * Last lost `seq`.
 */
to: number, } };

export type HostRequest = { 
/**
 * Class name, e.g. "Physics 101".
 */
class: string, 
/**
 * Teacher's display name.
 */
teacher: string, };

export type HostInfo = { 
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
 * `host:port` addresses students can type, LAN addresses first.
 */
addresses: Array<string>, };

export type JoinRequest = { 
/**
 * The teacher's address: `host:port`, or a `ws://` URL.
 */
address: string, 
/**
 * Display name.
 */
name: string, 
/**
 * The class code.
 */
code: string, };

export type Startup = { 
/**
 * Host this class at once.
 */
host: HostRequest | null, 
/**
 * Join this class at once.
 */
join: JoinRequest | null, };

export type AppErrorKind = "alreadyInClass" | "notInClass" | "invalidInput" | "io";

export type AppErrorPayload = { 
/**
 * What went wrong, for code.
 */
kind: AppErrorKind, 
/**
 * What went wrong, for people.
 */
message: string, };
