//! Joining: who may take a place in the class. A teacher's host token, a
//! student's resume token, or a name and the class code; the refusals for
//! each (with failed attempts counted per device); a new participant stored
//! before its welcome goes out.

use std::net::IpAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::ws::Utf8Bytes;
use tokio::sync::broadcast;
use tokio::time::Instant;
use tracing::{info, warn};

use super::{serialise, Change, Member, Refusal, Session, Slot, State, TEACHER};
use crate::hub::fanout::{ConnId, Outbound};
use crate::hub::limits::{check_student_name, name_keys, normalise_code, validate_name, Lockout};
use crate::hub::name_filter;
use crate::ids::{self, participant_id};
use crate::protocol::{close, ErrorCode, Identity, LeftReason, Role, Seq, ServerFrame};
use crate::store::writer::WriteOp;
use crate::timestamp::now_rfc3339;

/// Who is joining, as the first frame says.
#[derive(Debug)]
pub(crate) enum Credentials {
    Student { name: String, code: Option<String> },
    Teacher { token: String },
}

/// A join request with everything the rules need.
#[derive(Debug)]
pub(crate) struct JoinRequest {
    pub credentials: Credentials,
    pub resume: Option<String>,
    pub last_seq: Option<Seq>,
    pub peer: IpAddr,
}

/// A successful join: the connection's place in the session.
pub(crate) struct Joined {
    pub member: usize,
    pub conn: ConnId,
    pub role: Role,
    pub rx: broadcast::Receiver<Arc<Outbound>>,
    /// The welcome and any `participants:page` frames, in order.
    pub welcome: Vec<Utf8Bytes>,
    /// With a store, the welcome (it carries the resume token) waits until
    /// the operations up to this one are committed.
    pub durable_after: Option<u64>,
}

impl Session {
    /// Admits a connection, or says why not. `slot` stores a new participant.
    pub(crate) fn join(&self, request: JoinRequest, slot: Slot) -> Result<Joined, Refusal> {
        let now = Instant::now();
        let mut state = self.lock();
        let known = state.members.len();
        if state.ended {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class has ended."));
        }
        // A valid host or resume token (128 random bits) is never locked
        // out: guesses from the teacher's own machine, or from behind the
        // same router, must not keep the teacher or a student out.
        if !self.holds_valid_token(&state, &request) {
            match state.attempts.blocked(request.peer, now) {
                Some(Lockout::Address) => {
                    return Err(Refusal::new(
                        ErrorCode::TooManyAttempts,
                        "Too many wrong codes from this device. Wait a minute, then try again.",
                    ));
                }
                Some(Lockout::Everyone) => {
                    return Err(Refusal::new(
                        ErrorCode::TooManyAttempts,
                        "Too many wrong codes were tried in this class. Wait a minute, then try again.",
                    ));
                }
                None => {}
            }
        }
        let (member, reclaimed) = match self.admit(&mut state, &request) {
            Ok(admitted) => admitted,
            Err(refusal) => {
                if matches!(refusal.code, ErrorCode::BadCode | ErrorCode::BadToken) {
                    state.attempts.record_failure(request.peer, now);
                    let recent = state.attempts.recent(now);
                    if recent.count == self.limits.join_attempts_total {
                        warn!(wrong = recent.count, "so many wrong class codes that joins by code wait");
                    }
                    self.wrong_attempts.send_replace(recent);
                }
                return Err(refusal);
            }
        };
        let again = member < known;
        if again && state.members[member].rejoins.as_ref().is_some_and(|budget| budget.check().is_err()) {
            // Not a refusal to show: the connection closes with 1013 and the
            // client comes back a little later.
            return Err(Refusal::new(ErrorCode::TooManyAttempts, ""));
        }
        let mut durable_after = None;
        if member >= known {
            let joined = &state.members[member];
            let seated = WriteOp::Participant {
                index: member,
                name: joined.identity.name.clone(),
                role: joined.identity.role,
                token: joined.token.clone(),
                at: now_rfc3339(),
            };
            let op = match reclaimed {
                Some(index) => WriteOp::Batch(vec![WriteOp::Removed { index, banned: false }, seated]),
                None => seated,
            };
            durable_after = state.enqueue(slot, op);
            if state.durable && durable_after.is_none() {
                // The class is closing: the seat given back stays given
                // back in memory only, and nothing more will be stored.
                state.forget_newest(member);
                return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing."));
            }
        }
        if let Some(index) = reclaimed {
            let id = state.members[index].identity.id.clone();
            info!(seat = %id, "an offline seat never used was given back for a newcomer");
            let left = ServerFrame::ParticipantLeft { id, reason: LeftReason::Removed };
            state.send_after(durable_after, Outbound::Frame(serialise(&left)));
        }

        let conn = self.next_conn.fetch_add(1, Ordering::Relaxed);
        let previous = state.members[member].conn.replace(conn);
        match previous {
            Some(old) => {
                let item =
                    Outbound::Close { target: old, frame: None, code: close::REPLACED, reason: "replaced" };
                state.send(item);
            }
            None => {
                state.online += 1;
                state.pending_presence.push(Change::Joined(member));
                self.presence_due.notify_one();
            }
        }
        // Subscribe after the close of the older connection went out, so only
        // what follows this welcome reaches the new one.
        let rx = state.tx.subscribe();
        let welcome = state.welcome(member, request.last_seq, &self.info, &self.limits);
        Ok(Joined { member, conn, role: state.members[member].identity.role, rx, welcome, durable_after })
    }

    /// Whether the request carries the host token, or a student's resume
    /// token still valid: those joins are never locked out.
    fn holds_valid_token(&self, state: &State, request: &JoinRequest) -> bool {
        match (&request.credentials, &request.resume) {
            (Credentials::Teacher { token }, _) => ids::secrets_match(token, &self.host_token),
            (Credentials::Student { .. }, Some(token)) => state
                .by_token
                .get(token)
                .is_some_and(|&member| state.members[member].identity.role == Role::Student),
            (Credentials::Student { .. }, None) => false,
        }
    }

    /// Wrong codes and tokens in the current attempt window, from every
    /// address: the teacher is told when someone is guessing.
    pub(crate) fn recent_wrong_attempts(&self) -> u32 {
        self.lock().attempts.recent_failures(Instant::now())
    }

    /// Teacher action (from the app hosting the class): a new random class
    /// code in place of the current one, stored through `slot`. Students
    /// already in keep their seats (they resume by token); the wrong codes
    /// counted for the class as a whole are forgiven, so nobody holding
    /// the new code waits for the old guesses' lockout.
    pub(crate) fn change_code(&self, slot: Slot) -> Result<String, CodeChange> {
        let mut state = self.lock();
        if state.ended {
            return Err(CodeChange::Ended);
        }
        let Some(old) = state.code.clone() else {
            return Err(CodeChange::NoCode);
        };
        let code = loop {
            let code = ids::join_code();
            if code != old {
                break code;
            }
        };
        if state.enqueue(slot, WriteOp::Code { code: code.clone() }).is_none() && state.durable {
            return Err(CodeChange::Ended);
        }
        state.code = Some(code.clone());
        state.attempts.forgive_total();
        self.wrong_attempts.send_replace(state.attempts.recent(Instant::now()));
        info!("the class code was changed");
        Ok(code)
    }

    /// Finds or creates the member a join request is for; a new one may
    /// take the place of an offline seat never used, given back here and
    /// returned beside it.
    fn admit(&self, state: &mut State, request: &JoinRequest) -> Result<(usize, Option<usize>), Refusal> {
        if let Credentials::Teacher { token } = &request.credentials {
            if !ids::secrets_match(token, &self.host_token) {
                return Err(Refusal::new(
                    ErrorCode::BadToken,
                    "That host token is not valid for this class.",
                ));
            }
            return Ok((TEACHER, None));
        }
        if let Some(token) = &request.resume {
            return match state.by_token.get(token) {
                Some(&member) if state.members[member].identity.role == Role::Student => Ok((member, None)),
                _ if !token.is_empty() && state.members.iter().any(|m| m.removed && &m.token == token) => {
                    Err(Refusal::new(ErrorCode::Removed, "You were removed from this class."))
                }
                _ => Err(Refusal::new(
                    ErrorCode::BadToken,
                    "This device's saved place in the class is no longer valid. Join again with your name and the code.",
                )),
            };
        }
        let Credentials::Student { name, code } = &request.credentials else {
            unreachable!("teacher handled above");
        };
        if let Some(expected) = &state.code {
            check_code(code.as_deref().unwrap_or(""), expected)?;
        }
        let name = validate_name(name, self.limits.max_name_chars)
            .map_err(|problem| Refusal::new(ErrorCode::InvalidName, problem.message()))?;
        let keys = name_keys(&name);
        if keys.iter().any(|key| state.banned_names.contains(key)) {
            return Err(Refusal::new(ErrorCode::Removed, "You were removed from this class."));
        }
        if keys.iter().any(|key| state.by_name.contains_key(key)) {
            return Err(Refusal::new(
                ErrorCode::NameTaken,
                format!("Someone in this class is already called “{name}”. Please pick another name."),
            ));
        }
        check_student_name(&name, &self.info.teacher)
            .map_err(|problem| Refusal::new(ErrorCode::InvalidName, problem.message()))?;
        if state.rules.name_filter && name_filter::blocks(&name) {
            return Err(Refusal::new(
                ErrorCode::InvalidName,
                "That name is not allowed in this class. Please join with your own name.",
            ));
        }
        // Seats taken from this address, online or not: one machine cannot
        // fill the class, nor squat every classmate's name. Without room
        // (here, or in the class), an offline seat never used makes it.
        let present = state.members.iter().filter(|m| !m.removed).count();
        let from_here = state.members.iter().filter(|m| !m.removed && m.addr == Some(request.peer)).count();
        let reclaimed = if from_here >= self.limits.max_per_address {
            let seat = state.unused_seat(Some(request.peer)).ok_or_else(|| {
                Refusal::new(
                    ErrorCode::SessionFull,
                    format!(
                        "{} students have already joined from this device, the most one device may seat. Ask your teacher.",
                        self.limits.max_per_address
                    ),
                )
            })?;
            Some(seat)
        } else if present >= self.limits.max_participants {
            let seat = state.unused_seat(None);
            Some(seat.ok_or_else(|| Refusal::new(ErrorCode::SessionFull, "This class is full."))?)
        } else {
            None
        };
        let index = state.members.len();
        let identity = Identity { id: participant_id(index), name, role: Role::Student };
        let mut member = Member::new(identity, ids::secret(), &self.limits);
        member.addr = Some(request.peer);
        member.announced = false;
        state.by_token.insert(member.token.clone(), index);
        for key in keys {
            state.by_name.insert(key, index);
        }
        state.members.push(member);
        if let Some(seat) = reclaimed {
            state.unseat(seat, false);
        }
        Ok((index, reclaimed))
    }
}

/// Why the class code could not be changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeChange {
    /// The class has no code: anyone on the network may join.
    NoCode,
    /// The class has ended (or is closing).
    Ended,
}

/// Checks a student's code. A code of digits (the default) is compared
/// the way students type it (see [`normalise_code`]); one that is not
/// digits, or not as many, gets its own message. A code the host chose
/// that is not digits is compared after trimming. Constant time either way.
fn check_code(given: &str, expected: &str) -> Result<(), Refusal> {
    let given = if expected.bytes().all(|b| b.is_ascii_digit()) {
        match normalise_code(given) {
            Some(digits) if digits.len() == expected.len() => digits,
            _ => {
                return Err(Refusal::new(
                    ErrorCode::BadCode,
                    format!("A class code has {} digits. Check it with your teacher.", expected.len()),
                ))
            }
        }
    } else {
        given.trim().to_owned()
    };
    if ids::secrets_match(&given, expected) {
        Ok(())
    } else {
        Err(Refusal::new(ErrorCode::BadCode, "That class code is not right. Check it with your teacher."))
    }
}

impl State {
    /// The offline student's seat, never used, that has waited longest (the
    /// first taken), taken from `addr` when given: a seat that can be given
    /// back to make room without losing anything anyone said.
    fn unused_seat(&self, addr: Option<IpAddr>) -> Option<usize> {
        self.members.iter().position(|m| {
            m.identity.role == Role::Student
                && !m.removed
                && m.conn.is_none()
                && !m.active
                && addr.is_none_or(|addr| m.addr == Some(addr))
        })
    }

    /// Undoes the member just created by a join that cannot be stored.
    fn forget_newest(&mut self, member: usize) {
        if member + 1 != self.members.len() {
            return;
        }
        if let Some(gone) = self.members.pop() {
            self.by_token.remove(&gone.token);
            for key in name_keys(&gone.identity.name) {
                self.by_name.remove(&key);
            }
        }
    }
}
