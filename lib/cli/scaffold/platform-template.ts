import { environmentSource } from './environment-template';
import { JEST_CONFIG } from './service-repo-template';
import { SCAFFOLD_COMPILER_OPTIONS } from './typescript-options';

/** What a platform repository is generated from. */
export interface PlatformTemplate {
  /** The package name, e.g. `platform`. */
  readonly name: string;
  /** Its environments, in deploy order, with the domain each one's hosts go under. */
  readonly environments: readonly { readonly name: string; readonly domain: string; readonly purpose: string }[];
  /** How its package.json asks for shipshape, e.g. `^0.1.0` or `file:/tmp/shipshape-0.1.0.tgz`. */
  readonly shipshapeSpec: string;
  /** The Node.js versions shipshape runs on, for `engines`. */
  readonly node: string;
  /** Versions by package name: the cdk8s releases shipshape is tested with, and the test tools. */
  readonly versions: Readonly<Record<string, string>>;
}

/** The files of a platform repository, by path relative to its root; the secrets files and keys are shipshape's to make. */
export function platformFiles(platform: PlatformTemplate): Map<string, string> {
  const pick = (names: string[]) => Object.fromEntries(names.map((name) => [name, platform.versions[name]]));
  const packageJson = {
    name: platform.name,
    version: '0.1.0',
    private: true,
    description: 'Our services and environments as shipshape definitions; manifests/ holds what they synthesize.',
    engines: { node: platform.node },
    scripts: {
      synth: 'shipshape synth',
      check: 'shipshape check',
      test: 'tsc --noEmit && jest',
      shipshape: 'shipshape',
      'cdk8s:synth': 'cdk8s synth --no-check-upgrade',
      'secrets:merge-driver': "git config merge.shipshape-secrets.name 'shipshape secrets, key by key' && git config merge.shipshape-secrets.driver 'npx shipshape secrets merge %O %A %B'",
    },
    // shipshape's peers, in the releases it is tested with: one copy of each in the app.
    dependencies: { ...pick(['cdk8s', 'cdk8s-plus-27', 'constructs']), shipshape: platform.shipshapeSpec },
    devDependencies: pick(['@swc/core', '@swc/jest', '@types/jest', '@types/node', 'cdk8s-cli', 'jest', 'typescript']),
    // The install scripts of these packages, reviewed (npm 11 lists unreviewed ones after every install; npm 12 skips
    // them): @swc/core checks its native binary; backport (a dependency of cdk8s-plus-27) and jest's @parcel/watcher
    // need theirs only to build from source.
    allowScripts: { '@swc/core': true, backport: false, '@parcel/watcher': false },
  };
  const tsconfig = {
    compilerOptions: {
      ...SCAFFOLD_COMPILER_OPTIONS,
      noEmit: true,
    },
    include: ['services', 'environments', 'test'],
  };
  const files = new Map<string, string>([
    ['package.json', json(packageJson)],
    ['tsconfig.json', json(tsconfig)],
    ['jest.config.js', JEST_CONFIG],
    ['cdk8s.yaml', CDK8S_YAML],
    ['.gitignore', GITIGNORE],
    ['.gitattributes', GITATTRIBUTES],
    ['README.md', readme(platform)],
    ['services/index.ts', "// Every service of the platform; environments pick from this list. `npx shipshape new service <name>` adds one.\n"],
    ['test/environments.test.ts', ENVIRONMENTS_TEST],
    ['.github/workflows/deploy.yml', deployWorkflow(platform)],
    ['.github/workflows/apply-environment.yml', APPLY_WORKFLOW],
    ['.github/workflows/pull-request.yml', PULL_REQUEST_WORKFLOW],
  ]);
  for (const { name, domain, purpose } of platform.environments) {
    files.set(`environments/${name}/environment.ts`, environmentSource({ name, domain, purpose, services: [], library: 'shipshape', servicesModule: '../../services' }));
  }
  return files;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

const CDK8S_YAML = `# \`npm run cdk8s:synth\` runs every environment through cdk8s's own App.synth() into dist/: the objects
# \`npm run synth\` writes into manifests/. (\`--no-check-upgrade\`: cdk8s's upgrade check prints a stack trace offline.)
language: typescript
app: npx shipshape cdk8s-app
output: dist
`;

const GITIGNORE = `node_modules/
# \`npm run cdk8s:synth\` writes here; manifests/ is what you commit.
dist/
# Rendered Secrets and preview environments hold plaintext or are throwaway: never committed.
.shipshape/
*.tgz
# A shipshape command's lock and temporary files beside a file it changes; the next command removes any a killed one left.
.*.lock
.*.tmp
`;

const GITATTRIBUTES = `# Secrets files merge key by key once the driver is configured in a clone (\`npm run secrets:merge-driver\`);
# without it git merges them line by line, which handles changes to different keys too.
environments/*/secrets.json merge=shipshape-secrets
`;

const ENVIRONMENTS_TEST = `import { join } from 'node:path';
import { synthesizePlatform } from 'shipshape/testing';

// What each environment deploys, file by file, as a snapshot, so a change to a service or an environment shows up
// as a diff to review (accept an intended one with \`npm test -- -u\`), and manifests/ in step with the definitions.
// \`npx shipshape new service <name>\` adds a test of the service on its own under test/services/.
const platform = synthesizePlatform(join(__dirname, '..'));

test('manifests/ is what synth writes (otherwise run \`npm run synth\` and commit it)', () => {
  expect(platform.staleManifests).toEqual([]);
});

describe.each(platform.environments.map((environment) => [environment.name, environment] as const))('environment %s', (_, environment) => {
  test.each([...environment.files.keys()])('%s matches its snapshot', (file) => {
    expect(environment.files.get(file)).toMatchSnapshot();
  });
});
`;

/** Test on every push, then apply each environment in order on main. */
function deployWorkflow(platform: PlatformTemplate): string {
  const jobs = platform.environments.map(({ name }, index) => `
  ${name}:
    needs: ${index === 0 ? 'test' : platform.environments[index - 1].name}
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    uses: ./.github/workflows/apply-environment.yml
    with:
      environment: ${name}
    secrets: inherit
`);
  return `# On every push: npm test (type-check, snapshots, manifests/ in step). On main, then: apply ${platform.environments.map((e) => e.name).join(', then ')}.
# Needs, per GitHub environment (${platform.environments.map((e) => e.name).join(', ')}): secrets KUBECONFIG (base64 kubeconfig) and SHIPSHAPE_TEAM_KEY
# (the environment's key, ~/.config/shipshape/keys/<env>/team.aes on the machine that ran \`shipshape init platform\`).
name: deploy

on:
  push:

permissions:
  contents: read

concurrency:
  group: deploy-\${{ github.ref }}
  cancel-in-progress: false # never cut an apply in half

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci --no-audit --no-fund
      - run: npm test
${jobs.join('')}`;
}

const APPLY_WORKFLOW = `# Applies one environment: verify and render its secrets, apply manifests/<env>, wait for every rollout.
name: apply-environment

on:
  workflow_call:
    inputs:
      environment:
        required: true
        type: string

permissions:
  contents: read

jobs:
  apply:
    runs-on: ubuntu-latest
    environment: \${{ inputs.environment }}
    concurrency:
      group: apply-\${{ inputs.environment }}
      cancel-in-progress: false
    env:
      ENV: \${{ inputs.environment }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci --no-audit --no-fund
      - name: The environment's key, from the GitHub environment's secrets, in a private folder
        env:
          TEAM_KEY: \${{ secrets.SHIPSHAPE_TEAM_KEY }}
        run: |
          install -d -m 700 "$RUNNER_TEMP/keys" "$RUNNER_TEMP/keys/$ENV"
          install -m 600 /dev/null "$RUNNER_TEMP/keys/$ENV/team.aes"
          printf '%s' "$TEAM_KEY" > "$RUNNER_TEMP/keys/$ENV/team.aes"
          echo "SHIPSHAPE_KEYS_DIR=$RUNNER_TEMP/keys" >> "$GITHUB_ENV"
      - name: Every secret a service requires is stored and decrypts
        run: npx shipshape secrets verify "$ENV"
      - name: Cluster access
        env:
          KUBECONFIG_B64: \${{ secrets.KUBECONFIG }}
        run: |
          install -m 600 /dev/null "$RUNNER_TEMP/kubeconfig"
          printf '%s' "$KUBECONFIG_B64" | base64 -d > "$RUNNER_TEMP/kubeconfig"
          echo "KUBECONFIG=$RUNNER_TEMP/kubeconfig" >> "$GITHUB_ENV"
      - name: Namespace first
        run: kubectl apply -f "manifests/$ENV/00-environment.yaml"
      - name: Secrets, decrypted in memory and piped to the cluster (never written to disk)
        run: npx shipshape secrets render "$ENV" | kubectl apply -f -
      - name: Apply the environment
        run: kubectl apply -f "manifests/$ENV"
      - name: Wait for every rollout
        run: kubectl rollout status deployment -n "$ENV" -l "shipshape.dev/environment=$ENV" --timeout=10m
`;

const PULL_REQUEST_WORKFLOW = `# On a pull request: npm test, and what it changes in each environment in the job summary.
name: pull-request

on:
  pull_request:

permissions:
  contents: read

env:
  # Pass the base branch through the environment, never into the script text.
  BASE_REF: \${{ github.base_ref }}

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # shipshape diff reads the base branch's committed manifests
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci --no-audit --no-fund
      - run: npm test
      - name: What this pull request changes in each environment
        run: |
          {
            echo '\`\`\`'
            npx shipshape diff --ref "origin/$BASE_REF" || true
            echo '\`\`\`'
          } >> "$GITHUB_STEP_SUMMARY"
`;

function readme(platform: PlatformTemplate): string {
  const [first] = platform.environments;
  return `# ${platform.name}

Our services and environments, defined in TypeScript with [shipshape](https://www.npmjs.com/package/shipshape);
\`manifests/\` holds what they synthesize, and is what the deploy pipeline applies.

\`\`\`sh
npm install && npm run synth   # the first time (later: npm ci); commit package-lock.json and manifests/
npm test                       # type-check, a snapshot of every file of every environment, manifests/ in step
\`\`\`

| Folder | What |
|---|---|
| \`services/\` | One file per service (\`defineService\`), exported from \`services/index.ts\` |
| \`environments/<env>/\` | \`environment.ts\` (which services run there, with what overrides), \`secrets.json\` (encrypted values), \`versions.json\` (releases) |
| \`manifests/<env>/\` | What synth writes: commit it with the change that made it |
| \`test/\` | The snapshots of each environment, and a test per service under \`test/services/\` |

## Add a service

\`\`\`sh
npx shipshape new service billing --env ${platform.environments.map((e) => e.name).join(',')}
npm test    # records its snapshots; commit them with the service
\`\`\`

## Add an environment

\`\`\`sh
npx shipshape new environment qa --from ${first.name}   # its key is made outside the repository
npx shipshape secrets set-all qa                    # the secrets it names, as SERVICE KEY=value lines on stdin; then it synthesizes
npm test                                            # records qa's snapshots; commit environments/qa/ and manifests/
\`\`\`

## Secrets

Values are stored encrypted in \`environments/<env>/secrets.json\`, for the keys each environment lists in
\`encryptionKeys\`. \`shipshape init platform\` made one AES key per environment in \`~/.config/shipshape/keys/\`
(or \`$SHIPSHAPE_KEYS_DIR\`): share it with whoever reads that environment's secrets, and give it to CI as the GitHub
environment secret \`SHIPSHAPE_TEAM_KEY\`. \`npx shipshape secrets set <env> <service> <KEY>\` stores one value (from
stdin or a hidden prompt), \`secrets set-all <env>\` many, \`secrets list <env>\` shows what is stored. Run
\`npm run secrets:merge-driver\` once per clone, so git merges \`secrets.json\` key by key.

## Deploy

\`.github/workflows/\`: every push runs \`npm test\`; on \`main\`, each environment in turn verifies its secrets, applies
its Namespace, its Secrets (\`shipshape secrets render <env> | kubectl apply -f -\`) and \`manifests/<env>\`, and waits
for the rollouts. Each GitHub environment needs the secrets \`KUBECONFIG\` (base64) and \`SHIPSHAPE_TEAM_KEY\`.

\`npx shipshape --help\` lists every command; \`npm run cdk8s:synth\` gives the same objects through the cdk8s CLI.
`;
}
