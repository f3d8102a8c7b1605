import { z } from 'zod';
import { ENGAGEMENTS, ROLES, STATUSES } from '../../../common/domain';
import { canonicalEmail, emailProblem } from './email';
import { createUserBody, updateUserBody } from '../../../common/contract/users';
import { LIST_SORTS } from '../../../common/contract/peopleViews';

/** An address as typed: invisible characters refused, then its canonical form (./email.ts) checked and kept. */
export const emailSchema = z
  .string()
  .max(254)
  .superRefine((e, ctx) => {
    const problem = emailProblem(e);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(canonicalEmail)
  .pipe(z.email({ pattern: z.regexes.unicodeEmail, message: 'Enter a valid email address.' }).max(254));

const isoDateTime = z.iso.datetime({
  offset: true,
  message: 'Use an ISO-8601 date and time, e.g. 2026-01-31T09:00:00Z.',
});

/** POST /users: the contract's body (what the UI sends) with the address checked and made canonical. */
export const createUserSchema = createUserBody
  .extend({ email: emailSchema })
  .strict()
  .refine((v) => v.invite !== 'scheduled' || v.inviteAt, {
    message: 'inviteAt is required when invite is "scheduled".',
    path: ['inviteAt'],
  });
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = updateUserBody.extend({ email: emailSchema.optional() }).strict();
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

// The answers' shapes live in the contract, which the UI reads too.
export { userDetailSchema, userSchema, type User as UserDto } from '../../../common/contract/users';

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)));

const boolString = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listQuerySchema = z
  .object({
    q: z.string().max(200).optional(),
    status: csv(STATUSES).optional(),
    role: csv(ROLES).optional(),
    /** Case-insensitive equality. */
    department: z.string().max(200).optional(),
    location: z.string().max(200).optional(),
    managerId: z.string().max(100).optional(),
    /** Direct and indirect reports of this user. */
    reportsTo: z.string().max(100).optional(),
    onBreak: boolString.optional(),
    engagement: z.enum(ENGAGEMENTS).optional(),
    deleted: boolString.optional(),
    /** Last signed in before this instant (people who never signed in are not included: see neverSignedIn). */
    lastSignInBefore: isoDateTime.optional(),
    neverSignedIn: boolString.optional(),
    sort: z.enum(LIST_SORTS).default('name'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
  })
  .catchall(z.string().max(200)); // cf.<key> filters; other unknown keys are refused in the handler
export type ListQuery = z.infer<typeof listQuerySchema>;
