import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { expect, it } from 'vitest';

// npm test runs `depcruise src` with .dependency-cruiser.cjs; this shows the same rules catch what they are for,
// on a small tree of files that break them (test/fixtures/layers).
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;
const fixture = path.resolve(import.meta.dirname, '../fixtures/layers');

it('refuses imports up the layer order and from the UI into the server, and allows imports down', async () => {
  const result = await cruise(
    ['src'],
    { baseDir: fixture, validate: true, ruleSet: { forbidden: config.forbidden }, tsPreCompilationDeps: true },
    { extensions: ['.ts'] },
  );
  if (typeof result.output === 'string') throw new Error('expected a cruise result');
  const violations = result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  expect(violations).toEqual([
    'layer:core: src/server/core/errors.ts → src/server/modules/audit/record.ts',
    'layer:modules/audit: src/server/modules/audit/record.ts → src/server/modules/users/service.ts',
    'web-not-server: src/web/page.ts → src/server/core/errors.ts',
  ]);
});
