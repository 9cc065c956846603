// Tells the teacher when someone may be guessing the class code, with one
// button for a new code; then says what the new code is. Rendered inside a
// slot that stays mounted (role="alert"), so the warning is announced when
// it comes.

import { useState } from "react";
import { useT } from "../i18n/I18n";
import type { CodeAlert as Alert } from "../state/view";

export interface CodeAlertProps {
  alert: Alert | null;
  onChangeCode(): Promise<void> | void;
  onDismiss(): void;
}

/** "731064" as the screen shows it, "731 064"; other codes whole. */
function grouped(code: string): string {
  return /^\d{6}$/.test(code) ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

export function CodeAlert({ alert, onChangeCode, onDismiss }: CodeAlertProps) {
  const t = useT();
  const [changing, setChanging] = useState(false);
  if (alert === null) return null;

  const change = async () => {
    setChanging(true);
    try {
      await onChangeCode();
    } finally {
      setChanging(false);
    }
  };

  if (alert.kind === "changed") {
    return (
      <div className="banner banner--info code-alert">
        <p className="banner__text">{t("class.codeChanged", { code: grouped(alert.code) })}</p>
        <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
          {t("common.dismiss")}
        </button>
      </div>
    );
  }
  return (
    <div className="banner banner--warning code-alert">
      <div className="banner__text">
        <p>{t("class.guessing", { count: alert.wrongCodes })}</p>
        <p className="code-alert__advice">{t("class.guessingAdvice")}</p>
      </div>
      <div className="code-alert__actions">
        <button type="button" className="button button--primary button--small" disabled={changing} onClick={() => void change()}>
          {t(changing ? "class.changingCode" : "class.changeCode")}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
          {t("common.dismiss")}
        </button>
      </div>
    </div>
  );
}
