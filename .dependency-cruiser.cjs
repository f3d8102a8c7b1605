/**
 * The walls between Roster's folders (docs/ARCHITECTURE.md, "Layers"). `npm test` runs
 * `depcruise src`, which fails on any import that goes up this list or across from the UI to the server.
 *
 * LAYERS lists src/server's folders from the bottom up: a folder may import itself and the folders
 * before it, never one after it. That order is what makes the folder graph free of cycles.
 */
const LAYERS = [
  'db',
  'core',
  'modules/audit',
  'modules/mail',
  // The job runtime (registry, runner, lock rows); the jobs themselves are declared in jobs/ at the top.
  'scheduler',
  'modules/settings',
  'modules/customFields',
  'modules/tokens',
  'modules/sessions',
  'modules/people',
  'modules/access',
  'modules/directory',
  'modules/groups',
  'modules/teams',
  'modules/invitations',
  'modules/mfa',
  // Notification mail: reacts to events, runs its own sweeps (jobs/catalog.ts); auth calls it after a sign-in.
  'modules/notifications',
  'modules/users',
  'modules/auth',
  'modules/exports',
  // Home, reports, the daily snapshot: reads users and reuses the export writer and the resend use case.
  'modules/insight',
  'modules/imports',
  // Bulk actions as jobs: they act through the users, teams and invitations use cases below.
  'modules/bulkActions',
  // Lifecycle rules run as system bulk actions; effective-dated changes apply through the bulk actions' plan and use cases.
  'modules/lifecycleRules',
  'modules/scheduledChanges',
  'modules/scim',
  // The event feed reads the outbox (core/events.ts); webhooks deliver it.
  'modules/events',
  'modules/webhooks',
  'modules/admin',
  'http',
  'jobs',
  // The composition root: files directly in src/server (bootstrap, app, runtime, main).
  '[^/]+\\.ts$',
];

const folder = (layer) => `^src/server/${layer.endsWith('$') ? layer : `${layer}/`}`;

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer:${layer}`,
  comment: `${layer} may import only the folders below it in docs/ARCHITECTURE.md's layer order.`,
  severity: 'error',
  from: { path: folder(layer) },
  to: { path: LAYERS.slice(i + 1).map(folder) },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'unlisted-server-folder',
      comment: 'Every folder of src/server has a place in LAYERS (add a new module where it belongs).',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/server/', pathNot: LAYERS.map(folder) },
    },
    {
      name: 'common-stands-alone',
      comment: 'src/common is shared by the server and the UI; it imports neither.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/(server|web|cli)/' },
    },
    {
      name: 'web-not-server',
      comment: 'The UI talks to the server over HTTP only; shared names live in src/common.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'server-not-web-or-cli',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(web|cli)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^(node:|virtual:)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.tsx?$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
