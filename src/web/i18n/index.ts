import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../../common/domain';
import { NAMESPACES, RESOURCES } from './resources';

/**
 * The UI's language (docs/decisions/021-languages.md): the person's profile language, else one chosen on this
 * device on the sign-in page, else the browser's, else the organisation's default. Words live in
 * locales/<language>/<namespace>.json, one namespace per feature; plurals use i18next's `_one` / `_other`
 * suffixes (CLDR categories through Intl.PluralRules) and dates and numbers go through Intl.
 */

/** A language chosen on the sign-in page, kept on this device until the person signs in with a profile language. */
const CHOSEN_KEY = 'roster.language';

/** The first tag (such as `fr-CA`) whose base language Roster speaks. */
export function pickLanguage(...tags: (string | null | undefined)[]): Language | null {
  for (const tag of tags) {
    const base = tag?.toLowerCase().split(/[-_]/)[0];
    if ((LANGUAGES as readonly string[]).includes(base ?? '')) return base as Language;
  }
  return null;
}

const browserLanguages = () => (typeof navigator === 'undefined' ? [] : [...navigator.languages]);
const chosenHere = () => {
  try {
    return localStorage.getItem(CHOSEN_KEY);
  } catch {
    return null;
  }
};

/** Applies the rule above; `profile` and `organisationDefault` are known once the session and options load. */
export function resolveLanguage(profile?: string | null, organisationDefault?: string | null): Language {
  return pickLanguage(profile, chosenHere(), ...browserLanguages(), organisationDefault) ?? 'en';
}

export function applyLanguage(language: Language): void {
  if (i18next.language !== language) void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

/** The locale for Intl: the browser's own variant of the UI's language (en-GB, fr-CA…) when it has one. */
export function intlLocale(): string {
  const language = i18next.language;
  return browserLanguages().find((tag) => pickLanguage(tag) === language) ?? language;
}

/** The sign-in page's switch: remembered on this device. */
export function chooseLanguage(language: Language): void {
  try {
    localStorage.setItem(CHOSEN_KEY, language);
  } catch {
    // Private browsing without storage: the choice lasts this page.
  }
  applyLanguage(language);
}

/** The language's own name, for switches (shown in that language so a reader can find theirs). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', de: 'Deutsch' };

void i18next.use(initReactI18next).init({
  resources: RESOURCES,
  lng: resolveLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  ns: [...NAMESPACES],
  defaultNS: 'common',
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language;

export { i18next };
