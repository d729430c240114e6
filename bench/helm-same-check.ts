/**
 * `npm run bench:helm-check`: does bench/helm-same still render the objects that shipshape's synth writes for the
 * bench workload? Synthesizes 2 services × 3 environments with shipshape, as `npm run bench` does (generatePlatform,
 * then `node bin/shipshape.js synth --out <dir>`), renders the chart for the same services, and compares the two
 * as sets of objects, keyed by kind, namespace and name, each deep-equal after parsing the YAML. Prints every
 * difference and exits 1 on any; `npm run bench` runs it first and times no chart that renders other objects.
 *
 * Ignored, and only that: the secrets hash, in the pod template's `shipshape.dev/secrets-hash` annotation and at the
 * end of the Deployment's `kubernetes.io/change-cause` annotation. shipshape hashes the environment's ciphertexts;
 * helm has no ciphertexts to hash, so the chart hashes the secret keys' names instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { generatePlatform } from './generate-platform';
import { helmBinary } from './helm-binary';
import { helmSameCommand } from './helm-same';
import { writeHelmSameValues } from './helm-values';
import { differences } from './object-diff';

const ROOT = join(__dirname, '..');
const SERVICES = 2;
const SECRETS_HASH = '<secrets hash, not compared>';

/** Where the two programs' objects differ: which object (`kind namespace/name`), where in it, and each side's value (undefined where absent). */
export interface ObjectDifference {
  readonly object: string;
  readonly path: string;
  readonly shipshape: unknown;
  readonly helm: unknown;
}

/** Renders both programs for 2 services × 3 environments: how many objects shipshape wrote, and every difference from helm's. */
export async function checkHelmSame(helm: string = helmBinary()): Promise<{ objects: number; differences: ObjectDifference[] }> {
  const work = mkdtempSync(join(tmpdir(), 'shipshape-helm-check-'));
  try {
    const platform = join(work, 'platform');
    await generatePlatform(platform, SERVICES, join(ROOT, 'lib'));
    const shipshapeOut = join(work, 'shipshape');
    run(process.execPath, [join(ROOT, 'bin', 'shipshape.js'), 'synth', '--out', shipshapeOut], platform);

    const values = join(work, 'values');
    writeHelmSameValues(values, SERVICES);
    const helmOut = join(work, 'helm');
    const command = helmSameCommand(helm, values, () => helmOut);
    run(command.file, command.args(0), command.cwd);

    const shipshapeObjects = readObjects(shipshapeOut);
    return { objects: [...shipshapeObjects.values()].flat().length, differences: compare(shipshapeObjects, readObjects(helmOut)) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function run(file: string, args: readonly string[], cwd: string): void {
  const result = spawnSync(file, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed (${result.status ?? result.error?.message}):\n${result.stderr}`);
}

/** The objects in the YAML files under a folder, by `kind namespace/name` (a list, so that an object written twice shows). */
function readObjects(folder: string, objects = new Map<string, Record<string, unknown>[]>()): Map<string, Record<string, unknown>[]> {
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) readObjects(path, objects);
    else if (entry.endsWith('.yaml')) {
      for (const document of parseAllDocuments(readFileSync(path, 'utf8'))) {
        if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0].message}`);
        const object = document.toJS() as Record<string, unknown> | null;
        if (object === null) continue;
        const key = objectKey(object);
        objects.set(key, [...(objects.get(key) ?? []), withoutSecretsHash(object)]);
      }
    }
  }
  return objects;
}

function objectKey(object: Record<string, unknown>): string {
  const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
  return `${String(object.kind)} ${metadata.namespace ? `${metadata.namespace}/` : ''}${metadata.name}`;
}

/** The object with its secrets hash replaced by a placeholder, where it has one: see the top of this file. */
function withoutSecretsHash(object: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(object) as { metadata?: { annotations?: Record<string, unknown> }; spec?: { template?: { metadata?: { annotations?: Record<string, unknown> } } } };
  const podAnnotations = copy.spec?.template?.metadata?.annotations;
  if (podAnnotations && 'shipshape.dev/secrets-hash' in podAnnotations) podAnnotations['shipshape.dev/secrets-hash'] = SECRETS_HASH;
  const annotations = copy.metadata?.annotations;
  const changeCause = annotations?.['kubernetes.io/change-cause'];
  if (annotations && typeof changeCause === 'string') annotations['kubernetes.io/change-cause'] = changeCause.replace(/, secrets [0-9a-f]+$/, `, secrets ${SECRETS_HASH}`);
  return copy as Record<string, unknown>;
}

function compare(shipshape: Map<string, Record<string, unknown>[]>, helm: Map<string, Record<string, unknown>[]>): ObjectDifference[] {
  const keys = [...new Set([...shipshape.keys(), ...helm.keys()])].sort();
  return keys.flatMap((object) => {
    const ours = shipshape.get(object) ?? [];
    const theirs = helm.get(object) ?? [];
    if (ours.length !== 1 || theirs.length !== 1) return [{ object, path: '(the object)', shipshape: written(ours.length), helm: written(theirs.length) }];
    return differences(ours[0], theirs[0]).map(({ path, left, right }) => ({ object, path, shipshape: left, helm: right }));
  });
}

function written(count: number): string {
  return count === 0 ? 'absent' : count === 1 ? 'written once' : `written ${count} times`;
}

/** A difference as the check prints it. */
export function describe(difference: ObjectDifference): string {
  const value = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
  return `${difference.object}  ${difference.path}\n    shipshape: ${value(difference.shipshape)}\n    helm:      ${value(difference.helm)}`;
}

async function main(): Promise<void> {
  const { objects, differences: found } = await checkHelmSame();
  if (found.length > 0) {
    process.stderr.write(`bench/helm-same renders other objects than shipshape's synth of the bench workload (${SERVICES} services × 3 environments): ${found.length} differences\n\n`);
    process.stderr.write(`${found.map(describe).join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`bench/helm-same renders the same ${objects} objects as shipshape's synth of the bench workload (${SERVICES} services × 3 environments), secrets hash aside\n`);
}

if (require.main === module) void main();
