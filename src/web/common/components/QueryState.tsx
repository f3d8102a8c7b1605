import { Loader, type MantineSize } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

/**
 * Where a loaded part's words are: either `texts`, the translation key they sit under (`settings:mailbox` for
 * `mailbox.loading` and `mailbox.loadFailed` in the settings namespace; a namespace alone, `audit`, for its
 * top-level `loading` and `loadFailed`), or the two words themselves.
 */
type QueryTexts =
  { texts: string; loading?: never; errorTitle?: never } | { texts?: never; loading: string; errorTitle: string };

/** The translation key `name` under `texts` (see QueryTexts). */
const keyUnder = (texts: string, name: string) => (texts.includes(':') ? `${texts}.${name}` : `${texts}:${name}`);

function useQueryWords(words: QueryTexts): { loading: string; errorTitle: string } {
  const { t } = useTranslation();
  if (words.texts === undefined) return words;
  return { loading: t(keyUnder(words.texts, 'loading')), errorTitle: t(keyUnder(words.texts, 'loadFailed')) };
}

/** The answer has no `items`, nor has any of its pages (a paged list's, from useInfiniteQuery). */
function hasNoItems(data: unknown): boolean {
  const answer = data as { items?: unknown[]; pages?: { items?: unknown[] }[] };
  return answer.pages ? answer.pages.every((p) => p.items?.length === 0) : answer.items?.length === 0;
}

/**
 * What a loaded part of a page shows: the error (titled `errorTitle`), a loader (labelled `loading`), `empty`
 * when the answer's `items` are none (or `isEmpty` says so), else `children` with the data.
 */
export function QueryState<T>({
  query,
  empty,
  isEmpty = hasNoItems,
  loaderSize,
  children,
  ...texts
}: QueryTexts & {
  query: Pick<UseQueryResult<T>, 'error' | 'isPending' | 'data'>;
  empty?: React.ReactNode;
  isEmpty?: (data: T) => boolean;
  loaderSize?: MantineSize;
  children: (data: T) => React.ReactNode;
}) {
  const words = useQueryWords(texts);
  if (query.error) return <ErrorAlert error={query.error} title={words.errorTitle} />;
  if (query.isPending || query.data === undefined) return <Loader size={loaderSize} aria-label={words.loading} />;
  if (empty !== undefined && isEmpty(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
