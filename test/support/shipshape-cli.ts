import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../lib/cli/main';
import type { Terminal } from '../../lib/cli/terminal';

/** This checkout, where bin/shipshape.js is. */
const root = join(__dirname, '..', '..');

/** How to run the CLI: what comes on stdin, and environment variables on top of a clean set. */
export interface RunOptions {
  readonly input?: string;
  readonly env?: Record<string, string>;
}

/** What a run left: the exit code and everything printed. */
export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The variables a run sees: PATH, and no key at hand unless `env` gives one (HOME and
 * SHIPSHAPE_KEYS_DIR point at folders inside the project that do not exist).
 */
function variablesFor(cwd: string, env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: join(cwd, '.home'), SHIPSHAPE_KEYS_DIR: join(cwd, '.no-keys'), ...env };
}

/**
 * Runs `shipshape <args>` in a folder, in this process: what a user sees (exit code, stdout,
 * stderr), at the cost of a function call instead of a Node start-up.
 */
export async function shipshape(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const terminal: Terminal = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const stdin = Readable.from([Buffer.from(options.input ?? '', 'utf8')]);
  const status = await main(['node', 'shipshape', ...args], terminal, cwd, { variables: variablesFor(cwd, options.env), stdin });
  return { status, stdout: out.map((line) => `${line}\n`).join(''), stderr: err.map((line) => `${line}\n`).join('') };
}

/**
 * Runs `node bin/shipshape.js <args>` as its own process, for what only a process shows: the exit
 * code and stderr a user's shell gets, real stdin, signals, and the bin loading the sources.
 */
export function shipshapeProcess(cwd: string, args: readonly string[], options: RunOptions = {}): RunResult {
  return spawnSync(process.execPath, [join(root, 'bin', 'shipshape.js'), ...args], { cwd, env: variablesFor(cwd, options.env), input: options.input ?? '', encoding: 'utf8' });
}
