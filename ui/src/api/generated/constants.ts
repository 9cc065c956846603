// Generated from classroom_core::app::ui by core/tests/typescript.rs. Do not edit.
// Regenerate: UPDATE_TS=1 cargo test -p classroom-core --features typescript --test typescript

import type { AppErrorKind } from "./protocol";

/** Longest display name or class name the hub accepts, in characters. */
export const MAX_NAME_CHARS = 40;

/** Light modules around the join link's QR code, on every side. */
export const QR_QUIET_ZONE = 4;

/** Every kind of error a command can fail with. */
export const APP_ERROR_KINDS: readonly AppErrorKind[] = ["alreadyInClass", "notInClass", "invalidInput", "io", "damaged"];
