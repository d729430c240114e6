import { assertService, ENVIRONMENT_KINDS, synthesizeService } from '../../../lib/testing';
import { api } from '../../../services/api';

// What api gets in each kind of environment. A change to its definition shows up here as a snapshot
// diff to review; accept an intended one with `npx jest -u`. Services it calls are stood in for; pass
// `dependencies: [...]` to synthesizeService to use their real definitions.
describe.each(ENVIRONMENT_KINDS)('api in a %s-like environment', (kind) => {
  const synthesized = synthesizeService(api, { environment: kind });

  test('matches its snapshot', () => {
    expect(synthesized.yaml).toMatchSnapshot();
  });

  test('takes traffic only when ready, and rolls out without downtime', () => {
    assertService(synthesized).hasReadinessProbe().hasLivenessProbe().hasZeroDowntimeRollout().runsRestricted().rollsOnConfigChange();
  });
});

test('api survives a node drain and passes the policy gate in production', () => {
  assertService(synthesizeService(api, { environment: 'production' })).survivesNodeDrain().passesPolicyGate();
});
