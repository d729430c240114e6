import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** This checkout. */
export const root = join(__dirname, '..', '..');

/**
 * The demo keys that open the example environments' secrets, copied to a private folder:
 * git does not keep file modes, so in a fresh clone the committed files are readable by all,
 * and shipshape rightly warns about key files like that.
 */
export const demoKeys = privateCopy(join(root, 'demo-keys'));

function privateCopy(folder: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'shipshape-demo-keys-'));
  cpSync(folder, copy, { recursive: true });
  const restrict = (path: string): void => {
    if (statSync(path).isDirectory()) readdirSync(path).forEach((entry) => restrict(join(path, entry)));
    else chmodSync(path, 0o600);
  };
  restrict(copy);
  return copy;
}

/** A throwaway copy of the example platform repo, so tests can change and break it. */
export function copyOfExample(): string {
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-test-'));
  for (const entry of ['services', 'environments', 'manifests']) cpSync(join(root, entry), join(folder, entry), { recursive: true });
  // The copy's definitions import '../lib', which this file points at the library in this checkout.
  writeFileSync(join(folder, 'lib.ts'), `export * from ${JSON.stringify(join(root, 'lib'))};\n`);
  return folder;
}

/** How to run the CLI: what to pipe in, and environment variables on top of a clean set. */
export interface RunOptions {
  readonly input?: string;
  readonly env?: Record<string, string>;
}

/** Runs `shipshape <args>` in a folder, with no key at hand unless `env` gives one. */
export function shipshape(cwd: string, args: readonly string[], options: RunOptions = {}) {
  const env = { PATH: process.env.PATH ?? '', HOME: join(cwd, '.home'), SHIPSHAPE_KEYS_DIR: join(cwd, '.no-keys'), ...options.env };
  return spawnSync(process.execPath, [join(root, 'bin', 'shipshape.js'), ...args], { cwd, env, input: options.input ?? '', encoding: 'utf8' });
}
