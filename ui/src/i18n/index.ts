// The UI's languages: which one to use (the user's choice on Home,
// remembered; else the system's, from the webview's `navigator.languages`),
// the catalogues (English is the source; every other language has every
// key, checked by i18n.test.ts), and the `Text` descriptors the state layer
// hands to components so that nothing is worded before it is rendered.
//
// Messages are ICU MessageFormat, formatted by react-intl (FormatJS): plurals,
// selects and numbers follow each language's own rules (Intl.PluralRules).
//
// Adding a language: copy en/ to a folder named after its code, translate
// every file, add it to LANGUAGES below and to CATALOGUES in catalogues.ts
// (and catalogues.web.ts); the tests fail until
// every key is there with the same placeholders.

// Types only: the catalogues themselves are loaded by ./catalogues.ts.
import type en from "./en";

/** Every message id; a typo is a type error. */
export type MessageId = keyof typeof en;

/** A catalogue: a sentence for every id. */
export type Catalogue = Record<MessageId, string>;

/** The languages the UI speaks. */
export type Locale = "en" | "es";

/** Each language, named in itself (the chooser shows these). */
export const LANGUAGES: readonly { locale: Locale; name: string }[] = [
  { locale: "en", name: "English" },
  { locale: "es", name: "Español" },
];

/** Values a message's placeholders take. */
export type Values = Record<string, string | number | Date>;

/** A sentence to show, not yet worded: the state layer's currency. */
export interface Text {
  id: MessageId;
  values?: Values;
}

/** A `Text`. */
export function text(id: MessageId, values?: Values): Text {
  return values === undefined ? { id } : { id, values };
}

/** Words a message id in the current language. */
export type Translate = (id: MessageId, values?: Values) => string;

const STORAGE_KEY = "classroom.locale";

function isLocale(value: unknown): value is Locale {
  return value === "en" || value === "es";
}

/** The first of `preferred` (BCP 47 tags, best first) the UI speaks; English otherwise. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const language = tag.toLowerCase().split(/[-_]/)[0];
    if (isLocale(language)) return language;
  }
  return "en";
}

/** The language chosen on Home before, if any. */
export function rememberedLocale(): Locale | null {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

/** Keeps the user's choice for the next start. */
export function rememberLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered: the system's language is used next time.
  }
}

/** The language to start in: the user's choice, else the system's. */
export function startingLocale(): Locale {
  return rememberedLocale() ?? pickLocale(globalThis.navigator?.languages ?? []);
}
