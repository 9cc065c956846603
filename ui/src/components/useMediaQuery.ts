// Whether the page matches a CSS media query, following it as it changes:
// for what a style sheet alone cannot do at a breakpoint (making the page
// behind the phone's full-screen chat inert).

import { useCallback, useSyncExternalStore } from "react";

function matching(query: string): MediaQueryList | null {
  // Not every environment has it (a test's DOM): it then never matches.
  return typeof window.matchMedia === "function" ? window.matchMedia(query) : null;
}

/** Whether `query` matches now; the component renders again when that changes. */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (changed: () => void) => {
      const list = matching(query);
      list?.addEventListener("change", changed);
      return () => list?.removeEventListener("change", changed);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => matching(query)?.matches ?? false,
    () => false,
  );
}
