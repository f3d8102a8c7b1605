/** Home and the reports (docs/decisions/020-insight.md): the answers' types are the server's own schemas. */
import { API_BASE, buildQuery, http } from '../../common/api/client';
import type {
  Forecast,
  InactivePage,
  Movements,
  PendingInvitations,
  RemindResult,
  Summary,
} from '../../../common/contract/reports';

import type { DataQuality, FixResult } from '../../../common/contract/dataQuality';
import type { CreateReportSchedule, ReportSchedule } from '../../../common/contract/reportSchedules';
import type { Page, User } from '../../common/api/types';

export type { DataQuality, Forecast, ReportSchedule, Summary };
export type ReportFile = 'csv' | 'xlsx';

export const reportsApi = {
  summary: () => http.get<Summary>('/reports/summary'),
  forecast: (horizonDays = 180) => http.get<Forecast>('/reports/forecast', { horizonDays }),
  inactive: (days: number, cursor?: string) =>
    http.get<InactivePage>('/reports/inactive', { days, limit: 100, cursor }),
  pendingInvitations: () => http.get<PendingInvitations>('/reports/pending-invitations', { limit: 100 }),
  movements: (months = 12) => http.get<Movements>('/reports/movements', { months }),
  remind: (olderThanDays: number) => http.post<RemindResult>('/reports/pending-invitations/remind', { olderThanDays }),
  dataQuality: () => http.get<DataQuality>('/reports/data-quality'),
  fix: (kind: 'dangling_manager' | 'expired_invitation') => http.post<FixResult>('/reports/data-quality/fix', { kind }),
  schedules: () => http.get<ReportSchedule[]>('/reports/schedules'),
  createSchedule: (input: CreateReportSchedule) => http.post<ReportSchedule>('/reports/schedules', input),
  deleteSchedule: (id: string) => http.del<void>(`/reports/schedules/${encodeURIComponent(id)}`),
  /** Who may receive a report: confirmed Owners, Admins and HR. */
  readers: () => http.get<Page<User>>('/users', { role: 'owner,admin,hr', status: 'confirmed', limit: 200 }),
  fileUrl: (report: string, format: ReportFile, query: Record<string, string | number> = {}) =>
    `${API_BASE}/reports/${report}${buildQuery({ ...query, format })}`,
};

/** The People list filtered (its filters live in the address bar: features/people/usePeopleFilters.ts). */
export const peopleUrl = (query: Record<string, string>) => `/${buildQuery(query)}`;
