import { parse } from 'yaml';
import { toYaml } from '../lib/synth/manifest-yaml';

describe('manifest YAML', () => {
  // Kubernetes parses manifests as YAML 1.1: every one of these would change type if left unquoted.
  const ambiguous = ['on', 'off', 'yes', 'no', 'y', 'N', 'true', 'null', '~', '8080', '012', '0x1F', '0o17', '1e3', '1:20', '.inf', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2002-12-14T01:02:03Z', '<<', '1_000', '1_000.5', '0b1010', '+1_0', ''];

  test.each(ambiguous)('quotes the string %j, so a YAML 1.1 reader keeps it a string', (value) => {
    const text = toYaml({ data: { KEY: value } });
    expect(text).toMatch(/^ {2}KEY: (['"]).*\1$/m);
    expect(parse(text, { version: '1.1' })).toEqual({ data: { KEY: value } });
  });

  test.each(['2001-12-1x', '1234-ab-cd', 'v2001-12-14', '2001-12-14x'])('leaves %j, which only looks like a date, unquoted', (value) => {
    expect(toYaml({ KEY: value })).toBe(`KEY: ${value}\n`);
  });

  test('leaves plain words and paths unquoted, and keeps key order', () => {
    expect(toYaml({ kind: 'Deployment', metadata: { name: 'api', path: '/readyz' } })).toBe('kind: Deployment\nmetadata:\n  name: api\n  path: /readyz\n');
  });

  // Numbers and booleans are told apart with typeof, not js-yaml's own checks: the same YAML for every JSON value.
  test('writes numbers, booleans and null as YAML 1.1 and 1.2 readers both read them', () => {
    const values = { replicas: 3, ratio: 0.5, negative: -7, negativeZero: -0, fraction: -2.25, nan: NaN, infinite: -Infinity, enabled: true, disabled: false, none: null };
    expect(toYaml(values)).toBe('replicas: 3\nratio: 0.5\nnegative: -7\nnegativeZero: -0.0\nfraction: -2.25\nnan: .nan\ninfinite: -.inf\nenabled: true\ndisabled: false\nnone: null\n');
    expect(parse(toYaml(values), { version: '1.1' })).toEqual(values);
  });

  test('never folds long lines', () => {
    const long = 'x '.repeat(200).trim();
    expect(toYaml({ value: long })).toBe(`value: ${long}\n`);
  });
});
