import { join } from 'node:path';
import { synthesizePlatform } from '../../lib/testing';

// The example platform's own tests, the kind a platform team keeps (`shipshape init platform` writes them; `new
// service` adds one per service under services/): what each environment deploys, file by file, as a snapshot, so a
// change to a service or an environment shows up as a diff to review, and manifests/ in step with the definitions.
// `npm test -- -u` records the snapshots of a new environment or an intended change.
const platform = synthesizePlatform(join(__dirname, '..', '..'));

test('manifests/ is what synth writes (otherwise run `npm run synth` and commit it)', () => {
  expect(platform.staleManifests).toEqual([]);
});

describe.each(platform.environments.map((environment) => [environment.name, environment] as const))('environment %s', (_, environment) => {
  test.each([...environment.files.keys()])('%s matches its snapshot', (file) => {
    expect(environment.files.get(file)).toMatchSnapshot();
  });
});
