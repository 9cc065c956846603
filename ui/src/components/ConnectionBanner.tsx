// The connection's state in words: connecting, reconnecting (with the
// attempt), or why the class closed, with the way back to Home.

import { useT } from "../i18n/I18n";
import type { BannerView } from "../state/view";
import "./ConnectionBanner.css";

export interface ConnectionBannerProps {
  banner: BannerView | null;
  onBackToHome(): void;
}

export function ConnectionBanner({ banner, onBackToHome }: ConnectionBannerProps) {
  const t = useT();
  // Both live regions stay mounted so that a change of text is announced:
  // progress politely, the end of the class at once.
  const progress = banner !== null && !banner.closed ? banner : null;
  const closed = banner?.closed ? banner : null;
  return (
    <>
      <div className="banner-slot" role="status">
        {progress ? (
          <div className={`banner banner--${progress.tone}`}>
            <span className="spinner" aria-hidden="true" />
            <p className="banner__text">{t(progress.text.id, progress.text.values)}</p>
          </div>
        ) : null}
      </div>
      <div className="banner-slot" role="alert">
        {closed ? (
          <div className={`banner banner--${closed.tone}`}>
            <p className="banner__text">{t(closed.text.id, closed.text.values)}</p>
            <button type="button" className="button button--secondary button--small" onClick={onBackToHome}>
              {t("class.backToHome")}
            </button>
          </div>
        ) : null}
      </div>
    </>
  );
}
