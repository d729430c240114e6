import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The npm script, as a user runs it; test/validate-command.test.ts runs the command in process.
test('npm run validate -- <paths> runs it from the command line, with exit code 1 on errors', () => {
  const result = spawnSync('npm', ['run', '-s', 'validate', '--', 'test/fixtures/validate/broken'], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' });
  expect(result.status).toBe(1);
  expect(result.stderr.trim().split('\n')).toHaveLength(10);
  expect(result.stdout.trim()).toBe('checked 3 objects in 1 file: 10 errors, 0 warnings, 0 waived');
});
