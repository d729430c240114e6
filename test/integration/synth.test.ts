import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flowlineCopies } from '../support/flowline';
import { shipshapeProcess } from '../support/shipshape-cli';

// `node bin/shipshape.js synth` as a shell runs it; test/synth.test.ts runs synth in process.
const copyOfFlowline = flowlineCopies();
let project: string;
beforeEach(() => {
  project = copyOfFlowline();
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

test('a mistake fails synth with exit code 1 and one sentence on stderr, no stack trace, and leaves manifests/ as it was', () => {
  const file = join(project, 'services/api.ts');
  writeFileSync(file, readFileSync(file, 'utf8').replace('api:2.14.0', 'api:latest'));
  const before = readFileSync(join(project, 'manifests/staging/api.yaml'), 'utf8');
  const synth = shipshapeProcess(project, ['synth']);
  expect(synth.status).toBe(1);
  expect(synth.stderr).toBe(
    'error: environment production, service api, field image: "ghcr.io/flowline/api:latest" uses the tag "latest", which changes under a running Deployment; pin a release tag such as "1.4.2" or a digest.\n',
  );
  expect(readFileSync(join(project, 'manifests/staging/api.yaml'), 'utf8')).toBe(before);
  expect(existsSync(join(project, 'manifests/production/api.yaml'))).toBe(true);
});

test('a service file that does not compile is named with the compiler\'s line, without swc\'s backtrace', () => {
  writeFileSync(join(project, 'services/ledger.ts'), "import { defineService } from '../lib';\n\nexport const ledger = defineService({\n  name: 'ledger',\n  image: 'ghcr.io/flowline/ledger:1.0.0'\n  replicas: 2,\n});\n");
  writeFileSync(join(project, 'services/index.ts'), `${readFileSync(join(project, 'services/index.ts'), 'utf8')}export { ledger } from './ledger';\n`);
  const synth = shipshapeProcess(project, ['synth']);
  expect(synth.status).toBe(1);
  expect(synth.stderr).toBe("error: environment production, field services/ledger.ts: does not compile at line 6, column 3: Expected ',', got 'ident'; fix the syntax there (your editor or `npm run typecheck` shows it too).\n");
});
