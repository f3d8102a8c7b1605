import type { Sql } from '../../db/index';
import { subscribe } from '../../core/events';
import { phrasesIn } from '../mail/i18n';
import { dateIn, dateTimeIn, nameOf, notify, type NotifiedPerson } from './engine';
import { now } from '../../core/clock';
import { INVITABLE_STATUSES, isStatusIn } from '../../../common/domain';

type Person = NotifiedPerson & { last_name: string; manager_id: string | null; break_until: Date | null };

async function people(tx: Sql, ids: string[]): Promise<Map<string, Person>> {
  const rows = await tx.query<Person>(
    `select id, email, first_name, last_name, language, manager_id, break_until from users
      where id = any($1::text[]) and deleted_at is null`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Each event's subject (the report) with their manager, for the events whose subject and manager both still exist. */
async function withManagers<E extends { subjectId: string }>(
  tx: Sql,
  events: E[],
): Promise<{ e: E; report: Person; manager: Person }[]> {
  if (!events.length) return [];
  const reports = await people(
    tx,
    events.map((e) => e.subjectId),
  );
  const managers = await people(
    tx,
    [...reports.values()].map((r) => r.manager_id).filter((m): m is string => !!m),
  );
  return events.flatMap((e) => {
    const report = reports.get(e.subjectId);
    const manager = report?.manager_id ? managers.get(report.manager_id) : undefined;
    return report && manager ? [{ e, report, manager }] : [];
  });
}

/**
 * Notifications that follow domain events (docs/api.md "Notifications"), queued in the publishing transaction
 * (engine.ts notify), each once per event and recipient: a manager hears that a report joined (their
 * invitation accepted), was deactivated, or started a break; a person hears that their password was changed.
 */
export function subscribeNotifications(): void {
  subscribe('user.status_changed', async (tx, _actor, events) => {
    const relevant = events.filter(
      (e) =>
        (e.data.to === 'confirmed' && isStatusIn(INVITABLE_STATUSES, e.data.from)) ||
        (e.data.to === 'deactivated' && e.data.from !== 'deactivated'),
    );
    for (const { e, report, manager } of await withManagers(tx, relevant)) {
      const joined = e.data.to === 'confirmed';
      await notify(tx, {
        kind: joined ? 'manager_report_confirmed' : 'manager_report_leaving',
        key: `event:${e.id}:${manager.id}`,
        to: manager,
        vars: (lang) => ({ reportName: nameOf(report), reason: phrasesIn(lang).accountDeactivated }),
        path: `/people/${report.id}`,
        about: report.id,
      });
    }
  });

  subscribe('user.updated', async (tx, _actor, events) => {
    const onBreak = events.filter((e) => e.data.changes.onBreak?.to === true);
    for (const { e, report, manager } of await withManagers(tx, onBreak)) {
      await notify(tx, {
        kind: 'manager_report_break',
        key: `event:${e.id}:${manager.id}`,
        to: manager,
        about: report.id,
        vars: (lang) => ({
          reportName: nameOf(report),
          until: phrasesIn(lang).until(report.break_until && dateIn(lang, report.break_until)),
        }),
      });
    }
  });

  subscribe('user.password_changed', async (tx, _actor, events) => {
    const persons = await people(
      tx,
      events.map((e) => e.subjectId),
    );
    const at = now();
    for (const e of events) {
      const person = persons.get(e.subjectId);
      if (person)
        await notify(tx, {
          kind: 'password_changed',
          key: `event:${e.id}:${person.id}`,
          to: person,
          vars: (lang) => ({ changedAt: dateTimeIn(lang, at) }),
        });
    }
  });
}
