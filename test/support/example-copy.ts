import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import type { Terminal } from '../../lib/cli/terminal';

/** The repository root: the example platform. */
export const root = join(__dirname, '..', '..');

/** A throwaway copy of the example platform repo, so tests can change it. */
export function copyOfExample(): string {
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-test-'));
  for (const entry of ['services', 'environments', 'manifests', 'README.md']) cpSync(join(root, entry), join(folder, entry), { recursive: true });
  // The copy's definitions import '../lib', which this file points at the library in this checkout.
  writeFileSync(join(folder, 'lib.ts'), `export * from ${JSON.stringify(join(root, 'lib'))};\n`);
  return folder;
}

/** Makes the folder a git repository with everything committed, like a fresh clone. */
export function commitAll(folder: string, message = 'example'): void {
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-q', '-m', message]]) {
    const result = spawnSync('git', args, { cwd: folder, encoding: 'utf8' });
    if (result.status !== 0 && !(args[0] === 'init' && /Reinitialized/.test(result.stdout))) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  }
}

/** Runs `shipshape <args>` in-process in a folder and records what it prints. */
export async function shipshape(cwd: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const terminal: Terminal = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const status = await main(['node', 'shipshape', ...args], terminal, cwd);
  return { status, stdout: out.map((line) => `${line}\n`).join(''), stderr: err.map((line) => `${line}\n`).join('') };
}
