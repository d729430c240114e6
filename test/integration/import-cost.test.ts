import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Every definition imports shipshape's public surface, so whatever it loads, every command pays for.
const ROOT = join(__dirname, '..', '..');

/** Runs `script` in a fresh node with the CLI's TypeScript loader; returns what it printed, as JSON. */
function inFreshProcess(script: string): unknown {
  const child = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(ROOT, 'lib', 'loader', 'typescript-loader.js'))}).register();\n${script}`], { encoding: 'utf8', cwd: ROOT });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

// The `yaml` package at the top of node_modules, not the copy cdk8s bundles in its own folder.
const LOADED_YAML = `() => Object.keys(require.cache).some((path) => path.includes('/node_modules/yaml/') && !path.includes('/cdk8s/node_modules/'))`;

test('importing the public surface does not load the yaml package (~35 ms); reading a manifest loads it', () => {
  const seen = inFreshProcess(`
    const yamlLoaded = ${LOADED_YAML};
    const shipshape = require('./lib/index.ts');
    const onImport = yamlLoaded();
    const { objects } = shipshape.readManifestText('apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: a\\n');
    process.stdout.write(JSON.stringify({ onImport, afterReading: yamlLoaded(), kinds: objects.map((o) => o.object.kind) }));`);
  expect(seen).toEqual({ onImport: false, afterReading: true, kinds: ['ConfigMap'] });
});
