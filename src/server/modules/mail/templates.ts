/** Email texts, chosen by the recipient's language (English when we have no translation). */
type Lang = 'en' | 'fr';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

function pickLang(language: string | null | undefined): Lang {
  return language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function render(paragraphs: string[], link: { url: string; label: string }, subject: string): Rendered {
  const text = [...paragraphs, `${link.label}: ${link.url}`].join('\n\n');
  const html =
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`;
  return { subject, text, html };
}

export function invitationEmail(opts: { firstName: string; url: string; expiresAt: Date; language?: string | null }): Rendered {
  const date = opts.expiresAt.toISOString().slice(0, 10);
  if (pickLang(opts.language) === 'fr') {
    return render(
      [`Bonjour ${opts.firstName},`, `Vous êtes invité·e à rejoindre Roster. Ce lien est valable jusqu'au ${date} et ne peut servir qu'une fois.`],
      { url: opts.url, label: 'Accepter l’invitation' },
      'Votre invitation à Roster',
    );
  }
  return render(
    [`Hello ${opts.firstName},`, `You have been invited to join Roster. This link works once and until ${date}.`],
    { url: opts.url, label: 'Accept the invitation' },
    'Your invitation to Roster',
  );
}
