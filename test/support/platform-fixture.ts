import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { synthesizeEnvironments } from '../../lib';
import { loadEnvironments, projectAt } from '../../lib/cli/project';
import { writeManifestFolder } from '../../lib/synth/manifest-folder';
import { scratchFolder } from './scratch-folder';

const root = join(__dirname, '..', '..');

let template: string | undefined;
// Made on first use, which may be inside a test, where no hook can be added; so the hook is added here.
afterAll(() => {
  if (template) rmSync(template, { recursive: true, force: true });
  template = undefined;
});

/**
 * A small platform repo in a fresh temporary folder, laid out like the example (services/, environments/,
 * synthesized manifests/), with two services and two environments. It imports '../lib' and
 * '../../lib/testing' as the example does; both lead to the library in this checkout.
 */
export function platformFixture(): string {
  // Each test gets its own copy: a module loaded from one path stays cached for the test file, so a
  // test that edits an environment file must be the first to load it from that path.
  template ??= writeTemplate();
  const folder = scratchFolder('shipshape-platform');
  cpSync(template, folder, { recursive: true });
  return folder;
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
