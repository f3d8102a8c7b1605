import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/server/db/index';

/** A person as group rules see them: inserted straight into the database for rule tests. */
export interface Person {
  id: string;
  email: string | null;
  status: string;
  role: string;
  managerId: string | null;
  department: string | null;
  location: string | null;
  jobTitle: string | null;
  language: string | null;
  hireDate: string | null;
  createdAt: string;
  onBreak: boolean;
  active: boolean;
  deleted: boolean;
  customFields: Record<string, unknown>;
  teamIds: string[];
}

export function person(p: Partial<Person> = {}): Person {
  const id = p.id ?? randomUUID();
  return {
    id,
    email: `p-${id.slice(0, 8)}@example.com`,
    status: 'confirmed',
    role: 'learner',
    managerId: null,
    department: null,
    location: null,
    jobTitle: null,
    language: null,
    hireDate: null,
    createdAt: new Date().toISOString(),
    onBreak: false,
    active: false,
    deleted: false,
    customFields: {},
    teamIds: [],
    ...p,
  };
}

export async function insertPeople(db: Db, people: Person[]): Promise<void> {
  for (const p of people) {
    await db.query(
      `insert into users (id, email, email_normalized, first_name, last_name, role, status, manager_id, department, location, job_title,
         language, hire_date, created_at, on_break, first_learning_activity_at, deleted_at, custom_fields, confirmed_at)
       values ($1, $2, lower($2), 'P', $1, $3, $4, null, $5, $6, $7, $8, $9, $10, $11, case when $12::boolean then now() end,
         case when $13::boolean then now() end, $14, case when $4 = 'confirmed' then now() end)`,
      [
        p.id,
        p.email,
        p.role,
        p.status,
        p.department,
        p.location,
        p.jobTitle,
        p.language,
        p.hireDate,
        p.createdAt,
        p.onBreak,
        p.active,
        p.deleted,
        JSON.stringify(p.customFields),
      ],
    );
  }
  // Managers after everyone exists (the foreign key), then team memberships.
  for (const p of people)
    if (p.managerId) await db.query(`update users set manager_id = $2 where id = $1`, [p.id, p.managerId]);
  for (const p of people)
    for (const t of p.teamIds) await db.query(`insert into team_members (team_id, user_id) values ($1, $2)`, [t, p.id]);
}

export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
