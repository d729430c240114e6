import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A new platform team's first day, as the README tells it, in a fresh copy of this repository: `npm ci`, then the
// commands of "Add a service" and "Add an environment" exactly as written there, then `npm test`, which must pass.

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The environment without npm's own variables (a nested npm would act on this repo) and without CI unless asked. */
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') && key !== 'INIT_CWD' && key !== 'CI'));
  return { ...env, ...extra };
}

/** Runs a shell command line as the README shows it; fails with its output when it fails. */
function sh(cwd: string, command: string, extra: Record<string, string>, input = ''): SpawnSyncReturns<string> {
  const result = spawnSync('/bin/sh', ['-c', command], { cwd, input, encoding: 'utf8', env: environment(extra), maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} in ${cwd} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The command lines of the first `sh` block of a README section, without their comments. */
function commandsOf(section: string): string[] {
  const start = readme.indexOf(`\n## ${section}\n`);
  expect(start).toBeGreaterThan(0);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start))![1];
  return block.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

test("a fresh clone installs without a warning, takes a service and an environment the README's way, and npm test passes", () => {
  const workspace = mkdtempSync(join(tmpdir(), 'shipshape-e2e-readme-'));
  try {
    const clone = join(workspace, 'clone');
    const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).stdout;
    for (const file of listed.split('\0').filter((path) => path && existsSync(join(root, path)))) cpSync(join(root, file), join(clone, file), { recursive: true });
    // Keys go where they would on a laptop: outside the repository.
    const env = { SHIPSHAPE_KEYS_DIR: join(workspace, 'keys') };

    const install = sh(clone, 'npm ci', env);
    expect(`${install.stdout}\n${install.stderr}`.split('\n').filter((line) => /\bwarn\b|EBADENGINE/i.test(line))).toEqual([]);

    const steps = [...commandsOf('Add a service'), ...commandsOf('Add an environment')];
    expect(steps.filter((command) => /new (service|environment)|secrets set-all|npm test/.test(command)).length).toBe(steps.length);
    let needed = '';
    for (const command of steps) {
      // set-all reads SERVICE KEY=value lines when stdin is not a terminal: one per secret new environment named.
      const input = /secrets set-all/.test(command) ? needed.split(', ').map((secret, index) => `${secret}=e2e-value-${index}\n`).join('') : '';
      const result = sh(clone, command, env, input);
      needed = /needs .* before it synthesizes: (.*)$/m.exec(result.stdout)?.[1] ?? needed;
    }
    expect(needed).not.toBe('');
    // What CI runs on the commit that follows: the snapshots the steps recorded hold.
    sh(clone, 'npm test', { ...env, CI: 'true' });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
});
