import { escapeLike, PLAN_PER_CALL } from '../../db/index';

/**
 * The name search of the People list and of the directory at 1,000,000 people
 * (docs/decisions/033-name-search-at-a-million.md). Each search compares a term with a few texts of the person;
 * migration 056 indexes, per search, one text: those texts joined by U+001F (a trigram GIN index), and a term
 * with a trigram is matched against that one text. Each SQL expression below must stay exactly the one the
 * migration indexes, or PostgreSQL cannot use the index.
 */
export const SEPARATOR = '\u001f';

/** The texts the People list's `q` compares, lower-cased as it compares them (users_list_search_idx). */
export const LIST_SEARCH_TEXTS = [
  `lower(u.first_name || ' ' || u.last_name)`,
  'u.sort_name',
  'u.email_normalized',
  'lower(u.employee_id)',
];

/** The person's texts the directory's `q` compares (users_directory_search_idx); team names are matched apart. */
export const DIRECTORY_SEARCH_TEXTS = [
  `lower(u.first_name || ' ' || u.last_name)`,
  'u.sort_name',
  'lower(u.job_title)',
  'lower(u.department)',
  'lower(u.location)',
];

/** The texts as one, each null read as empty, joined by U+001F: the expression of the search's index. */
export function joinedSearchText(texts: readonly string[]): string {
  return `(${texts.map((t) => `coalesce(${t}, '')`).join(' || chr(31) || ')})`;
}

/**
 * Whether the joined text (and its index) can answer `term`: it needs three letters or digits in a row — else it
 * has no trigram, and the index would hand back every entry — and no U+001F, which could match across two texts.
 */
export function searchableByTrigrams(term: string): boolean {
  return !term.includes(SEPARATOR) && /[\p{L}\p{N}]{3}/u.test(term);
}

/**
 * The condition for `term` (already lower-cased) on the person `u`: the joined text contains it, or — for a term
 * the index cannot answer — each text compared in turn (one OR, which the name order's index walks with the
 * page's limit). Either way the statement is planned per call (PLAN_PER_CALL). `extra`: a further condition
 * on the same pattern, OR-ed in (the directory's team names).
 */
export function searchCondition(
  texts: readonly string[],
  term: string,
  bind: (value: unknown) => string,
  extra?: (pattern: string) => string,
): string {
  const x = bind(`%${escapeLike(term)}%`);
  const more = extra ? ` or ${extra(x)}` : '';
  // Not the joined text beside the OR: the planner would multiply the two estimates and walk the name index.
  const match = searchableByTrigrams(term)
    ? `${joinedSearchText(texts)} like ${x}`
    : texts.map((t) => `${t} like ${x}`).join(' or ');
  return `(${match}${more}) ${PLAN_PER_CALL}`;
}
