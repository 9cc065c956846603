// Words a sentence from the state layer: a `Text` in the UI's language, or
// words that already are words (what the shell said, until its errors come
// as codes) as they are.

import { useCallback } from "react";
import type { Text } from "../i18n";
import { useSay } from "../i18n/I18n";

export type Words = (said: string | Text | null | undefined) => string | null;

export function useWords(): Words {
  const say = useSay();
  return useCallback(
    (said: string | Text | null | undefined) => (said == null ? null : typeof said === "string" ? said : say(said)),
    [say],
  );
}
