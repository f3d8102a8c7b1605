/**
 * The SAML case of the sign-in bench (bench/signin.ts): one `POST /api/v1/auth/saml/acs` per person, with a fresh
 * response signed by the samlify test identity provider (test/helpers/samlIdp.ts). Only the ACS request is timed:
 * XML parsing and the signature check, Roster's checks (recipient, replay insert, InResponseTo), matching, session.
 * The AuthnRequest (`/auth/saml/start`) and the IdP's signing happen before the clock starts.
 */
import type { Db } from '../src/server/db/index';
import { systemActor } from '../src/server/core/actor';
import { parseIdpMetadata } from '../src/server/modules/auth/samlMetadata';
import { updateSettings } from '../src/server/modules/settings/settings';
import type { Runtime } from '../src/server/runtime';
import { startSamlIdp } from '../test/helpers/samlIdp';
import { stats, type Stats } from './measure';

export async function measureSamlAcs(rt: Runtime, db: Db, emails: string[], warmup: number): Promise<Stats> {
  const spMetadataXml = (await rt.app.inject({ method: 'GET', url: '/api/v1/auth/saml/metadata' })).body;
  const idp = await startSamlIdp({
    spMetadataXml,
    accounts: Object.fromEntries(emails.map((email) => [email, { email }])),
  });
  try {
    await db.tx((tx) =>
      updateSettings(tx, systemActor('bench'), { saml: { ...parseIdpMetadata(idp.metadataXml), enabled: true } }),
    );
    const samples: number[] = [];
    for (const [i, email] of emails.entries()) {
      const start = await rt.app.inject({ method: 'GET', url: '/api/v1/auth/saml/start' });
      const posted = await idp.respond(start.headers.location as string, email);
      const t0 = performance.now();
      const res = await rt.app.inject({
        method: 'POST',
        url: '/api/v1/auth/saml/acs',
        payload: new URLSearchParams(posted).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const ms = performance.now() - t0;
      if (res.statusCode !== 303 || String(res.headers.location).includes('/login'))
        throw new Error(`SAML sign-in of ${email} refused: ${res.headers.location}`);
      if (i >= warmup) samples.push(ms);
    }
    return stats(samples);
  } finally {
    await idp.close();
  }
}
