import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { synthesizeEnvironments } from '../../lib';
import { loadEnvironments } from '../../lib/cli/environment-loading';
import { projectAt } from '../../lib/cli/project';
import { writeManifestFolder } from '../../lib/synth/manifest-folder';
import { scratchFolder } from './scratch-folder';

const root = join(__dirname, '..', '..');

/**
 * Makes small platform repos, each in a fresh temporary folder, laid out like the example (services/,
 * environments/, synthesized manifests/), with two services and two environments. They import '../lib' and
 * '../../lib/testing' as the example does; both lead to the library in this checkout. Call it at the top of
 * a test file: the first repo is synthesized, later ones are copies of it, and the original is removed
 * after the file's last test.
 */
export function platformFixtures(): () => string {
  let template: string | undefined;
  afterAll(() => {
    if (template) rmSync(template, { recursive: true, force: true });
  });
  return () => {
    // Each test gets its own copy: a module loaded from one path stays cached in the test process, so a
    // test that edits an environment file must be the first to load it from that path.
    template ??= writeTemplate();
    const folder = scratchFolder('shipshape-platform');
    cpSync(template, folder, { recursive: true });
    return folder;
  };
}

function writeTemplate(): string {
  const folder = scratchFolder('shipshape-platform-template');
  const files: Record<string, string> = {
    'lib/index.ts': `export * from ${JSON.stringify(join(root, 'lib'))};\n`,
    'lib/testing.ts': `export * from ${JSON.stringify(join(root, 'lib', 'testing'))};\n`,
    'services/index.ts': "// Every service of the platform; environments pick from this list.\nexport { api } from './api';\nexport { web } from './web';\n",
    'services/api.ts': [
      "import { defineService } from '../lib';",
      '',
      'export const api = defineService({',
      "  name: 'api',",
      "  image: 'ghcr.io/acme/api:1.4.2',",
      "  ports: [{ name: 'http', port: 8080 }],",
      "  health: { path: '/readyz', livenessPath: '/livez' },",
      '});',
      '',
    ].join('\n'),
    'services/web.ts': [
      "import { defineService } from '../lib';",
      '',
      'export const web = defineService({',
      "  name: 'web',",
      "  image: 'ghcr.io/acme/web:3.0.1',",
      "  ports: [{ name: 'http', port: 3000 }],",
      "  health: { path: '/healthz' },",
      "  ingress: { subdomain: 'www' },",
      "  dependsOn: ['api'],",
      '});',
      '',
    ].join('\n'),
    ...Object.fromEntries(['staging', 'production'].map((name) => [`environments/${name}/environment.ts`, [
      "import { defineEnvironment } from '../../lib';",
      "import { api, web } from '../../services';",
      '',
      'export default defineEnvironment({',
      `  name: '${name}',`,
      `  domain: '${name === 'production' ? 'acme.io' : 'staging.acme.dev'}',`,
      '  services: [api, web],',
      '});',
      '',
    ].join('\n')])),
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  writeManifestFolder(join(folder, 'manifests'), synthesizeEnvironments(loadEnvironments(projectAt(folder))), true);
  return folder;
}
