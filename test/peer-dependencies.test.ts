import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// shipshape builds on cdk8s and cdk8s-plus-27 and relies on how they render (JSON patches on the resolved object,
// cdk8s-plus's defaults), so a platform may only install the releases the tests run with: the peer range of each
// admits patch releases of the version installed here for the tests, nothing older and no new minor release.
// Raising one is a change of the dev dependency and the peer range together, with the suite green on it.
const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('the cdk8s packages shipshape is a construct library for', () => {
  test.each(['cdk8s', 'cdk8s-plus-27'])('%s: the peer range is the tested release and its patch releases', (name) => {
    const tested = manifest.devDependencies[name];
    expect(tested).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.peerDependencies[name]).toBe(`~${tested}`);
    const installed = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    expect(installed).toBe(tested);
  });

  test('constructs: any 10.x from the tested release on (its API is stable within a major)', () => {
    expect(manifest.peerDependencies.constructs).toBe(`^${manifest.devDependencies.constructs}`);
  });
});
