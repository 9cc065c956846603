// Where the UI's catalogues come from. The desktop app has every language
// in its bundle (read from the app's own files, nothing to wait for). The
// browser build swaps in ./catalogues.web.ts (see ui/vite.web.config.ts),
// which fetches only the language the student's page speaks: the page
// students load on the school's network stays small.

import type { Catalogue, Locale } from ".";
import en from "./en";
import es from "./es";

/** Every language's catalogue. */
export const CATALOGUES: Record<Locale, Catalogue> = { en, es };

/** A language's catalogue: at once here; a promise in the browser build. */
export function catalogue(locale: Locale): Catalogue | Promise<Catalogue> {
  return CATALOGUES[locale];
}

type Satisfies<T extends U, U> = [T, U];

/** Compile-time proof that ./catalogues.web.ts can stand in for this module (a type error otherwise). */
export type WebCataloguesStandIn = Satisfies<typeof import("./catalogues.web").catalogue, typeof catalogue>;
