import { serviceSource, ServiceTemplate, serviceTestSource } from './service-template';
import { SCAFFOLD_COMPILER_OPTIONS } from './typescript-options';

/** What a standalone service repository is generated from. */
export interface ServiceRepoTemplate extends ServiceTemplate {
  /** How its package.json asks for shipshape, e.g. `^0.1.0` or `file:/tmp/shipshape-0.1.0.tgz`. */
  readonly shipshapeSpec: string;
  /** The range of shipshape versions its definition works with, as a peer dependency, e.g. `^0.1.0`. */
  readonly shipshapeRange: string;
  /** Versions of the test tools, by package name (jest, @swc/jest, @swc/core, typescript, @types/jest, @types/node). */
  readonly toolVersions: Readonly<Record<string, string>>;
}

/** The files of a service repository, by path relative to its root. */
export function serviceRepoFiles(repo: ServiceRepoTemplate): Map<string, string> {
  const { name } = repo;
  const tools = ['@swc/core', '@swc/jest', '@types/jest', '@types/node', 'jest', 'typescript'];
  const packageJson = {
    name,
    version: '0.1.0',
    description: `The ${name} service's shipshape definition, which the platform repository deploys.`,
    main: 'build/service.js',
    types: 'build/service.d.ts',
    files: ['build/'],
    scripts: {
      test: 'tsc --noEmit && jest',
      build: 'tsc -p tsconfig.build.json',
      prepack: 'npm run build',
    },
    // A peer, so the platform's own shipshape (and its one copy of constructs) is the one the definition uses.
    peerDependencies: { shipshape: repo.shipshapeRange },
    devDependencies: Object.fromEntries([['shipshape', repo.shipshapeSpec], ...tools.map((tool) => [tool, repo.toolVersions[tool]])].sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  const tsconfig = {
    compilerOptions: {
      ...SCAFFOLD_COMPILER_OPTIONS,
      declaration: true,
      outDir: 'build',
    },
    include: ['src', 'test'],
  };
  const tsconfigBuild = { extends: './tsconfig.json', compilerOptions: { rootDir: 'src', types: ['node'] }, include: ['src'] };
  return new Map([
    ['package.json', json(packageJson)],
    ['tsconfig.json', json(tsconfig)],
    ['tsconfig.build.json', json(tsconfigBuild)],
    ['jest.config.js', JEST_CONFIG],
    ['.gitignore', 'node_modules/\nbuild/\n*.tgz\n'],
    ['README.md', readme(repo)],
    ['src/service.ts', serviceSource(repo, 'shipshape')],
    ['test/service.test.ts', serviceTestSource(repo, 'shipshape/testing', '../src/service')],
  ]);
}

/** The jest config of a scaffolded repository: swc strips types, `tsc --noEmit` checks them first. */
export const JEST_CONFIG = `/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // swc strips types without checking them; \`npm test\` runs \`tsc --noEmit\` first.
  transform: { '^.+\\\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
`;

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function readme({ name, identifier }: ServiceRepoTemplate): string {
  return `# ${name}

The ${name} service's definition for the shipshape platform (its Deployment, probes, rollout, autoscaling
and network rules) in \`src/service.ts\`, tested here on its own.

\`\`\`sh
npm install     # shipshape, cdk8s and the test tools
npm test        # type-check, then ${name}'s manifests in a staging-, production- and preview-like environment
\`\`\`

The first \`npm test\` records snapshots in \`test/__snapshots__/\`: commit them with \`package-lock.json\`
(and use \`npm ci\` from then on). A change to the definition then shows up there as a diff to review;
accept an intended one with \`npx jest -u\`. \`test/service.test.ts\` shows the testing API
(\`shipshape/testing\`): \`synthesizeService\` and readable assertions such as \`hasReadinessProbe()\`,
\`rollsOnConfigChange()\` and \`passesPolicyGate()\`.

## Use it from the platform repository

Either way, the platform's environments list \`${identifier}\` in \`services: [...]\` and may override
what differs per environment (image release, replicas, config values, hosts).

**As a package**, when this team owns the definition: give the package your scope in \`package.json\`
(e.g. \`@flowline/${name}\`), then \`npm publish\` to your registry (\`prepack\` compiles \`src/\` to
\`build/\`), bumping \`version\` per change. In the platform repository:

\`\`\`sh
npm install @flowline/${name}
\`\`\`

\`\`\`ts
// services/index.ts
export { ${identifier} } from '@flowline/${name}';
\`\`\`

**As a local file**, when the platform team owns it: copy \`src/service.ts\` to the platform repository's
\`services/${name}.ts\`, import \`defineService\` from where its other services do, and export it from
\`services/index.ts\`; or let \`npx shipshape new service ${name}\` write that file for you there.
`;
}
