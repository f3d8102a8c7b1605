/**
 * The words of every email, per language (lang/en.json, fr.json, de.json), and how each language writes dates and
 * durations. A template is a subject, paragraphs, an optional button (label + link) and a closing line;
 * `{name}` placeholders are filled by templates.ts. Add a language to LANGUAGES (common/domain.ts) and a file
 * here: every kind must be present (the type checks it).
 */
import { LANGUAGES, type Language } from '../../../common/domain';
import { MAIL_KINDS, type LanguageWords, type MailKind, type MailLanguage, type Wording } from './lang/types';
import { mailLanguage } from './lang/language';
import en from './lang/en.json';
import fr from './lang/fr.json';
import de from './lang/de.json';

export { LANGUAGES, MAIL_KINDS, type MailKind, type Wording };
export type Lang = Language;

/** Each language's words as its file holds them. */
export const WORDS: Record<Lang, LanguageWords> = { en, fr, de };
const BY_LANGUAGE = Object.fromEntries(LANGUAGES.map((l) => [l, mailLanguage(WORDS[l])])) as Record<Lang, MailLanguage>;

export const WORDING = Object.fromEntries(LANGUAGES.map((l) => [l, BY_LANGUAGE[l].mail])) as Record<
  Lang,
  Record<MailKind, Wording>
>;

/** Sentences other modules put into a kind's variables, and the preview's sample names. */
export const phrasesIn = (lang: Lang) => BY_LANGUAGE[lang].phrases;
export const samplesIn = (lang: Lang) => BY_LANGUAGE[lang].samples;
export const noNameIn = (lang: Lang) => BY_LANGUAGE[lang].noName;
/** The scheduled report mail's words, and the locale its numbers and dates are written in. */
export const reportWordsIn = (lang: Lang) => ({ ...BY_LANGUAGE[lang].report, locale: BY_LANGUAGE[lang].locale });

const DAY = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } as const;

/** Durations, dates, and dates with a time (in UTC, named) as each language writes them. */
export const FORMATS = Object.fromEntries(
  LANGUAGES.map((l) => {
    const { locale, hours } = BY_LANGUAGE[l];
    return [
      l,
      {
        hours,
        date: (d: Date) => d.toLocaleDateString(locale, DAY),
        dateTime: (d: Date) =>
          d.toLocaleString(locale, { ...DAY, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }),
      },
    ];
  }),
) as Record<Lang, { hours: (n: number) => string; date: (d: Date) => string; dateTime: (d: Date) => string }>;

/**
 * The language to write to someone in: theirs (`fr`, `fr-CA`, `DE`, …) when Roster speaks it, else the
 * organisation's default language (settings `defaultLanguage`).
 */
export function pickLang(language: string | null | undefined, orgDefault: Lang): Lang {
  const base = language?.toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Lang) : orgDefault;
}
