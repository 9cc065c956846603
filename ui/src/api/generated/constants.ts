// Generated from classroom_core::app::ui by core/tests/typescript.rs. Do not edit.
// Regenerate: UPDATE_TS=1 cargo test -p classroom-core --features typescript --test typescript

import type { AppErrorCode, AppErrorKind, SessionLimits } from "./protocol";

/** Longest display name or class name the hub accepts, in characters. */
export const MAX_NAME_CHARS = 40;

/** Light modules around the join link's QR code, on every side. */
export const QR_QUIET_ZONE = 4;

/** Every kind of error a command can fail with. */
export const APP_ERROR_KINDS: readonly AppErrorKind[] = ["alreadyInClass", "notInClass", "invalidInput", "io", "damaged"];

/** Every code a failed command carries, with the params its sentence gets. */
export const APP_ERROR_PARAMS: { readonly [code in AppErrorCode]: readonly string[] } = {
  "alreadyInClass": [],
  "notInClass": [],
  "missingClassOrTeacher": [],
  "missingName": [],
  "badAddress": ["address"],
  "notHosting": [],
  "retentionZero": [],
  "classNeedsNewerApp": ["class"],
  "classUnreachable": ["class", "detail"],
  "browseUnavailable": ["detail"],
  "noNetwork": [],
  "cannotListen": ["address", "detail"],
  "outboxFull": ["count"],
  "connectionClosed": [],
  "joinRefused": ["reason", "detail"],
  "classNotStored": [],
  "noClassesStored": ["folder"],
  "classInUse": [],
  "historyDamaged": ["file", "detail"],
  "historyTooNew": ["file"],
  "historyReadOnly": ["path", "detail"],
  "diskFull": ["folder"],
  "historyBusy": ["file"],
  "exportFailed": ["detail"],
  "unknownTimeZone": ["zone"],
  "historyFailed": ["path", "detail"],
  "noClassCode": [],
  "classEnded": [],
  "io": ["detail"],
  "updateCheckFailed": ["detail"],
  "updateDownloadFailed": ["detail"],
  "updateSignatureInvalid": [],
  "updateInstallFailed": ["detail"],
  "noUpdate": [],
};

/**
 * What a hub with default settings tells its clients in its welcome;
 * field by field, also what a client takes for a limit an older hub
 * leaves out.
 */
export const SESSION_LIMITS: Readonly<SessionLimits> = {
  "max_text_chars": 2000,
  "send_rate": 5,
  "send_burst": 10,
  "max_question_chars": 200,
  "max_poll_options": 10,
  "max_option_chars": 80,
  "max_answer_chars": 80,
  "hand_rate": 1,
  "hand_burst": 4,
  "delete_window_seconds": 120,
  "reaction_rate": 2,
  "reaction_burst": 10,
  "question_rate_per_minute": 3,
  "question_burst": 3,
  "questions_open": 5,
  "max_answers": 10
};
