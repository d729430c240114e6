import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder } from './support/files-under';
import { scratchFolder } from './support/scratch-folder';
import { shipshape } from './support/shipshape-cli';

const root = join(__dirname, '..');
const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('shipshape init service-repo', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = scratchFolder('shipshape-init');
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));
  const read = (path: string) => readFileSync(join(workspace, path), 'utf8');

  test('writes a repository with the definition, a test on shipshape/testing, and a README with its two commands', async () => {
    const run = await shipshape(workspace, ['init', 'service-repo', 'billing']);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toBe([
      'created billing/package.json',
      'created billing/tsconfig.json',
      'created billing/tsconfig.build.json',
      'created billing/jest.config.js',
      'created billing/.gitignore',
      'created billing/README.md',
      'created billing/src/service.ts',
      'created billing/test/service.test.ts',
      'next: cd billing && npm install && npm test',
      '',
    ].join('\n'));

    const pkg = JSON.parse(read('billing/package.json'));
    expect(pkg).toMatchObject({ name: 'billing', main: 'build/service.js', types: 'build/service.d.ts', files: ['build/'] });
    expect(pkg.scripts).toEqual({ test: 'tsc --noEmit && jest', build: 'tsc -p tsconfig.build.json', prepack: 'npm run build' });
    // shipshape is a peer, so the platform's own copy (and its one copy of constructs) is the one in use.
    expect(pkg.peerDependencies).toEqual({ shipshape: `^${own.version}` });
    expect(pkg.devDependencies).toEqual({
      shipshape: `^${own.version}`,
      jest: own.devDependencies.jest,
      '@swc/jest': own.devDependencies['@swc/jest'],
      // The same swc that shipshape loads TypeScript definitions with.
      '@swc/core': own.dependencies['@swc/core'],
      typescript: own.devDependencies.typescript,
      '@types/jest': own.devDependencies['@types/jest'],
      '@types/node': own.devDependencies['@types/node'],
    });

    expect(read('billing/src/service.ts')).toMatch(/^import \{ defineService \} from 'shipshape';\n[\s\S]*export const billing = defineService\(\{\n  name: 'billing',\n  \/\/ .*\n  image: 'ghcr.io\/example\/billing:0.1.0',/);
    expect(read('billing/test/service.test.ts')).toMatch(/^import \{ assertService, ENVIRONMENT_KINDS, synthesizeService \} from 'shipshape\/testing';\nimport \{ billing \} from '\.\.\/src\/service';/);
    const readme = read('billing/README.md');
    expect(readme).toContain('npm install     # shipshape, cdk8s and the test tools\nnpm test        #');
    expect(readme).toContain("export { billing } from '@flowline/billing';");
    expect(readme).toContain('npx shipshape new service billing');
  });

  test('a packed tarball becomes a file: dependency that npm finds from the new repository', async () => {
    writeFileSync(join(workspace, 'shipshape-0.1.0.tgz'), '');
    expect((await shipshape(workspace, ['init', 'service-repo', 'repos/billing-worker', '--shipshape', './shipshape-0.1.0.tgz', '--image', 'ghcr.io/acme/billing-worker:2.0.0'])).status).toBe(0);
    expect(JSON.parse(read('repos/billing-worker/package.json')).devDependencies.shipshape).toBe(`file:${join(workspace, 'shipshape-0.1.0.tgz')}`);
    expect(read('repos/billing-worker/src/service.ts')).toContain("export const billingWorker = defineService({\n  name: 'billing-worker',");
  });

  test.each<[string, string[], string]>([
    ['a folder that is not empty', ['init', 'service-repo', 'billing'], 'error: service billing, field <dir>: billing already exists and is not empty; choose a new folder.'],
    ['a folder name that is not a service name', ['init', 'service-repo', 'Billing_Service'], 'error: service Billing_Service, field <dir>: the service name "Billing_Service" is not a DNS-1035 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit); name the folder like a service, e.g. "billing", or pass --service <name>.'],
    ['an invalid --service', ['init', 'service-repo', 'repo', '--service', '9lives'], 'error: service 9lives, field --service: the service name "9lives" is not a DNS-1035 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit); use a short lowercase name such as "billing" or "billing-worker".'],
  ])('refuses %s with one sentence and writes nothing', async (_, args, message) => {
    mkdirSync(join(workspace, 'billing'));
    writeFileSync(join(workspace, 'billing', 'notes.md'), 'ours\n');
    const before = filesUnder(workspace);
    const run = await shipshape(workspace, args);
    expect(run.stderr).toBe(`${message}\n`);
    expect(run.status).toBe(1);
    expect(filesUnder(workspace)).toEqual(before);
  });
});
