// Why a call into the app failed, as the UI sees it: `CommandError`
// carries the shell's `AppErrorPayload` (the desktop's Tauri commands and
// the browser build's ./web.ts reject with the same class, so the UI words
// both alike). No platform code here: both builds import it.

import { APP_ERROR_KINDS, APP_ERROR_PARAMS } from "./generated/constants";
import type { AppErrorCode, AppErrorKind, AppErrorPayload, Param } from "./generated/protocol";

/** The named values an error's sentence needs. */
export type Params = { [key in string]?: Param };

/** A failed command, carrying the shell's `AppErrorPayload`. */
export class CommandError extends Error implements AppErrorPayload {
  readonly kind: AppErrorKind;
  /** The situation, for the UI to word (absent from errors Tauri itself raises). */
  readonly code?: AppErrorCode;
  /** The values its sentence needs. */
  readonly params?: Params;

  constructor(payload: AppErrorPayload) {
    super(payload.message);
    this.name = "CommandError";
    this.kind = payload.kind;
    if (payload.code !== undefined) this.code = payload.code;
    if (payload.params !== undefined) this.params = payload.params;
  }
}

/**
 * Turns whatever a rejected `invoke` carries into a `CommandError`. The shell
 * rejects with `{kind, message}`; Tauri itself rejects with a plain string
 * (e.g. an unknown command or a denied permission).
 */
export function toCommandError(reason: unknown): CommandError {
  if (reason instanceof CommandError) return reason;
  if (typeof reason === "object" && reason !== null) {
    const { kind, message, code, params } = reason as Record<string, unknown>;
    if (typeof message === "string") {
      const known = APP_ERROR_KINDS.find((k) => k === kind);
      const payload: AppErrorPayload = { kind: known ?? "io", message };
      const situation = typeof code === "string" ? (code as AppErrorCode) : undefined;
      if (situation !== undefined && situation in APP_ERROR_PARAMS) {
        payload.code = situation;
        payload.params = isParams(params) ? params : {};
      }
      return new CommandError(payload);
    }
  }
  if (typeof reason === "string" && reason.length > 0) {
    return new CommandError({ kind: "io", message: reason });
  }
  if (reason instanceof Error) {
    return new CommandError({ kind: "io", message: reason.message });
  }
  return new CommandError({ kind: "io", message: "Something went wrong. Please try again." });
}

function isParams(value: unknown): value is Params {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.values(value).every((v) => typeof v === "string" || typeof v === "number")
  );
}
