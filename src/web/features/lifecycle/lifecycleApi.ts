/** Lifecycle rules and effective-dated changes (docs/decisions/024-lifecycle-rules.md). */
import { http } from '../../common/api/client';
import type {
  CreateScheduledChange,
  LifecycleRule,
  LifecycleRuleDto,
  RulePreview,
  RuleRunDto,
  ScheduledChangeDto,
} from '../../../common/contract/lifecycle';

const enc = encodeURIComponent;
type Person = RulePreview['people'][number];

export const lifecycleApi = {
  rules: () => http.get<{ items: LifecycleRuleDto[] }>('/lifecycle-rules'),
  update: (rule: LifecycleRule, patch: { enabled?: boolean; days?: number }) =>
    http.patch<LifecycleRuleDto>(`/lifecycle-rules/${rule}`, patch),
  preview: (rule: LifecycleRule, days: number) => http.get<RulePreview>(`/lifecycle-rules/${rule}/preview`, { days }),
  run: (rule: LifecycleRule) => http.post<RuleRunDto>(`/lifecycle-rules/${rule}/run`),
  runs: () => http.get<{ items: RuleRunDto[] }>('/lifecycle-rules/runs'),
  runPeople: (id: string) => http.get<{ items: Person[] }>(`/lifecycle-rules/runs/${enc(id)}/people`),
  scheduled: (userId: string) => http.get<{ items: ScheduledChangeDto[] }>(`/users/${enc(userId)}/scheduled-changes`),
  schedule: (userId: string, body: CreateScheduledChange) =>
    http.post<ScheduledChangeDto>(`/users/${enc(userId)}/scheduled-changes`, body),
  cancel: (userId: string, id: string) => http.del<void>(`/users/${enc(userId)}/scheduled-changes/${enc(id)}`),
};
