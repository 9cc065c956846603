// The app's own updates, wired to the shell: the setting read once, a look
// for a newer version each time Home comes up (never while a class is open
// or opening), and the teacher's answers. The rules are in updates.ts.

import { useCallback, useEffect, useReducer } from "react";
import * as api from "../api";
import { errorText } from "./errors";
import { type UpdatesState, initialUpdates, shouldCheck, updatesReducer } from "./updates";

export interface Updates {
  state: UpdatesState;
  /** Install and restart: download, verify, install, then the app restarts. */
  install(): void;
  /** Not now: nothing more is offered in this run. */
  dismiss(): void;
  /** The "Check for updates" box. */
  setCheck(check: boolean): void;
}

/** Looks for an update while `home` (Home is up and no class is open or opening). */
export function useUpdates(home: boolean): Updates {
  const [state, dispatch] = useReducer(updatesReducer, initialUpdates);

  useEffect(() => {
    let current = true;
    api
      .updateSettings()
      .then((settings) => {
        if (current) dispatch({ type: "settingsRead", settings });
      })
      .catch(() => {
        // Without the settings nothing is looked for, and no box is shown.
      });
    return () => {
      current = false;
    };
  }, []);

  const look = home && shouldCheck(state);
  useEffect(() => {
    if (!look) return;
    let current = true;
    api
      .checkUpdate()
      .then((update) => {
        // A class may have started meanwhile: then this answer is old news.
        if (current) dispatch({ type: "checked", update });
      })
      .catch(() => {
        // Quiet: the update server is often out of reach from a classroom.
      });
    return () => {
      current = false;
    };
  }, [look]);

  const install = useCallback(() => {
    dispatch({ type: "installStarted" });
    api.installUpdate().catch((error: unknown) => {
      dispatch({ type: "installFailed", message: errorText(api.toCommandError(error)) });
    });
    // On success the app restarts into the new version: nothing more to do.
  }, []);

  const dismiss = useCallback(() => dispatch({ type: "dismissed" }), []);

  const setCheck = useCallback((check: boolean) => {
    dispatch({ type: "settingStarted" });
    api
      .setUpdateCheck(check)
      .then((settings) => dispatch({ type: "settingSaved", settings }))
      .catch((error: unknown) => {
        dispatch({ type: "settingFailed", message: errorText(api.toCommandError(error)) });
      });
  }, []);

  return { state, install, dismiss, setCheck };
}
