import { pickLang } from '../mail/i18n';
import { linkTo } from '../mail/links';
import type { Recipient, Rendered } from '../mail/templates';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The mail to a webhook's creator when it is disabled after failing for 3 days. */
export function webhookDisabledEmail(o: { to: Recipient; url: string; since: Date }): Rendered {
  const lang = pickLang(o.to.language);
  const day = o.since.toISOString().slice(0, 10);
  const link = linkTo('/settings/webhooks');
  const w =
    lang === 'fr'
      ? {
          subject: 'Un webhook a été désactivé',
          lines: [
            `Bonjour ${o.to.firstName || ''},`.replace(' ,', ','),
            `Les envois vers ${o.url} échouent depuis le ${day} : le webhook a été désactivé.`,
            `Corrigez le destinataire, puis réactivez-le et relancez les envois échoués : ${link}`,
          ],
        }
      : {
          subject: 'A webhook was disabled',
          lines: [
            `Hello ${o.to.firstName || 'there'},`,
            `Deliveries to ${o.url} have failed since ${day}, so the webhook was disabled.`,
            `Fix the receiver, then enable it again and retry the failed deliveries: ${link}`,
          ],
        };
  return {
    subject: w.subject,
    text: w.lines.join('\n\n') + '\n',
    html:
      `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(w.subject)}</title></head>` +
      `<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#212529;max-width:560px">` +
      w.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('') +
      `</body></html>`,
  };
}
