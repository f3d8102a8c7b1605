import { FORMATS, phrasesIn, samplesIn, type Lang } from '../mail/i18n';
import { linkTo } from '../mail/links';

/** Sample values of every template variable, for the mail templates' preview and "send me a test". */
export function sampleValues(lang: Lang, org: string): Record<string, string> {
  const date = FORMATS[lang].date(new Date(Date.now() + 14 * 86_400_000));
  const { firstName, team } = samplesIn(lang);
  return {
    firstName,
    org,
    url: linkTo('/example'),
    expiresOn: date,
    validFor: FORMATS[lang].hours(2),
    team,
    reportName: 'Sam Example',
    reason: phrasesIn(lang).accessEndsOn(date),
    until: phrasesIn(lang).until(date),
    changedAt: date,
    device: 'Firefox on Linux',
    signedInAt: date,
    pendingSignups: '2',
    failedImports: '1',
    scimErrors: '0',
    webhooksDisabled: '0',
    webhookUrl: 'https://hooks.example.com/roster',
    since: date,
  };
}
