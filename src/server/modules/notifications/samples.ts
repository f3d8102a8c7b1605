import { FORMATS, type Lang } from '../mail/i18n';
import { linkTo } from '../mail/links';

/** Sample values of every template variable, for the mail templates' preview and "send me a test". */
export function sampleValues(lang: Lang, org: string): Record<string, string> {
  const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000);
  const date = FORMATS[lang].date(inTwoWeeks);
  const fr = lang === 'fr';
  return {
    firstName: fr ? 'Camille' : 'Alex',
    org,
    url: linkTo('/example'),
    expiresOn: date,
    validFor: FORMATS[lang].hours(2),
    team: fr ? 'Conception' : 'Design',
    reportName: 'Sam Example',
    reason: fr ? `son accès prend fin le ${date}` : `their access ends on ${date}`,
    until: fr ? `jusqu’au ${date}` : `until ${date}`,
    changedAt: date,
    device: 'Firefox on Linux',
    signedInAt: date,
    pendingSignups: '2',
    failedImports: '1',
    scimErrors: '0',
    webhooksDisabled: '0',
  };
}
