/**
 * The platform's floors, checked on every CI run (`npm run deps`): every
 * arrow points down — app (http, platform, functions) → kinds →
 * contract / kit / capabilities / ledger → store → kernel.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles hide the order things are built in.', from: {}, to: { circular: true } },
    {
      name: 'kernel-is-the-floor',
      severity: 'error',
      comment: 'The kernel (money, problems, ids, clock, log, retry) imports nothing of the platform.',
      from: { path: '^shared/kernel/' },
      to: { path: '^shared/(?!kernel/)' },
    },
    {
      name: 'store-below-the-domain',
      severity: 'error',
      comment: 'The store knows tables and keys, not cases, ledgers, plugins or HTTP.',
      from: { path: '^shared/store/' },
      to: { path: '^shared/(pipeline|ledger|capabilities|kit|kinds|http|platform)/' },
    },
    {
      name: 'ledger-is-generic',
      severity: 'error',
      comment: 'The ledger core knows accounts, entries and postings; policies are handed to it.',
      from: { path: '^shared/ledger/' },
      to: { path: '^shared/(pipeline|capabilities|kit|kinds|http|platform)/' },
    },
    {
      name: 'pipeline-imports-no-kind-platform-or-http',
      severity: 'error',
      from: { path: '^shared/pipeline/' },
      to: { path: '^shared/(kit|kinds|http|platform)/' },
    },
    {
      name: 'capabilities-below-the-app',
      severity: 'error',
      from: { path: '^shared/capabilities/' },
      to: { path: '^shared/(kinds|http|platform)/' },
    },
    {
      name: 'capabilities-meet-through-their-index',
      severity: 'error',
      comment: 'A capability uses another only through its public index.ts.',
      from: { path: '^shared/capabilities/([^/]+)/' },
      to: { path: '^shared/capabilities/[^/]+/', pathNot: ['^shared/capabilities/$1/', '^shared/capabilities/[^/]+/index\\.ts$'] },
    },
    {
      name: 'kit-below-the-kinds',
      severity: 'error',
      comment: 'The kit (guards, schemas, problem rendering, console parts, the plugin contract) is below the kinds and the app.',
      from: { path: '^shared/kit/' },
      to: { path: '^shared/(kinds|http|platform)/|^shared/store/(?!namespace\\.ts$|entity\\.ts$)' },
    },
    {
      name: 'no-kind-imports-another',
      severity: 'error',
      from: { path: '^shared/kinds/([^/]+)/' },
      to: { path: '^shared/kinds/', pathNot: '^shared/kinds/$1/' },
    },
    {
      name: 'kinds-use-the-contract-not-the-platform',
      severity: 'error',
      comment:
        'A kind imports the kernel, the kit, the pipeline contract, the ledger’s public API, capabilities’ public APIs and its own namespace of the store — never Store, raw expressions, HTTP or the composition root.',
      from: { path: '^shared/kinds/[^/]+/' },
      to: {
        path: '^shared/',
        pathNot: [
          '^shared/kinds/',
          '^shared/kernel/',
          '^shared/kit/',
          '^shared/pipeline/contract\\.ts$',
          '^shared/ledger/index\\.ts$',
          '^shared/capabilities/[^/]+/index\\.ts$',
          '^shared/store/(namespace|entity)\\.ts$',
        ],
      },
    },
    {
      name: 'http-imports-no-store',
      severity: 'error',
      comment: 'The HTTP shell goes through the platform’s services, never the table.',
      from: { path: '^shared/http/' },
      to: { path: '^shared/store/|^shared/kinds/|^shared/capabilities/[^/]+/(?!index\\.ts$|contract\\.ts$)' },
    },
    {
      name: 'only-the-registry-names-kinds',
      severity: 'error',
      comment: 'Outside a kind’s own folder, only the registry imports it.',
      from: { path: '^(shared|functions|infra)/', pathNot: '^shared/kinds/' },
      to: { path: '^shared/kinds/(?!index\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    parser: 'swc',
  },
};
