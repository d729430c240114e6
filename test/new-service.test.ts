import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addServiceToEnvironment, serviceIdentifier } from '../lib/cli/scaffold/source-edits';
import { filesUnder } from './support/files-under';
import { platformFixtures } from './support/platform-fixture';
import { shipshape } from './support/shipshape-cli';

const platformFixture = platformFixtures();

describe('shipshape new service', () => {
  let project: string;
  beforeEach(() => {
    project = platformFixture();
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));
  const read = (path: string) => readFileSync(join(project, path), 'utf8');

  test('writes the service and its test, adds it to the chosen environments, and synthesizes them', async () => {
    const productionBefore = read('environments/production/environment.ts');
    const run = await shipshape(project, ['new', 'service', 'billing-worker', '--env', 'staging']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'created services/billing-worker.ts',
      'created test/services/billing-worker.test.ts',
      'edited  services/index.ts',
      'edited  environments/staging/environment.ts',
    ]);
    expect(run.stdout.split('\n').slice(-2)).toEqual(["next: set services/billing-worker.ts's image to the release you build, run `npm test` to record its snapshots, and commit", '']);

    expect(read('services/index.ts').trimEnd().split('\n').at(-1)).toBe("export { billingWorker } from './billing-worker';");
    const staging = read('environments/staging/environment.ts');
    expect(staging).toContain("import { api, billingWorker, web } from '../../services';");
    expect(staging).toContain('services: [api, web, billingWorker],');
    expect(read('environments/production/environment.ts')).toBe(productionBefore);

    const service = read('services/billing-worker.ts');
    expect(service).toContain("import { defineService } from '../lib';");
    expect(service).toContain("export const billingWorker = defineService({\n  name: 'billing-worker',");
    expect(service).toContain("image: 'ghcr.io/acme/billing-worker:0.1.0',");
    expect(read('test/services/billing-worker.test.ts')).toMatch(/^import \{ assertService, ENVIRONMENT_KINDS, synthesizeService \} from '\.\.\/\.\.\/lib\/testing';\nimport \{ billingWorker \} from '\.\.\/\.\.\/services\/billing-worker';/);

    // The manifests are in step with the definitions, so the drift check passes.
    expect(read('manifests/staging/billing-worker.yaml')).toContain('image: ghcr.io/acme/billing-worker:0.1.0');
    expect(await shipshape(project, ['check'])).toMatchObject({ status: 0, stderr: '' });
  });

  test('adds it to every environment when --env is not given', async () => {
    expect((await shipshape(project, ['new', 'service', 'ledger'])).status).toBe(0);
    for (const environment of ['production', 'staging']) {
      expect(read(`environments/${environment}/environment.ts`)).toContain('services: [api, web, ledger],');
      expect(read(`manifests/${environment}/ledger.yaml`)).toContain('kind: Deployment');
    }
  });

  describe('refuses with one sentence and writes nothing', () => {
    test.each<[string, string[], (project: string) => void, string]>([
      ['an invalid name', ['Billing_Svc'], () => {}, 'error: service Billing_Svc, field name: the service name "Billing_Svc" is not a DNS-1035 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit); use a short lowercase name such as "billing" or "billing-worker".'],
      ['an existing service', ['api'], () => {}, 'error: service api: services/api.ts already exists; choose another name, or edit that file.'],
      ['a name services/index.ts already exports', ['ledger'], (p) => writeFileSync(join(p, 'services/index.ts'), "export { ledger } from './legacy-ledger';\n", { flag: 'a' }),
        'error: service ledger, field services/index.ts: already exports ledger (line 4); choose another name, or remove the old service first.'],
      ['an unknown environment', ['ledger', '--env', 'staging,qa'], () => {}, 'error: environment qa, service ledger, field --env: there is no environments/qa/environment.ts; choose from production, staging.'],
      ['a pinned image that is not one', ['ledger', '--image', 'ghcr.io/acme/ledger:latest'], () => {},
        'error: service ledger, field --image: "ghcr.io/acme/ledger:latest" uses the tag "latest", which changes under a running Deployment; pin a release tag such as "1.4.2" or a digest.'],
      ['a services/index.ts it does not recognise', ['ledger'], (p) => writeFileSync(join(p, 'services/index.ts'), "export const all = [];\n", { flag: 'a' }),
        "error: service ledger, field services/index.ts: line 4 (`export const all = [];`) is not an `export { … } from './…';` line, so shipshape cannot edit it safely and wrote nothing; add `export { ledger } from './ledger';` to it yourself, or make the file look like the one shipshape's README shows and run the command again."],
      ['an environment that computes its services', ['ledger'], (p) => {
        const file = join(p, 'environments/production/environment.ts');
        writeFileSync(file, readFileSync(file, 'utf8').replace('services: [api, web]', 'services: [...core]').replace('export default', 'const core = [api, web];\nexport default'));
      }, "error: environment production, service ledger, field environments/production/environment.ts: has no single `services: [ … ]` list of plain names to add ledger to, so shipshape cannot edit it safely and wrote nothing; add ledger to its services yourself, or make the file look like the one shipshape's README shows and run the command again."],
      ['an environment that imports every service at once', ['ledger', '--env', 'staging'], (p) => {
        const file = join(p, 'environments/staging/environment.ts');
        writeFileSync(file, readFileSync(file, 'utf8').replace("import { api, web } from '../../services';", "import * as all from '../../services';\nconst { api, web } = all;"));
      }, "error: environment staging, service ledger, field environments/staging/environment.ts: has no single `import { … } from '…/services'` to add ledger to, so shipshape cannot edit it safely and wrote nothing; import it and add it to its services yourself, or make the file look like the one shipshape's README shows and run the command again."],
    ])('%s', async (_, args, prepare, message) => {
      prepare(project);
      const before = filesUnder(project);
      const run = await shipshape(project, ['new', 'service', ...args]);
      expect(run.stderr).toBe(`${message}\n`);
      expect(run.status).toBe(1);
      expect(filesUnder(project)).toEqual(before);
    });
  });
});

describe('editing an environment file', () => {
  const file = { environment: 'qa', path: '/repo/environments/qa/environment.ts', shown: 'environments/qa/environment.ts', servicesFolder: '/repo/services' };

  test('keeps a multi-line layout, its indentation and trailing commas, and the import order when it is sorted', () => {
    const source = [
      'import { defineEnvironment } from "shipshape";',
      'import {',
      '  api,',
      '  web,',
      '} from "../../services";',
      '',
      'export default defineEnvironment({',
      '  name: "qa",',
      '  services: [',
      '    web,',
      '    api,',
      '  ],',
      '});',
    ].join('\n');
    expect(addServiceToEnvironment(source, 'billing', 'billing', file).split('\n')).toEqual([
      'import { defineEnvironment } from "shipshape";',
      'import {',
      '  api,',
      '  billing,',
      '  web,',
      '} from "../../services";',
      '',
      'export default defineEnvironment({',
      '  name: "qa",',
      '  services: [',
      '    web,',
      '    api,',
      '    billing,',
      '  ],',
      '});',
    ]);
  });

  test('appends to an unsorted import, and imports a single file where the environment imports service files', () => {
    const unsorted = "import { web, api } from '../../services';\nexport default defineEnvironment({ services: [web, api] });\n";
    expect(addServiceToEnvironment(unsorted, 'billing', 'billing', file)).toBe("import { web, api, billing } from '../../services';\nexport default defineEnvironment({ services: [web, api, billing] });\n");
    const perFile = "import { api } from '../../services/api';\nimport { web } from '../../services/web';\n\nexport default defineEnvironment({ services: [api, web] });\n";
    expect(addServiceToEnvironment(perFile, 'billingWorker', 'billing-worker', file)).toBe(
      "import { api } from '../../services/api';\nimport { web } from '../../services/web';\nimport { billingWorker } from '../../services/billing-worker';\n\nexport default defineEnvironment({ services: [api, web, billingWorker] });\n",
    );
  });

  test('imports the service where the environment runs none yet, as `init platform` writes them', () => {
    const empty = "import { defineEnvironment, EncryptionKey } from 'shipshape';\n\nexport default defineEnvironment({ name: 'qa', services: [], encryptionKeys: [EncryptionKey.aes('team')] });\n";
    expect(addServiceToEnvironment(empty, 'billing', 'billing', file)).toBe(
      "import { defineEnvironment, EncryptionKey } from 'shipshape';\nimport { billing } from '../../services';\n\nexport default defineEnvironment({ name: 'qa', services: [billing], encryptionKeys: [EncryptionKey.aes('team')] });\n",
    );
  });

  test('service names become identifiers that cannot clash with the language or the generated imports', () => {
    expect(serviceIdentifier('billing-worker')).toBe('billingWorker');
    expect(serviceIdentifier('delete')).toBe('deleteService');
    expect(serviceIdentifier('define-service')).toBe('defineServiceService');
  });
});
