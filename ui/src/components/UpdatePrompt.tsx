// The app's own updates on Home: the prompt when a newer version is found
// ("Classroom 1.3.0 is available" · Install and restart · Not now, with the
// release's notes behind "What's new"), and the "Check for updates" box for
// Home's footer. They render the views updates.ts makes and report intents;
// every word comes from the catalogues (home.update*).

import { useId, useRef } from "react";
import { useSay, useT } from "../i18n/I18n";
import type { UpdatePromptView, UpdateSettingView } from "../state/updates";
import "./UpdatePrompt.css";

export interface UpdatePromptProps {
  /** What to offer; null: nothing (up to date, checks off, declined). */
  prompt: UpdatePromptView | null;
  onInstall(): void;
  onDismiss(): void;
}

/**
 * The offer of a newer version. Its region is always there (empty when
 * nothing is offered), so a screen reader announces the offer when it
 * arrives, and Not now leaves the focus at the same place in the page.
 */
export function UpdatePrompt({ prompt, onInstall, onDismiss }: UpdatePromptProps) {
  const id = useId();
  const t = useT();
  const words = useSay();
  const region = useRef<HTMLDivElement>(null);
  const dismiss = () => {
    onDismiss();
    region.current?.focus();
  };
  return (
    <div ref={region} className="update-region" aria-live="polite" tabIndex={-1}>
      {prompt ? (
        <section className="update-prompt" aria-labelledby={`${id}-title`}>
          <p id={`${id}-title`} className="update-prompt__title">
            {t("home.updateAvailable", { version: prompt.version })}
          </p>
          {prompt.notes ? (
            <details className="update-prompt__notes">
              <summary>{t("home.updateNotes")}</summary>
              <p className="update-prompt__notes-text" dir="auto">
                {prompt.notes}
              </p>
            </details>
          ) : null}
          {prompt.installing ? (
            <p className="update-prompt__status" role="status">
              <span className="spinner" aria-hidden="true" />
              {t("home.updateInstalling", { version: prompt.version })}
            </p>
          ) : null}
          {prompt.error ? (
            <p className="update-prompt__error" role="alert">
              {words(prompt.error)}
            </p>
          ) : null}
          <div className="update-prompt__actions">
            <button
              type="button"
              className="button button--primary button--small"
              disabled={prompt.installing}
              onClick={onInstall}
            >
              {t("home.updateInstall")}
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={prompt.installing}
              onClick={dismiss}
            >
              {t("home.updateLater")}
            </button>
          </div>
        </section>
      ) : null}
    </div>
  );
}

export interface UpdateSettingProps {
  /** The box; null in builds that cannot update themselves (no box). */
  setting: UpdateSettingView | null;
  onChange(check: boolean): void;
}

/** "Check for updates", kept on this computer; locked off by the administrator or a flag, with why. */
export function UpdateSetting({ setting, onChange }: UpdateSettingProps) {
  const id = useId();
  const t = useT();
  const words = useSay();
  if (setting === null) return null;
  const described = [setting.note ? `${id}-note` : "", setting.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className="update-setting">
      <label className="update-setting__label">
        <input
          type="checkbox"
          checked={setting.checked}
          disabled={setting.disabled || setting.saving}
          aria-describedby={described || undefined}
          onChange={(event) => onChange(event.target.checked)}
        />
        {t("home.updateCheck")}
      </label>
      {setting.note ? (
        <p id={`${id}-note`} className="update-setting__note">
          {words(setting.note)}
        </p>
      ) : null}
      {setting.error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {words(setting.error)}
        </p>
      ) : null}
    </div>
  );
}
