import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { platformFixtures } from './support/platform-fixture';
import { shipshape } from './support/shipshape-cli';

const platformFixture = platformFixtures();

/** Edits a file of the fixture: `change` gets its text and returns the new one. */
function edit(project: string, file: string, change: (text: string) => string): void {
  writeFileSync(join(project, file), change(readFileSync(join(project, file), 'utf8')));
}

describe('a definition that fails to load is reported against the file at fault, in one line', () => {
  test('a service file that does not compile: the file, the line and the compiler\'s message, without its backtrace', async () => {
    const project = platformFixture();
    writeFileSync(join(project, 'services', 'orders.ts'), "import { defineService } from '../lib';\n\nexport const orders = defineService({\n  name: 'orders',\n  image: 'ghcr.io/acme/orders:1.0.0'\n  replicas: 2,\n});\n");
    appendFileSync(join(project, 'services', 'index.ts'), "export { orders } from './orders';\n");
    const run = await shipshape(project, ['synth']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("error: environment production, field services/orders.ts: does not compile at line 6, column 3: Expected ',', got 'ident'; fix the syntax there (your editor or `npm run typecheck` shows it too).\n");
  });

  test('an import of a file that does not exist names the file that imports it, without a require stack', async () => {
    const project = platformFixture();
    edit(project, 'environments/staging/environment.ts', (text) => `import ports from './ports.json';\n${text.replace("services: [api, web],", 'services: [api, web],\n  partOf: ports.system,')}`);
    const run = await shipshape(project, ['synth', '--env', 'staging']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('error: environment staging, field environments/staging/environment.ts: imports ./ports.json, which does not exist; correct the path, or create the file.\n');
  });

  test('an import of a package that is not installed says how to install it', async () => {
    const project = platformFixture();
    edit(project, 'services/web.ts', (text) => `import { shard } from 'shipshape-test-absent-package/shards';\n${text.replace("name: 'web',", "name: 'web',\n  description: shard,")}`);
    const run = await shipshape(project, ['synth']);
    expect(run.stderr).toBe('error: environment production, field services/web.ts: imports shipshape-test-absent-package/shards, which is not installed; install it (`npm install shipshape-test-absent-package`) or remove the import.\n');
  });

  test('a mistake in a service file names the environment that loaded it, the service and the field', async () => {
    const project = platformFixture();
    edit(project, 'services/api.ts', (text) => text.replace("  health:", "  replicas: '3' as any,\n  health:"));
    const run = await shipshape(project, ['synth']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('error: environment production, service api, field replicas: expected a replica count from 0 to 1000, found the string "3"; write it as a number, without quotes: 3.\n');
  });
});

test('an environment exported without defineEnvironment is checked all the same', async () => {
  const project = platformFixture();
  edit(project, 'environments/staging/environment.ts', (text) => text.replace('defineEnvironment({', '({').replace('services: [api, web],', "services: 'api, web',"));
  const run = await shipshape(project, ['synth', '--env', 'staging']);
  expect(run.stderr).toBe('error: environment staging, field services: expected a list of services made with defineService, such as [api, web], found the string "api, web"; write it as a list: ["api, web"].\n');
});
