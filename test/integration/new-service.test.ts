import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { platformFixtures } from '../support/platform-fixture';
import { shipshape, shipshapeProcess } from '../support/shipshape-cli';

const platformFixture = platformFixtures();

// What test/new-service.test.ts cannot show in process: jest running the test `new service` writes, and the bin.
test('the generated test passes as written, recording a snapshot per kind of environment', async () => {
  const project = platformFixture();
  try {
    expect((await shipshape(project, ['new', 'service', 'ledger', '--env', 'staging'])).status).toBe(0);
    const config = {
      rootDir: project,
      roots: ['<rootDir>/test'],
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': [require.resolve('@swc/jest'), { jsc: { target: 'es2022' } }] },
      moduleFileExtensions: ['ts', 'js', 'json'],
    };
    const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--ci=false'], { cwd: project, encoding: 'utf8' });
    expect(jest.stderr).toContain('Tests:       7 passed, 7 total');
    expect(jest.stderr).toContain('3 snapshots written');
    expect(jest.status).toBe(0);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test('the bin runs it from a clean checkout without a build', () => {
  const help = shipshapeProcess(join(__dirname, '..', '..'), ['new', 'service', '--help']);
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('Usage: shipshape new service [options] <name>');
});
