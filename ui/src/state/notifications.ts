// Desktop notifications for what happens while the window is in the
// background: messages (those that arrive together, a resume delivering what
// was missed or a busy class, become one notification instead of a burst),
// and for the teacher, a hand that goes up and a student's private question.

import type { ChatEntry } from "../api";
import type { Translate } from "../i18n";

/** How long to wait for more messages before notifying. */
export const NOTIFY_BATCH_MS = 400;

const BODY_MAX_CHARS = 140;

function shorten(text: string): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  return chars.length <= BODY_MAX_CHARS ? chars.join("") : `${chars.slice(0, BODY_MAX_CHARS - 1).join("")}…`;
}

/**
 * The title and body of the notification for `entries` (oldest first, at
 * least one). The sender is named by `nameOf` (their name now, from the
 * list of participants: renamed since, the new one), else by the name the
 * message carries.
 */
export function notificationFor(
  entries: readonly ChatEntry[],
  className: string | null,
  t: Translate,
  nameOf: (id: string) => string | undefined = () => undefined,
): { title: string; body: string } {
  const last = entries[entries.length - 1];
  if (last === undefined) return { title: className ?? "Classroom", body: "" };
  const name = nameOf(last.from.id) ?? last.from.name;
  if (entries.length === 1) {
    const who = last.from.role === "teacher" ? t("chat.notifyTeacher", { name }) : name;
    return { title: who, body: shorten(last.text) };
  }
  const count = entries.length;
  return {
    title: className ? t("chat.notifyMany", { count, className }) : t("chat.notifyManyNoClass", { count }),
    body: t("chat.announce", { name, text: shorten(last.text) }),
  };
}

/** Teacher: the notification for a hand that went up while the window was in the background. */
export function handNotification(name: string, className: string | null, t: Translate): { title: string; body: string } {
  return { title: className ?? "Classroom", body: t("room.announceHandUp", { name }) };
}

/**
 * Teacher: the notification for a student's private question that came
 * while the window was in the background (students never get others').
 */
export function questionNotification(
  name: string,
  question: string,
  className: string | null,
  t: Translate,
): { title: string; body: string } {
  return { title: className ?? "Classroom", body: t("questions.notify", { name, text: shorten(question) }) };
}

/**
 * Characters a notification must not carry from the network: controls (Cc),
 * line and paragraph separators, and the bidi controls that could reorder
 * what it shows. Zero-width joiners stay: emoji sequences need them.
 */
const UNSAFE_SPACES = /[\p{Cc}\u2028\u2029]/gu;
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/** `text` without control characters: breaks become spaces, bidi controls go. */
export function plainText(text: string): string {
  return text.replace(UNSAFE_SPACES, " ").replace(BIDI_CONTROLS, "").replace(/ {2,}/g, " ").trim();
}

/** `text` with `&`, `<` and `>` escaped, for a notification body rendered as markup. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A notification's title and body as the notification server is to get
 * them: both plain text, and the body escaped where the server renders it
 * as markup (`bodyIsMarkup`), so a message such as `<a href="…">click</a>`
 * or `<img src=…>` shows as the text it is. The title is never markup.
 */
export function notificationText(
  title: string,
  body: string,
  bodyIsMarkup: boolean,
): { title: string; body: string } {
  const plainBody = plainText(body);
  return { title: plainText(title), body: bodyIsMarkup ? escapeMarkup(plainBody) : plainBody };
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

  /** Drops the queued messages with these `seq`s (deleted before their notification went out). */
  remove(seqs: Iterable<number>): void {
    const gone = new Set(seqs);
    this.#queue = this.#queue.filter((entry) => !gone.has(entry.seq));
    if (this.#queue.length === 0 && this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#queue = [];
  }
}
