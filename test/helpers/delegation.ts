import { expect } from 'vitest';
import type { Client, TestApp } from './harness';
import { signedIn } from './api';

/**
 * Delegated administration fixtures (docs/decisions/031-delegated-administration.md): teams made by the Owner, and
 * a signed-in curator holding grants limited to a team or a group.
 */
export async function newTeam(owner: Client, name: string, parentId?: string): Promise<string> {
  const res = await owner.post('/api/v1/teams', { name, ...(parentId ? { parentId } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

export async function curatorWithGrants(t: TestApp, owner: Client, grants: Record<string, unknown>[]) {
  const cur = await signedIn(t, 'curator');
  for (const g of grants) {
    const res = await owner.post(`/api/v1/users/${cur.id}/grants`, g);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  return cur;
}
