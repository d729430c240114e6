import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecretsFile, ShipshapeError } from '../lib';
import { scratchFolder } from './support/scratch-folder';
import { Change, changed, FILE, Layout, LINE_MERGES, set, shipshapeLayout, STRUCTURAL_MERGES, value } from './support/secrets-merge-changes';
import { shipshape } from './support/shipshape-cli';

// Two people change secrets.json on two branches, and the merge driver merges the two versions key by key.
// test/integration/secrets-merge.test.ts has git merge the same changes for real: which ones plain git merges
// by lines, which ones need the driver, and git starting the configured driver.

/**
 * Runs the merge driver the way git does (`shipshape secrets merge %O %A %B` on the three versions, the result
 * left in %A, exit code 0 when merged cleanly), in this process.
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

describe('the merge driver', () => {
  test.each(LINE_MERGES)('%s (git merges these by lines too): both changes kept', async (_, ours, theirs) => {
    const merge = await runDriver(shipshapeLayout, ours, theirs);
    expect(merge.clean).toBe(true);
    expect(merge.text).toBe(merge.expected);
  });

  test.each(STRUCTURAL_MERGES)('%s (git alone conflicts): merged key by key', async (_, ours, theirs) => {
    const merge = await runDriver(shipshapeLayout, ours, theirs);
    expect(merge.clean).toBe(true);
    expect(merge.text).toBe(merge.expected);
  });

  test('the same key changed differently on both sides is a real conflict: markers, and a clear error until resolved', async () => {
    const merge = await runDriver(shipshapeLayout, set('api/D', 'mine'), set('api/D', 'yours'));
    expect(merge.clean).toBe(false);
    expect(merge.output).toContain('environment staging, service api, field D: changed differently on both sides; keep one side between the conflict markers');
    expect(merge.text).toContain(`<<<<<<< ours\n, "api/D":\n    "${value('mine')}"\n=======\n, "api/D":\n    "${value('yours')}"\n>>>>>>> theirs\n`);
    expect(() => SecretsFile.parse(merge.text, 'staging', FILE)).toThrow(ShipshapeError);
    // Keeping one side gives a valid file again.
    const resolved = merge.text.replace(/<<<<<<< ours\n([\s\S]*?)=======\n[\s\S]*?>>>>>>> theirs\n/, '$1');
    expect(SecretsFile.parse(resolved, 'staging', FILE).get('api', 'D')).toBe(value('mine'));
  });
});
