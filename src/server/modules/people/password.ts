import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import type { Sql } from '../../db/index';
import { invalid } from '../../core/errors';
import { getSettings } from '../settings/settings';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * Public routes (reset, sign-up, invitation) run the estimator, so its cost is bounded: only the first 64
 * characters are scored, and the l33t matcher, whose work grows steeply with substitutable characters,
 * tries at most 10 substitutions (the defaults, 256 and 100, took seconds on crafted 200-character input).
 */
const estimator = new ZxcvbnFactory({
  maxLength: 64,
  l33tMaxSubstitutions: 10,
  translations: en.translations,
  graphs: common.adjacencyGraphs,
  dictionary: { ...common.dictionary, ...en.dictionary },
});

/** Who is choosing the password: their name and address count as easy to guess. */
export interface PasswordOwner {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

const SCORE_WORDS = ['very easy', 'easy', 'fairly easy', 'hard', 'very hard'];

/**
 * Refuses a password that is too short or long, or that the strength estimator (zxcvbn) scores below
 * `minScore` (0–4, the organisation setting `passwordMinScore`), with its feedback as the message.
 */
export function checkPassword(password: string, minScore: number, owner: PasswordOwner, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    const message = `The password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`;
    throw invalid(message, [{ field, message }]);
  }
  const result = estimator.check(password, userInputs(owner));
  if (result.score >= minScore) return;
  const { warning, suggestions } = result.feedback;
  const message = [
    `This password is too easy to guess (${SCORE_WORDS[result.score]}; ${SCORE_WORDS[minScore]} or better is required).`,
    warning,
    ...suggestions,
    suggestions.length ? '' : 'A few unrelated words together make a strong password.',
  ]
    .filter(Boolean)
    .join(' ');
  throw invalid(message, [{ field, message }]);
}

/** The organisation's minimum score, then checkPassword. */
export async function assertStrongPassword(
  sql: Sql,
  password: string,
  owner: PasswordOwner,
  field = 'password',
): Promise<void> {
  const { passwordMinScore } = await getSettings(sql);
  checkPassword(password, passwordMinScore, owner, field);
}

function userInputs({ email, firstName, lastName }: PasswordOwner): string[] {
  const local = email ? email.slice(0, email.lastIndexOf('@')) : '';
  return [email, local, ...local.split(/[._+-]/), firstName, lastName].filter((s): s is string =>
    Boolean(s && s.length > 1),
  );
}
