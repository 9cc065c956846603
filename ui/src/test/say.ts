// Words `Text` descriptors outside React, as the UI would in a language:
// for tests of the state modules, which return descriptors, not words.
// White space is normalised (Intl puts narrow no-break spaces in times).

import { createIntl } from "react-intl";
import { CATALOGUES, type Locale, type Text } from "../i18n";

export function sayIn(locale: Locale): (text: Text | null | undefined) => string | null {
  const intl = createIntl({ locale, defaultLocale: "en", messages: CATALOGUES[locale] });
  return (text) => (text == null ? null : intl.formatMessage({ id: text.id }, text.values).replace(/\s/gu, " "));
}

/** In English. */
export const say = sayIn("en");
