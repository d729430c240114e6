import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SecretsFile, ShipshapeError } from '../lib';
import { scratchFolder } from './support/scratch-folder';
import { shipshape } from './support/shipshape-cli';

jest.setTimeout(60_000);

// Two people change secrets.json on two branches, and git merges the branches for real.
const cli = join(__dirname, '..', 'bin', 'shipshape.js');
const FILE = 'environments/staging/secrets.json';

type Values = Record<string, string>;
type Change = (values: Values) => void;
type Layout = (values: Values) => string;

const value = (seed: string) => Buffer.from(`ciphertext ${seed}`).toString('base64');
const base: Values = { 'api/B': value('b0'), 'api/D': value('d0'), 'api/F': value('f0'), 'api/H': value('h0') };
const set = (name: string, seed: string): Change => (values) => {
  values[name] = value(seed);
};
const remove = (name: string): Change => (values) => {
  delete values[name];
};
/** The base values with changes applied. */
const changed = (...changes: Change[]): Values => {
  const values = { ...base };
  for (const change of changes) change(values);
  return values;
};

const shipshapeLayout: Layout = (values) =>
  Object.entries(values)
    .reduce((file, [name, ciphertext]) => file.with(name.split('/')[0], name.split('/')[1], ciphertext), SecretsFile.empty('staging'))
    .render();
// The obvious layout (pretty-printed JSON), for comparison.
const prettyJsonLayout: Layout = (values) => `${JSON.stringify({ format: 'shipshape.dev/secrets/v1', environment: 'staging', ...sorted(values) }, null, 2)}\n`;

function sorted(values: Values): Values {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Commits `base`, changes it one way on a branch and another way on main, merges, and returns what git did.
 * One shell runs the git commands: a process per command, started from this test process, costs more than the command.
 */
function mergeBranches(layout: Layout, ours: Change, theirs: Change, options: { driver: boolean }) {
  const folder = scratchFolder('shipshape-merge');
  try {
    writeFileSync(join(folder, 'base'), layout(changed()));
    writeFileSync(join(folder, 'theirs'), layout(changed(theirs)));
    writeFileSync(join(folder, 'ours'), layout(changed(ours)));
    const setup = [
      'git init -q -b main repo',
      'cd repo',
      // Committed in the platform repository; harmless where the driver is not configured (git then merges lines).
      "echo 'environments/*/secrets.json merge=shipshape-secrets' > .gitattributes",
      ...(options.driver ? [`git config merge.shipshape-secrets.driver 'node ${cli} secrets merge %O %A %B'`] : []),
      `mkdir -p ${dirname(FILE)}`,
      'commit base',
      'git checkout -q -b theirs',
      'commit theirs',
      'git checkout -q main',
      'commit ours',
    ];
    const script = [
      'git() { command git -c user.name=test -c user.email=test@example.invalid -c commit.gpgsign=false "$@"; }',
      `commit() { cp "../$1" ${FILE} && git add -A && git commit -q -m "$1"; }`,
      `${setup.join(' && ')} || exit 99`,
      'git merge --no-edit theirs',
    ].join('\n');
    const merge = spawnSync('sh', ['-c', script], { cwd: folder, encoding: 'utf8' });
    if (merge.status === 99) throw new Error(`test setup: committing the branches failed: ${merge.stderr}`);
    return { clean: merge.status === 0, text: readFileSync(join(folder, 'repo', FILE), 'utf8'), expected: layout(changed(ours, theirs)), output: merge.stdout + merge.stderr };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Runs the merge driver the way git does (`shipshape secrets merge %O %A %B` on the three versions, the result
 * left in %A, exit code 0 when merged cleanly), in this process. That git starts it and takes its result is
 * shown by the tests that merge with the driver configured.
 */
async function runDriver(layout: Layout, ours: Change, theirs: Change) {
  const folder = scratchFolder('shipshape-merge-driver');
  try {
    writeFileSync(join(folder, 'base'), layout(changed()));
    writeFileSync(join(folder, 'ours'), layout(changed(ours)));
    writeFileSync(join(folder, 'theirs'), layout(changed(theirs)));
    const merge = await shipshape(folder, ['secrets', 'merge', 'base', 'ours', 'theirs']);
    return { clean: merge.status === 0, text: readFileSync(join(folder, 'ours'), 'utf8'), expected: layout(changed(ours, theirs)), output: merge.stderr };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('two people changing different keys, merged by plain git (no setup)', () => {
  test.each([
    ['change neighbouring keys', set('api/D', 'd1'), set('api/F', 'f1')],
    ['change a key / remove the key after it', set('api/D', 'd1'), remove('api/F')],
    ['remove a key / change the key after it', remove('api/D'), set('api/F', 'f1')],
    ['add a key / change the key before it', set('api/E', 'e1'), set('api/D', 'd1')],
    ['add a key / change the key after it', set('api/E', 'e1'), set('api/F', 'f1')],
    ['add keys in different places', set('api/C', 'c1'), set('api/G', 'g1')],
    ['add a first key / change the first key', set('api/A', 'a1'), set('api/B', 'b1')],
    ['add a last key / change the last key', set('api/Z', 'z1'), set('api/H', 'h1')],
    ['remove the last key / change the one before it', remove('api/H'), set('api/F', 'f1')],
  ])('%s: no conflict, both changes kept', (_, ours, theirs) => {
    const merge = mergeBranches(shipshapeLayout, ours, theirs, { driver: false });
    expect(merge.clean).toBe(true);
    expect(merge.text).toBe(merge.expected);
  });

  test('for comparison, pretty-printed JSON conflicts when neighbouring keys change', () => {
    expect(mergeBranches(prettyJsonLayout, set('api/D', 'd1'), set('api/F', 'f1'), { driver: false }).clean).toBe(false);
  });
});

describe('structural changes to neighbouring keys need the merge driver', () => {
  test.each([
    ['remove neighbouring keys', remove('api/D'), remove('api/F')],
    ['add a key where the neighbour is removed', set('api/E', 'e1'), remove('api/F')],
    ['add two keys in the same gap', set('api/E1', 'e1'), set('api/E2', 'e2')],
  ])('%s: git alone conflicts, the driver merges them key by key', async (_, ours, theirs) => {
    expect(mergeBranches(shipshapeLayout, ours, theirs, { driver: false }).clean).toBe(false);
    const merge = await runDriver(shipshapeLayout, ours, theirs);
    expect(merge.clean).toBe(true);
    expect(merge.text).toBe(merge.expected);
  });

  test('git runs the configured driver (`npm run secrets:merge-driver`) and takes its clean merge', () => {
    const merge = mergeBranches(shipshapeLayout, remove('api/D'), remove('api/F'), { driver: true });
    expect(merge.clean).toBe(true);
    expect(merge.text).toBe(merge.expected);
  });

  test('the same key changed differently on both sides is a real conflict: markers, and a clear error until resolved', () => {
    const merge = mergeBranches(shipshapeLayout, set('api/D', 'mine'), set('api/D', 'yours'), { driver: true });
    expect(merge.clean).toBe(false);
    expect(merge.output).toContain('environment staging, service api, field D: changed differently on both sides; keep one side between the conflict markers');
    expect(merge.text).toContain(`<<<<<<< ours\n, "api/D":\n    "${value('mine')}"\n=======\n, "api/D":\n    "${value('yours')}"\n>>>>>>> theirs\n`);
    expect(() => SecretsFile.parse(merge.text, 'staging', FILE)).toThrow(ShipshapeError);
    // Keeping one side gives a valid file again.
    const resolved = merge.text.replace(/<<<<<<< ours\n([\s\S]*?)=======\n[\s\S]*?>>>>>>> theirs\n/, '$1');
    expect(SecretsFile.parse(resolved, 'staging', FILE).get('api', 'D')).toBe(value('mine'));
  });
});
