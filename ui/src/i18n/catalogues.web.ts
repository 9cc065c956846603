// The browser build's catalogues (in place of ./catalogues.ts): each
// language is its own file of the build, fetched when the page first
// speaks it, so the page loads one language, not all of them.

import type { Catalogue, Locale } from ".";

const loading = new Map<Locale, Promise<Catalogue>>();

/** A language's catalogue, fetched once. */
export function catalogue(locale: Locale): Promise<Catalogue> {
  let found = loading.get(locale);
  if (!found) {
    found = (locale === "es" ? import("./es") : import("./en")).then((module) => module.default);
    // A failed fetch (the network dropped) is tried again next time.
    found.catch(() => loading.delete(locale));
    loading.set(locale, found);
  }
  return found;
}
