// The list of classes found on the local network, built from the shell's
// `ClassEvent`s by a pure reducer, and how the join screen shows each class.
// No React and no Tauri here; tested in discovery.test.ts.

import type { ClassEvent, DiscoveredClass } from "../api";
import { type Text, text } from "../i18n";

export interface DiscoveryState {
  /** Classes to list: ones this app can join first, then by name. */
  classes: DiscoveredClass[];
  /** Still looking (the list updates live). */
  searching: boolean;
  /** Why the search stopped or could not start, when it did. */
  problem: Text | null;
}

export type DiscoveryAction =
  | { type: "event"; event: ClassEvent }
  /** The search could not start (mDNS unavailable here). */
  | { type: "failed"; message: Text };

export const initialDiscovery: DiscoveryState = { classes: [], searching: true, problem: null };

const sameId = (a: DiscoveredClass, b: DiscoveredClass) => a.id.toLowerCase() === b.id.toLowerCase();

function sorted(classes: DiscoveredClass[]): DiscoveredClass[] {
  return [...classes].sort((a, b) => {
    const rank = Number(!canJoin(a)) - Number(!canJoin(b));
    return rank !== 0 ? rank : a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  });
}

export function discoveryReducer(state: DiscoveryState, action: DiscoveryAction): DiscoveryState {
  if (action.type === "failed") return { ...state, searching: false, problem: action.message };
  const { event } = action;
  switch (event.kind) {
    case "snapshot":
      return { classes: sorted(event.data), searching: true, problem: null };
    case "appeared":
    case "updated": {
      const others = state.classes.filter((c) => !sameId(c, event.data));
      return { ...state, classes: sorted([...others, event.data]) };
    }
    case "removed": {
      const classes = state.classes.filter((c) => !sameId(c, event.data));
      return classes.length === state.classes.length ? state : { ...state, classes };
    }
    case "stopped":
      return {
        ...state,
        searching: false,
        problem:
          event.data.code === undefined
            ? text("common.error", { detail: event.data.reason })
            : text(`browse.${event.data.code}`),
      };
  }
}

/** Whether an address can go in a URL (link-local IPv6 cannot say its interface). */
function usable(address: string): boolean {
  return !address.toLowerCase().startsWith("fe80:");
}

/** Whether this app can join the class now: it speaks our protocol and has an address to try. */
export function canJoin(c: DiscoveredClass): boolean {
  return c.compatibility === "supported" && c.addresses.some(usable);
}

/** The short note beside a class's name in the list, if there is one to make. */
export function classNote(c: DiscoveredClass): Text | null {
  if (c.compatibility !== "supported") return text("home.noteNewerApp");
  if (!c.addresses.some(usable)) return text("home.noteFindingAddress");
  if (c.code_required === true) return text("home.noteCodeRequired");
  if (c.code_required === false) return text("home.noteNoCode");
  return null;
}

/** The class with this id in the list, if it is still there. */
export function findClass(state: DiscoveryState, id: string | null): DiscoveredClass | null {
  if (id === null) return null;
  const wanted = id.toLowerCase();
  return state.classes.find((c) => c.id.toLowerCase() === wanted) ?? null;
}
