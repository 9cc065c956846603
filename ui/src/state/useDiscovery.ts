// The join screen's live data: the classes found on the network (searched
// for only while the screen is open) and the classes joined lately.

import { useEffect, useReducer, useState } from "react";
import * as api from "../api";
import type { RecentClass } from "../api";
import { type DiscoveryState, discoveryReducer, initialDiscovery } from "./discovery";
import { errorText } from "./errors";

/** Looks for classes while `open`; the search stops when it turns false or the screen goes. */
export function useDiscovery(open: boolean): DiscoveryState {
  const [state, dispatch] = useReducer(discoveryReducer, initialDiscovery);
  useEffect(() => {
    if (!open) return;
    return api.watchClasses(
      (event) => dispatch({ type: "event", event }),
      (error) => dispatch({ type: "failed", message: errorText(error) }),
    );
  }, [open]);
  return state;
}

/** The classes joined lately, read again each time the join screen opens. */
export function useRecentClasses(open: boolean): RecentClass[] {
  const [recent, setRecent] = useState<RecentClass[]>([]);
  useEffect(() => {
    if (!open) return;
    let current = true;
    api
      .recentClasses()
      .then((list) => {
        if (current) setRecent(list);
      })
      .catch(() => {
        // Without the list the screen still works: nothing to show.
      });
    return () => {
      current = false;
    };
  }, [open]);
  return recent;
}
