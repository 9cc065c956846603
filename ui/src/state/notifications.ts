// Desktop notifications for messages that arrive while the window is in the
// background. Messages that arrive together (a resume delivering what was
// missed, a busy class) become one notification instead of a burst.

import type { ChatEntry } from "../api";
import type { Translate } from "../i18n";

/** How long to wait for more messages before notifying. */
export const NOTIFY_BATCH_MS = 400;

const BODY_MAX_CHARS = 140;

function shorten(text: string): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  return chars.length <= BODY_MAX_CHARS ? chars.join("") : `${chars.slice(0, BODY_MAX_CHARS - 1).join("")}…`;
}

/** The title and body of the notification for `entries` (oldest first, at least one). */
export function notificationFor(
  entries: readonly ChatEntry[],
  className: string | null,
  t: Translate,
): { title: string; body: string } {
  const last = entries[entries.length - 1];
  if (last === undefined) return { title: className ?? "Classroom", body: "" };
  if (entries.length === 1) {
    const who = last.from.role === "teacher" ? t("chat.notifyTeacher", { name: last.from.name }) : last.from.name;
    return { title: who, body: shorten(last.text) };
  }
  const count = entries.length;
  return {
    title: className ? t("chat.notifyMany", { count, className }) : t("chat.notifyManyNoClass", { count }),
    body: t("chat.announce", { name: last.from.name, text: shorten(last.text) }),
  };
}

/** Collects messages for `NOTIFY_BATCH_MS`, then hands them to `flush` together. */
export class NotificationBatcher {
  readonly #flush: (entries: ChatEntry[]) => void;
  #queue: ChatEntry[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(flush: (entries: ChatEntry[]) => void) {
    this.#flush = flush;
  }

  add(entry: ChatEntry): void {
    this.#queue.push(entry);
    this.#timer ??= setTimeout(() => {
      const entries = this.#queue;
      this.#queue = [];
      this.#timer = null;
      this.#flush(entries);
    }, NOTIFY_BATCH_MS);
  }

  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#queue = [];
  }
}
