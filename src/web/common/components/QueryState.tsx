import { Loader, type MantineSize } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorAlert } from './ErrorAlert';

/**
 * What a loaded part of a page shows: the error (with `errorTitle`), a loader (labelled `loading`), `empty`
 * when the answer's `items` are none (or `isEmpty` says so), else `children` with the data.
 */
export function QueryState<T>({
  query,
  loading,
  errorTitle,
  empty,
  isEmpty = (data) => (data as { items?: unknown[] }).items?.length === 0,
  loaderSize,
  children,
}: {
  query: Pick<UseQueryResult<T>, 'error' | 'isPending' | 'data'>;
  loading: string;
  errorTitle: string;
  empty?: React.ReactNode;
  isEmpty?: (data: T) => boolean;
  loaderSize?: MantineSize;
  children: (data: T) => React.ReactNode;
}) {
  if (query.error) return <ErrorAlert error={query.error} title={errorTitle} />;
  if (query.isPending || query.data === undefined) return <Loader size={loaderSize} aria-label={loading} />;
  if (empty !== undefined && isEmpty(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
