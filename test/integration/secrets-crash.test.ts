import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsFile } from '../../lib';
import { filesUnder } from '../support/files-under';
import { secretsFixture, SecretsFixture } from '../support/secrets-fixture';
import { shipshape } from '../support/shipshape-cli';

jest.setTimeout(300_000);

// `secrets set`, `edit` and `rotate` killed with SIGKILL at random moments, as a crash or `kill -9` would: the
// secrets file must still parse with every value opening, and once the next command has run, nothing the killed
// one wrote may remain: no decrypted file of `edit`, no temporary file, no lock.
const bin = join(__dirname, '..', '..', 'bin', 'shipshape.js');
const TRIALS = 30;
const scratchBase = existsSync('/dev/shm') && statSync('/dev/shm').isDirectory() ? '/dev/shm' : tmpdir();

/** Starts the CLI in a process group of its own (the editor joins it), and kills the group after `killAfterMs`; undefined runs to the end. */
function run(cwd: string, args: readonly string[], env: Record<string, string>, input: string, killAfterMs?: number): Promise<{ pid: number; status: number | null; elapsedMs: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: join(cwd, '.home'), ...env }, detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.end(input);
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), killAfterMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ pid: child.pid!, status, elapsedMs: performance.now() - started });
    });
  });
}

interface Trial {
  /** The command, its stdin and variables for trial `n`. */
  readonly command: (n: number) => { readonly args: string[]; readonly input?: string; readonly env?: Record<string, string> };
  /** The values a trial may leave in the file, key by key: the earlier one, or the one it stores. */
  readonly allowed: (n: number, key: string, earlier: string) => readonly string[];
}

/** Marks this run's values, to find them in shared folders such as /dev/shm. */
const mark = randomBytes(6).toString('hex');
const earlierValues = { A: `earlier value of A ${mark}`, B: `earlier value of B ${mark}`, C: `earlier value of C ${mark}\non two lines` };

const trials: Record<string, Trial> = {
  set: {
    command: (n) => ({ args: ['secrets', 'set', 'sandbox', 'api', 'A'], input: `value of A from set ${n} ${mark}` }),
    allowed: (n, key, earlier) => (key === 'A' ? [earlier, `value of A from set ${n} ${mark}`] : [earlier]),
  },
  edit: {
    // An editor that takes a moment, then changes B (sed -i writes a temporary file of its own beside it).
    command: (n) => ({ args: ['secrets', 'edit', 'sandbox'], env: { EDITOR: `sleep 0.1; sed -i -e 's/^  B: .*/  B: value of B from edit ${n} ${mark}/'` } }),
    allowed: (n, key, earlier) => (key === 'B' ? [earlier, `value of B from edit ${n} ${mark}`] : [earlier]),
  },
  rotate: {
    command: () => ({ args: ['secrets', 'rotate', 'sandbox'] }),
    allowed: (_, __, earlier) => [earlier],
  },
};

let fixture: SecretsFixture | undefined;
afterEach(() => fixture?.remove());

test.each(Object.keys(trials))(`%s killed with SIGKILL at ${TRIALS} random moments: the file stays whole, and the next command leaves nothing behind`, async (name) => {
  const trial = trials[name];
  const { project, env, secretsFile, read, cipher } = (fixture = secretsFixture());
  let file = SecretsFile.empty('sandbox');
  for (const [key, value] of Object.entries(earlierValues)) file = file.with('api', key, await cipher().encrypt('api', key, value));
  writeFileSync(secretsFile, file.render());
  const plaintexts = new Set<string>(Object.values(earlierValues));

  // How long a run takes here, so the kills land anywhere in one.
  const { args, input, env: extra } = trial.command(-1);
  const whole = await run(project, args, { ...env, ...extra }, input ?? '');
  for (const key of Object.keys(earlierValues)) trial.allowed(-1, key, '').forEach((value) => value && plaintexts.add(value));
  expect(whole.status).toBe(0);

  const broken: string[] = [];
  const leftovers: string[] = [];
  let killedMidway = 0;
  for (let n = 0; n < TRIALS; n++) {
    const before = new Map(read().entries().map((entry) => [entry.key, entry]));
    const earlier = await cipher().decryptAll([...before.values()]);
    const command = trial.command(n);
    const killed = await run(project, command.args, { ...env, ...command.env }, command.input ?? '', Math.random() * 0.9 * whole.elapsedMs);
    if (killed.status === null) killedMidway++;
    for (const key of Object.keys(earlierValues)) trial.allowed(n, key, '').forEach((value) => value && plaintexts.add(value));

    // The file parses and every value opens, holding what it held or what the killed command stored.
    try {
      const entries = read().entries();
      const after = await cipher().decryptAll(entries);
      entries.forEach((entry, index) => {
        const was = earlier[[...before.keys()].indexOf(entry.key)];
        if (!trial.allowed(n, entry.key, was).includes(after[index])) broken.push(`trial ${n}: ${entry.key} holds neither its earlier value nor the new one`);
      });
      if (entries.length !== before.size) broken.push(`trial ${n}: ${entries.length} values instead of ${before.size}`);
    } catch (error) {
      broken.push(`trial ${n}: ${(error as Error).message}`);
    }

    // The next command (in this process) sweeps what the killed one left.
    expect((await shipshape(project, ['secrets', 'list', 'sandbox'], { env })).status).toBe(0);
    const remaining = [
      ...readdirSync(join(project, 'environments', 'sandbox')).filter((entry) => !['environment.ts', 'secrets.json'].includes(entry)),
      ...readdirSync(project).filter((entry) => entry.endsWith('.tmp') || entry.endsWith('.lock')),
    ];
    leftovers.push(...remaining.map((entry) => `trial ${n}: ${entry}`));
    // No plaintext anywhere: not in the repository, not in an edit's private folder (other processes' folders there hold other values).
    const editFolders = readdirSync(scratchBase).filter((entry) => entry.startsWith('shipshape-secrets-')).map((entry) => join(scratchBase, entry));
    for (const folder of [join(project, 'environments'), ...editFolders]) {
      let files: Map<string, string>;
      try {
        files = filesUnder(folder);
      } catch {
        continue; // another process's folder, removed while this one read it
      }
      for (const [path, text] of files) if ([...plaintexts].some((value) => text.includes(value))) leftovers.push(`trial ${n}: plaintext in ${join(folder, path)}`);
    }
  }
  expect(broken).toEqual([]);
  expect(leftovers).toEqual([]);
  // Most kills land while the command runs (some after it has finished, which is fine too).
  expect(killedMidway).toBeGreaterThan(TRIALS / 3);
});
