import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/harness';

/**
 * The contract (docs/api.md "Contract"): every /api/v1 operation declares the schema of its success
 * answer, so the OpenAPI document describes it, Fastify serializes through it (a field left out of the
 * schema is not sent) and the web UI's types, inferred from the same schemas in src/common/contract,
 * cannot drift from what the server sends (tsc checks that part).
 */

/** Routes whose success answer is not JSON, each with the reason. Nothing else may lack a schema. */
const NO_JSON_ANSWER: Record<string, string> = {
  'GET /api/v1/openapi.json': 'the OpenAPI document itself',
  'GET /api/v1/users/export': 'a CSV or XLSX download',
  'GET /api/v1/audit/export': 'a CSV or XLSX download',
  'GET /api/v1/imports/template.csv': 'a CSV download',
  'GET /api/v1/imports/:id/log.csv': 'a CSV download',
  'GET /api/v1/bulk-actions/:id/results.csv': 'a CSV download',
  'GET /api/v1/auth/sso/start': 'a redirect to the identity provider',
  'GET /api/v1/auth/sso/callback': 'a redirect into the app',
  'GET /api/v1/auth/saml/metadata': "the service provider's SAML metadata (XML)",
  'GET /api/v1/auth/saml/start': 'a redirect to the identity provider',
  'POST /api/v1/auth/saml/acs': 'a redirect into the app or to the sign-in page',
  'GET /api/v1/users/:id/personal-data.html': 'the readable (HTML) form of the personal-data export',
  'GET /api/v1/users/:id/anonymisation-certificate.html': 'the readable (HTML) form of the certificate',
  'GET /api/v1/personal-data/:token': "the emailed link: the person's own export as a readable HTML file",
};

let t: TestApp;
let doc: { paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>> };
beforeAll(async () => {
  t = await startTestApp();
  doc = (await t.anon().get('/api/v1/openapi.json')).body;
});
afterAll(() => t?.stop());

/** The success statuses an operation documents with a schema (a 204's schema is "no content"). */
function declaredSuccess(method: string, url: string): string[] {
  const op = doc.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
  return Object.entries(op?.responses ?? {})
    .filter(([status, r]) => /^2\d\d$/.test(status) && (r.content !== undefined || status === '204'))
    .map(([status]) => status);
}

it('every /api/v1 route declares its success response schema', () => {
  const routes = t.app.routeList.filter((r) => r.url.startsWith('/api/v1/')).map((r) => `${r.method} ${r.url}`);
  const missing = routes.filter(
    (route) => !(route in NO_JSON_ANSWER) && declaredSuccess(...(route.split(' ') as [string, string])).length === 0,
  );
  expect(
    missing,
    'these routes declare no success response schema (add `response: { 200: … }` from src/common/contract, or list them in NO_JSON_ANSWER with the reason)',
  ).toEqual([]);
});

it('the allow-list names only routes that exist and really have no schema', () => {
  const routes = new Set(t.app.routeList.map((r) => `${r.method} ${r.url}`));
  expect(
    Object.keys(NO_JSON_ANSWER).filter((route) => !routes.has(route)),
    'allow-listed routes that do not exist',
  ).toEqual([]);
  expect(
    Object.keys(NO_JSON_ANSWER).filter(
      (route) => declaredSuccess(...(route.split(' ') as [string, string])).length > 0,
    ),
    'allow-listed routes that have a schema now',
  ).toEqual([]);
});
