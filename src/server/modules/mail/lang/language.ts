import { fill } from '../fill';
import type { LanguageWords, MailLanguage, Plural } from './types';

const plural = (forms: Plural, count: number) => (count === 1 ? forms.one : forms.other);
/** A seat count, "of {limit}" only when there is a limit. */
const seats = (forms: { seats: string; seatsOf: string }, used: string, limit: string | null) =>
  limit === null ? fill(forms.seats, { used }) : fill(forms.seatsOf, { used, limit });

/** A language's mail from its words (en.json, fr.json, de.json): the sentences with values fill their placeholders. */
export function mailLanguage(words: LanguageWords): MailLanguage {
  const { phrases, report } = words;
  return {
    locale: words.locale,
    hours: (n) => fill(plural(words.hours, n), { n: String(n) }),
    noName: words.noName,
    phrases: {
      accountDeactivated: phrases.accountDeactivated,
      accessEndsOn: (date) => fill(phrases.accessEndsOn, { date }),
      until: (date) => (date ? fill(phrases.until, { date }) : phrases.untilFurtherNotice),
    },
    report: {
      names: report.names,
      subject: (name, cadence) => fill(report.subject[cadence], { name }),
      heading: (name, cadence) => fill(report.heading[cadence], { name }),
      open: report.open,
      csv: report.csv,
      linkLine: (label, url) => fill(report.linkLine, { label, url }),
      why: report.why,
      summary: {
        seats: (used, limit) => seats(report.summary, used, limit),
        people: (total, confirmed, pending, deactivated) =>
          fill(report.summary.people, { total, confirmed, pending, deactivated }),
        pendingOver7Days: (n) => fill(report.summary.pendingOver7Days, { n }),
        endingWithin30Days: (n) => fill(report.summary.endingWithin30Days, { n }),
      },
      inactive: (count, n, days) => fill(plural(report.inactive, count), { n, days }),
      pending: {
        total: (total, under7, to30, to90, over90) => fill(report.pending.total, { total, under7, to30, to90, over90 }),
        linksExpired: (n) => fill(report.pending.linksExpired, { n }),
      },
      movements: (month, joiners, leavers) => fill(report.movements, { month, joiners, leavers }),
      forecast: {
        seats: (used, limit) => seats(report.forecast, used, limit),
        passesOn: (date) => fill(report.forecast.passesOn, { date }),
        within: (days) => fill(report.forecast.within, { days }),
      },
    },
    samples: words.samples,
    mail: words.mail,
  };
}
