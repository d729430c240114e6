import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Large synths raise V8's optimization budget; V8 only prints a warning for a flag it does not know, so a
// misspelt or removed flag would go unnoticed but for this test (it runs in another process: the flag is process-wide).
describe('optimizeOnlyWhatStaysHot', () => {
  test('sets a flag this V8 knows, without a word on stderr', () => {
    const loader = join(__dirname, '..', 'lib', 'loader', 'typescript-loader.js');
    const module = join(__dirname, '..', 'lib', 'performance', 'optimization-budget.ts');
    const run = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(loader)}).register(); require(${JSON.stringify(module)}).optimizeOnlyWhatStaysHot(); process.stdout.write('done')`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('done');
    expect(run.status).toBe(0);
  });
});
