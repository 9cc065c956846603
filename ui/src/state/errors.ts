// What a failed command says, as a `Text` the UI words in the user's
// language. The shell's errors carry a kind and an English sentence; until
// each carries its own code and parameters, the sentence is shown as it is.

import type { CommandError } from "../api";
import { type Text, text } from "../i18n";

/** The sentence to show for a failed command. */
export function errorText(error: CommandError): Text {
  return text("common.error", { detail: error.message });
}
