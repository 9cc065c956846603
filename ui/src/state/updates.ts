// The app's own updates, as Home shows them: a newer version offered (found
// by the shell on its update server, only while Home is up and no class is
// open), the teacher's answer (Install and restart, or Not now for this
// run), and the "Check for updates" setting. A pure reducer and what the
// screens show; no React, no Tauri (the hook is useUpdates.ts). Tested in
// updates.test.ts.
//
// Quiet on purpose: looking for an update never shows ("Checking…" would be
// noise on every start), and neither does a failed look (a classroom
// network is often offline). Only the teacher's own action, installing,
// reports failure.

import type { UpdateInfo, UpdateSettings } from "../api";
import { type Text, text } from "../i18n";

export interface UpdatesState {
  /** The setting as the shell last said it; null until read. */
  settings: UpdateSettings | null;
  /** The newer version found; null: none (or not looked for yet). */
  offered: UpdateInfo | null;
  /** The teacher said Not now: nothing more is offered in this run. */
  dismissed: boolean;
  /** The update is being downloaded, verified and installed (then the app restarts). */
  installing: boolean;
  /** Why installing failed; nothing was installed. */
  installError: Text | null;
  /** The setting is being saved. */
  saving: boolean;
  /** Why saving the setting failed. */
  settingError: Text | null;
}

export type UpdatesAction =
  | { type: "settingsRead"; settings: UpdateSettings }
  /** A look at the update server answered (null: up to date, or checks are off). */
  | { type: "checked"; update: UpdateInfo | null }
  | { type: "dismissed" }
  | { type: "installStarted" }
  | { type: "installFailed"; message: Text }
  | { type: "settingStarted" }
  | { type: "settingSaved"; settings: UpdateSettings }
  | { type: "settingFailed"; message: Text };

export const initialUpdates: UpdatesState = {
  settings: null,
  offered: null,
  dismissed: false,
  installing: false,
  installError: null,
  saving: false,
  settingError: null,
};

export function updatesReducer(state: UpdatesState, action: UpdatesAction): UpdatesState {
  switch (action.type) {
    case "settingsRead":
      return { ...state, settings: action.settings };
    case "checked":
      // An install under way keeps the version it is installing.
      return state.installing ? state : { ...state, offered: action.update, installError: null };
    case "dismissed":
      return { ...state, dismissed: true, installError: null };
    case "installStarted":
      return { ...state, installing: true, installError: null };
    case "installFailed":
      return { ...state, installing: false, installError: action.message };
    case "settingStarted":
      return { ...state, saving: true, settingError: null };
    case "settingSaved":
      return {
        ...state,
        settings: action.settings,
        saving: false,
        // Turned off: what was offered goes too (the shell forgot it).
        offered: checksOn(action.settings) ? state.offered : null,
      };
    case "settingFailed":
      return { ...state, saving: false, settingError: action.message };
  }
}

/** Whether the shell looks for updates at all with these settings. */
export function checksOn(settings: UpdateSettings | null): boolean {
  return settings !== null && settings.available && settings.check && settings.locked === null;
}

/** Whether to ask the shell for an update now (Home is up): checks are on and nothing is offered or declined. */
export function shouldCheck(state: UpdatesState): boolean {
  return checksOn(state.settings) && state.offered === null && !state.dismissed;
}

/** What the prompt on Home shows; null: no prompt. */
export interface UpdatePromptView {
  version: string;
  /** The release's notes, shown as plain text; null when it has none. */
  notes: string | null;
  installing: boolean;
  error: Text | null;
}

export function updatePrompt(state: UpdatesState): UpdatePromptView | null {
  const { offered } = state;
  if (offered === null || state.dismissed) return null;
  return { version: offered.version, notes: offered.notes, installing: state.installing, error: state.installError };
}

/** The "Check for updates" box; null in builds that cannot update themselves (no box at all). */
export interface UpdateSettingView {
  checked: boolean;
  /** Locked off by the administrator or a flag: the box cannot be changed. */
  disabled: boolean;
  /** Why it is locked, or null. */
  note: Text | null;
  saving: boolean;
  error: Text | null;
}

export function updateSetting(state: UpdatesState): UpdateSettingView | null {
  const { settings } = state;
  if (settings === null || !settings.available) return null;
  const note =
    settings.locked === "flag"
      ? text("home.updateLockedFlag")
      : settings.locked === "administrator"
        ? text("home.updateLockedAdministrator")
        : null;
  return {
    checked: settings.check && settings.locked === null,
    disabled: settings.locked !== null,
    note,
    saving: state.saving,
    error: state.settingError,
  };
}
