import { useQuery } from '@tanstack/react-query';
import { api } from '../../common/api';
import { fieldLabel } from './importText';

/** Labels of the fields a diff names, custom fields included (their list is cached for a minute). */
export function useFieldLabels(): (field: string) => string {
  const cf = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.customFields(), staleTime: 60_000 });
  const labels = new Map((cf.data?.items ?? []).map((f) => [f.key, f.label]));
  return (field) => fieldLabel(field, labels);
}
