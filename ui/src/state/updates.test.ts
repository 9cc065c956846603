import { describe, expect, it } from "vitest";
import type { UpdateInfo, UpdateSettings } from "../api";
import { text } from "../i18n";
import {
  type UpdatesAction,
  type UpdatesState,
  checksOn,
  initialUpdates,
  shouldCheck,
  updatePrompt,
  updateSetting,
  updatesReducer,
} from "./updates";

const release: UpdateInfo = { version: "1.3.0", notes: "Polls.", date: "2026-12-01T10:00:00Z" };
const on: UpdateSettings = { available: true, check: true, locked: null };
const refused = text("error.updateSignatureInvalid");

function run(...actions: UpdatesAction[]): UpdatesState {
  return actions.reduce(updatesReducer, initialUpdates);
}

describe("when to look for an update", () => {
  it("looks only once the settings say checks are on, until something is offered or declined", () => {
    expect(shouldCheck(initialUpdates)).toBe(false);
    expect(shouldCheck(run({ type: "settingsRead", settings: on }))).toBe(true);
    expect(shouldCheck(run({ type: "settingsRead", settings: on }, { type: "checked", update: null }))).toBe(true);
    expect(shouldCheck(run({ type: "settingsRead", settings: on }, { type: "checked", update: release }))).toBe(false);
    expect(shouldCheck(run({ type: "settingsRead", settings: on }, { type: "dismissed" }))).toBe(false);
  });

  it("never looks in a build without an update server, when the teacher said no, or when locked off", () => {
    expect(checksOn({ ...on, available: false })).toBe(false);
    expect(checksOn({ ...on, check: false })).toBe(false);
    expect(checksOn({ ...on, locked: "flag" })).toBe(false);
    expect(checksOn({ ...on, locked: "administrator" })).toBe(false);
    expect(checksOn(on)).toBe(true);
    expect(checksOn(null)).toBe(false);
  });
});

describe("the prompt", () => {
  it("shows nothing until a newer version is found, and nothing when up to date", () => {
    expect(updatePrompt(run({ type: "settingsRead", settings: on }))).toBeNull();
    expect(updatePrompt(run({ type: "settingsRead", settings: on }, { type: "checked", update: null }))).toBeNull();
  });

  it("offers the version found, with its notes", () => {
    expect(updatePrompt(run({ type: "checked", update: release }))).toEqual({
      version: "1.3.0",
      notes: "Polls.",
      installing: false,
      error: null,
    });
  });

  it("goes for the rest of the run on Not now", () => {
    expect(updatePrompt(run({ type: "checked", update: release }, { type: "dismissed" }))).toBeNull();
  });

  it("says it is installing, then why installing failed, and can be tried again", () => {
    const installing = run({ type: "checked", update: release }, { type: "installStarted" });
    expect(updatePrompt(installing)).toMatchObject({ installing: true, error: null });
    const failed = updatesReducer(installing, { type: "installFailed", message: refused });
    expect(updatePrompt(failed)).toMatchObject({ version: "1.3.0", installing: false, error: refused });
    expect(updatePrompt(updatesReducer(failed, { type: "installStarted" }))).toMatchObject({
      installing: true,
      error: null,
    });
  });

  it("keeps the version being installed if a later look answers meanwhile", () => {
    const installing = run({ type: "checked", update: release }, { type: "installStarted" });
    expect(updatesReducer(installing, { type: "checked", update: null })).toBe(installing);
  });

  it("goes when the teacher turns checks off", () => {
    const offered = run({ type: "settingsRead", settings: on }, { type: "checked", update: release });
    const off = updatesReducer(offered, { type: "settingSaved", settings: { ...on, check: false } });
    expect(updatePrompt(off)).toBeNull();
    const stillOn = updatesReducer(offered, { type: "settingSaved", settings: on });
    expect(updatePrompt(stillOn)?.version).toBe("1.3.0");
  });
});

describe("the Check for updates box", () => {
  it("is not there until read, nor in a build that cannot update itself", () => {
    expect(updateSetting(initialUpdates)).toBeNull();
    expect(updateSetting(run({ type: "settingsRead", settings: { ...on, available: false } }))).toBeNull();
  });

  it("shows the teacher's choice", () => {
    expect(updateSetting(run({ type: "settingsRead", settings: on }))).toEqual({
      checked: true,
      disabled: false,
      note: null,
      saving: false,
      error: null,
    });
    expect(updateSetting(run({ type: "settingsRead", settings: { ...on, check: false } }))?.checked).toBe(false);
  });

  it("is off and locked, saying why, when the administrator or a flag turned checks off", () => {
    expect(updateSetting(run({ type: "settingsRead", settings: { ...on, locked: "administrator" } }))).toMatchObject({
      checked: false,
      disabled: true,
      note: text("home.updateLockedAdministrator"),
    });
    expect(updateSetting(run({ type: "settingsRead", settings: { ...on, locked: "flag" } }))).toMatchObject({
      checked: false,
      disabled: true,
      note: text("home.updateLockedFlag"),
    });
  });

  it("waits while saving, then shows the saved value or why it failed", () => {
    const saving = run({ type: "settingsRead", settings: on }, { type: "settingStarted" });
    expect(updateSetting(saving)?.saving).toBe(true);
    const saved = updatesReducer(saving, { type: "settingSaved", settings: { ...on, check: false } });
    expect(updateSetting(saved)).toMatchObject({ checked: false, saving: false });
    const failed = updatesReducer(saving, { type: "settingFailed", message: text("error.io", { detail: "denied" }) });
    expect(updateSetting(failed)).toMatchObject({ checked: true, saving: false, error: text("error.io", { detail: "denied" }) });
  });
});
