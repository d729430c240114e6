import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SecretsFile, ShipshapeError } from '../../lib';
import { scratchFolder } from '../support/scratch-folder';
import { Change, changed, FILE, Layout, LINE_MERGES, prettyJsonLayout, remove, set, shipshapeLayout, STRUCTURAL_MERGES, value } from '../support/secrets-merge-changes';

jest.setTimeout(60_000);

// Two people change secrets.json on two branches, and git merges the branches for real: by lines, and with the
// merge driver configured (git starts `node bin/shipshape.js secrets merge`). test/secrets-merge.test.ts runs the
// driver in process on the same changes.
const cli = join(__dirname, '..', '..', 'bin', 'shipshape.js');

/**
 * Commits the base values, changes them one way on a branch and another way on main, merges, and returns what git did.
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

describe('two people changing different keys, merged by plain git (no setup)', () => {
  test.each(LINE_MERGES)('%s: no conflict, both changes kept', (_, ours, theirs) => {
    const merge = mergeBranches(shipshapeLayout, ours, theirs, { driver: false });
    expect(merge.clean).toBe(true);
    expect(merge.text).toBe(merge.expected);
  });

  test('for comparison, pretty-printed JSON conflicts when neighbouring keys change', () => {
    expect(mergeBranches(prettyJsonLayout, set('api/D', 'd1'), set('api/F', 'f1'), { driver: false }).clean).toBe(false);
  });
});

describe('structural changes to neighbouring keys need the merge driver', () => {
  test.each(STRUCTURAL_MERGES)('%s: git alone conflicts', (_, ours, theirs) => {
    expect(mergeBranches(shipshapeLayout, ours, theirs, { driver: false }).clean).toBe(false);
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
  });
});
