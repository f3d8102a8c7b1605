/** Notification preferences (My profile) and editable mail (Settings → Mail templates): docs/api.md. */
import type { z } from 'zod';
import { http } from '../../common/api/client';
import type {
  MailBranding,
  MailPreview,
  MailTemplate,
  MailTemplateBody,
  mailTemplateListSchema,
  NotificationPreference,
} from '../../../common/contract/notifications';

export type { MailBranding, MailPreview, MailTemplate, MailTemplateBody, NotificationPreference };
export type MailTemplateSummary = z.infer<typeof mailTemplateListSchema>['items'][number];

const path = (kind: string, lang: string) => `/mail-templates/${encodeURIComponent(kind)}/${encodeURIComponent(lang)}`;

export const notificationsApi = {
  preferences: () => http.get<{ items: NotificationPreference[] }>('/me/notifications'),
  setPreferences: (preferences: Record<string, boolean>) =>
    http.put<{ items: NotificationPreference[] }>('/me/notifications', { preferences }),
  templates: () => http.get<{ items: MailTemplateSummary[] }>('/mail-templates'),
  template: (kind: string, lang: string) => http.get<MailTemplate>(path(kind, lang)),
  save: (kind: string, lang: string, body: MailTemplateBody) => http.put<MailTemplate>(path(kind, lang), body),
  reset: (kind: string, lang: string) => http.del<MailTemplate>(path(kind, lang)),
  preview: (kind: string, lang: string, body: MailTemplateBody) =>
    http.post<MailPreview>(`${path(kind, lang)}/preview`, body),
  sendTest: (kind: string, lang: string, body: MailTemplateBody) =>
    http.post<{ queued: true; to: string }>(`${path(kind, lang)}/test`, body),
  branding: () => http.get<MailBranding>('/mail-branding'),
  setBranding: (b: MailBranding) => http.put<MailBranding>('/mail-branding', b),
};
