// The typed transport to the Rust shell: `call` takes a command name from
// the generated table (`./generated/commands`, made from the shell's
// `#[tauri::command]` functions) with exactly that command's arguments, and
// resolves with its result type. A misspelt command or argument name is a
// type error. Failures arrive as `CommandError`s.

import { type InvokeArgs, invoke } from "@tauri-apps/api/core";
import { APP_ERROR_KINDS } from "./generated/constants";
import type { Commands } from "./generated/commands";
import type { AppErrorKind, AppErrorPayload } from "./generated/protocol";

/** A failed command, carrying the shell's `AppErrorPayload`. */
export class CommandError extends Error implements AppErrorPayload {
  readonly kind: AppErrorKind;

  constructor(payload: AppErrorPayload) {
    super(payload.message);
    this.name = "CommandError";
    this.kind = payload.kind;
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
    const { kind, message } = reason as Record<string, unknown>;
    if (typeof message === "string") {
      const known = APP_ERROR_KINDS.find((k) => k === kind);
      return new CommandError({ kind: known ?? "io", message });
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

/** The shell's command names. */
export type Command = keyof Commands;
/** What a command takes: its named arguments, or nothing. */
export type ArgsOf<K extends Command> = Commands[K]["args"] extends null ? [] : [Commands[K]["args"]];

/** Runs a shell command with its arguments; rejects with a `CommandError`. */
export async function call<K extends Command>(command: K, ...args: ArgsOf<K>): Promise<Commands[K]["result"]> {
  try {
    return await invoke<Commands[K]["result"]>(command, args[0] as InvokeArgs | undefined);
  } catch (reason) {
    throw toCommandError(reason);
  }
}
