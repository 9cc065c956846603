// Wording for tests of the state layer, which hands out `Text`s: in English
// (`t`, `say`) or any language (`sayIn`). White space is normalised (Intl
// puts narrow no-break spaces in times).
import { createIntl } from "react-intl";
import { type Locale, type MessageId, type Text, type Translate, type Values, text } from "../i18n";
import { CATALOGUES } from "../i18n/catalogues";

/** A `say` in `locale`: words a `Text`; a string is already worded. */
export function sayIn(locale: Locale): (value: Text | string | null | undefined) => string | null {
  const intl = createIntl({ locale, defaultLocale: "en", messages: CATALOGUES[locale] });
  return (value) => {
    if (value === null || value === undefined) return null;
    const worded = typeof value === "string" ? value : intl.formatMessage({ id: value.id }, value.values);
    return worded.replace(/\s/gu, " ");
  };
}

/** Words a `Text` in English. */
export const say = sayIn("en");

const english = createIntl({ locale: "en", messages: CATALOGUES.en });

/** Words a message id in English. */
export const t: Translate = (id: MessageId, values?: Values) => english.formatMessage({ id }, values);

/** An error as the shell reports it (its English sentence, shown as is). */
export function shellError(message: string): Text {
  return text("common.error", { detail: message });
}
