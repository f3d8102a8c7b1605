import { z } from 'zod';
import { LANGUAGES } from '../domain';

/**
 * Notifications (docs/api.md "Notifications") and editable mail (docs/api.md "Mail templates"): the kinds,
 * who receives them, the organisation's settings and the API's answers, shared by the server and the UI.
 */
export const NOTIFICATION_KINDS = [
  'manager_report_confirmed',
  'manager_report_leaving',
  'manager_report_break',
  'invitation_reminder',
  'access_expiry',
  'password_changed',
  'new_device_sign_in',
  'admin_digest',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * `security` mail goes out during a break and cannot be turned off; `notification` mail is skipped during a
 * break and may be turned off on My profile where the organisation allows it; `invitation` mail goes to people
 * who cannot sign in yet, so it has no preference either.
 */
export const NOTIFICATION_INFO: Record<
  NotificationKind,
  { audience: 'manager' | 'person' | 'admin'; category: 'notification' | 'security' | 'invitation'; label: string }
> = {
  manager_report_confirmed: { audience: 'manager', category: 'notification', label: 'A new report joined' },
  manager_report_leaving: {
    audience: 'manager',
    category: 'notification',
    label: 'A report is deactivated or their access ends soon',
  },
  manager_report_break: { audience: 'manager', category: 'notification', label: 'A report starts a break' },
  invitation_reminder: { audience: 'person', category: 'invitation', label: 'Invitation reminders' },
  access_expiry: { audience: 'person', category: 'notification', label: 'My access ends soon' },
  password_changed: { audience: 'person', category: 'security', label: 'My password was changed' },
  new_device_sign_in: { audience: 'person', category: 'security', label: 'A sign-in from a new device' },
  admin_digest: { audience: 'admin', category: 'notification', label: 'Daily digest for administrators' },
};

/** Kinds a person may turn off when the organisation allows it (never security or invitation mail). */
export const OPTIONAL_KINDS = NOTIFICATION_KINDS.filter((k) => NOTIFICATION_INFO[k].category === 'notification');

const days = z.array(z.number().int().min(1).max(365)).max(5);

/** The organisation's notification settings (part of GET/PATCH /settings). */
export const notificationSettingsSchema = z.object({
  /** Days after an invitation was sent when a reminder (with a fresh link) goes out. */
  invitationReminderDays: days.default([3, 7]),
  /** Days before the end of someone's access when they are told (the manager hears at the first one). */
  expiryWarningDays: days.default([14, 3]),
  /** Per optional kind: may people turn it off? (default: yes) */
  optOutAllowed: z
    .object(
      Object.fromEntries(OPTIONAL_KINDS.map((k) => [k, z.boolean().default(true)])) as Record<
        string,
        z.ZodDefault<z.ZodBoolean>
      >,
    )
    .strict()
    // prefault, not default: zod 4 returns a default as it is, and each kind's own default must still apply.
    .prefault({}),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

/** GET/PUT /me/notifications: one row per kind the caller may receive. */
export const notificationPreferenceSchema = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  label: z.string(),
  category: z.enum(['notification', 'security', 'invitation']),
  enabled: z.boolean(),
  /** false: the organisation (or the kind: security mail) does not let people turn it off. */
  canOptOut: z.boolean(),
});
export const notificationPreferencesSchema = z.object({ items: z.array(notificationPreferenceSchema) });
export type NotificationPreference = z.infer<typeof notificationPreferenceSchema>;
export const notificationPreferencesInputSchema = z
  .object({ preferences: z.partialRecord(z.enum(NOTIFICATION_KINDS), z.boolean()) })
  .strict();

/** Editable mail: every kind in every language Roster speaks. */
export const mailTemplateBodySchema = z
  .object({
    subject: z.string().trim().min(1).max(300),
    text: z.string().min(1).max(20_000),
    html: z.string().min(1).max(100_000),
  })
  .strict();
export type MailTemplateBody = z.infer<typeof mailTemplateBodySchema>;

export const mailTemplateSummarySchema = z.object({
  kind: z.string(),
  lang: z.enum(LANGUAGES),
  customised: z.boolean(),
  version: z.number().int(),
  changedAt: z.string().nullable(),
  changedBy: z.string().nullable(),
});
export const mailTemplateListSchema = z.object({ items: z.array(mailTemplateSummarySchema) });

export const mailTemplateVersionSchema = z.object({
  version: z.number().int(),
  reset: z.boolean(),
  changedAt: z.string(),
  changedBy: z.string().nullable(),
  changedByName: z.string().nullable(),
});

export const mailTemplateSchema = z.object({
  kind: z.string(),
  lang: z.enum(LANGUAGES),
  customised: z.boolean(),
  current: mailTemplateBodySchema,
  defaults: mailTemplateBodySchema,
  /** The variables this kind fills in, with the sample value the preview uses. */
  variables: z.array(z.object({ name: z.string(), sample: z.string() })),
  versions: z.array(mailTemplateVersionSchema),
});
export type MailTemplate = z.infer<typeof mailTemplateSchema>;

export const mailPreviewSchema = z.object({ subject: z.string(), text: z.string(), html: z.string() });
export type MailPreview = z.infer<typeof mailPreviewSchema>;
export const mailTestSentSchema = z.object({ queued: z.literal(true), to: z.string() });

const colour = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'A colour like #1c7ed6.');
export const mailBrandingSchema = z
  .object({
    logoUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable()
      .default(null),
    colour: colour.default('#1c7ed6'),
    senderName: z.string().trim().min(1).max(100).nullable().default(null),
    replyTo: z.email().max(300).nullable().default(null),
  })
  .strict();
export type MailBranding = z.infer<typeof mailBrandingSchema>;
