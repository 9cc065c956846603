// An error from a class command (remove, end, leave), dismissible.

import type { Text } from "../i18n";
import { useT } from "../i18n/I18n";

export interface NoticeProps {
  message: Text | null;
  onDismiss(): void;
}

export function Notice({ message, onDismiss }: NoticeProps) {
  const t = useT();
  if (message === null) return null;
  return (
    <div className="alert" role="alert">
      <p className="alert__text">{t(message.id, message.values)}</p>
      <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
        {t("common.dismiss")}
      </button>
    </div>
  );
}
