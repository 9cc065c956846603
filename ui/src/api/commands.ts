// The typed transport to the Rust shell: `call` takes a command name from
// the generated table (`./generated/commands`, made from the shell's
// `#[tauri::command]` functions) with exactly that command's arguments, and
// resolves with its result type. A misspelt command or argument name is a
// type error. Failures arrive as `CommandError`s.

import { type InvokeArgs, invoke } from "@tauri-apps/api/core";
import type { Commands } from "./generated/commands";
import { toCommandError } from "./errors";

export { CommandError, toCommandError } from "./errors";
export type { Params } from "./errors";

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
