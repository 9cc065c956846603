// The language provider: react-intl's IntlProvider with the chosen
// catalogue, the chooser's setter, and `useT` for typed message ids.

import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { IntlProvider, useIntl } from "react-intl";
import {
  type Catalogue,
  type Locale,
  type MessageId,
  type Text,
  type Translate,
  type Values,
  pickLocale,
  rememberLocale,
  rememberedLocale,
  startingLocale,
} from ".";
import { catalogue } from "./catalogues";

interface LocaleContextValue {
  locale: Locale;
  /** The user's choice: used at once and remembered. */
  setLocale(locale: Locale): void;
  /**
   * The system's language as the shell reports it (a BCP 47 tag): used
   * when the user has not chosen one, not remembered.
   */
  adoptSystemLocale(tag: string | null | undefined): void;
}

const LocaleContext = createContext<LocaleContextValue>({
  locale: "en",
  setLocale: () => {},
  adoptSystemLocale: () => {},
});

export interface I18nProps {
  children: ReactNode;
  /** Start in this language instead of the remembered or system one. */
  locale?: Locale;
  /** Messages to use instead of the language's (tests: the pseudo-locale). */
  messages?: Catalogue;
}

export function I18n({ children, locale: fixed, messages }: I18nProps) {
  const [locale, setLocaleState] = useState<Locale>(() => fixed ?? startingLocale());
  const setLocale = useCallback((next: Locale) => {
    rememberLocale(next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const adoptSystemLocale = useCallback(
    (tag: string | null | undefined) => {
      if (fixed !== undefined || rememberedLocale() !== null || !tag) return;
      setLocaleState(pickLocale([tag, ...(globalThis.navigator?.languages ?? [])]));
    },
    [fixed],
  );
  const value = useMemo(() => ({ locale, setLocale, adoptSystemLocale }), [locale, setLocale, adoptSystemLocale]);
  const shown = useCatalogue(locale);
  // The browser build's first language is still on its way (a few ms on
  // the school's network): nothing is worded before it is there.
  if (!messages && !shown) return null;
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={shown?.locale ?? locale} defaultLocale="en" messages={messages ?? shown?.messages}>
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

/**
 * The catalogue of `locale` once it is there, with the language it is in:
 * at once in the desktop app; in the browser build, the previous language
 * stays on screen until the next one has arrived, and if it cannot arrive
 * (the network dropped), the page stays in the one it has.
 */
function useCatalogue(locale: Locale): { locale: Locale; messages: Catalogue } | null {
  const found = catalogue(locale);
  const ready = found instanceof Promise ? null : { locale, messages: found };
  const [loaded, setLoaded] = useState<{ locale: Locale; messages: Catalogue } | null>(null);
  useEffect(() => {
    if (!(found instanceof Promise)) return;
    let current = true;
    found.then(
      (messages) => current && setLoaded({ locale, messages }),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [found, locale]);
  return ready ?? loaded;
}

/** The current language and the way to change it (remembered). */
export function useLocale(): LocaleContextValue {
  return useContext(LocaleContext);
}

/** The translator: `t("home.title")`, `t("class.students", { count })`. */
export function useT(): Translate {
  const intl = useIntl();
  return useCallback((id: MessageId, values?: Values) => intl.formatMessage({ id }, values), [intl]);
}

/**
 * Words a sentence from the state layer: a `Text` in the current language,
 * or words that already are words (what the shell said, until its errors
 * come as codes) as they are.
 */
export type Say = (said: Text | string | null | undefined) => string | null;

/** The `Say` of the current language. */
export function useSay(): Say {
  const t = useT();
  return useCallback(
    (said: Text | string | null | undefined) =>
      said === null || said === undefined ? null : typeof said === "string" ? said : t(said.id, said.values),
    [t],
  );
}
