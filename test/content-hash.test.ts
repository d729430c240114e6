import { contentHash } from '../lib/content-hash';

// The hashes sit in every pod template: a change to how they are computed would roll every pod of every service.
describe('contentHash', () => {
  test('a config map hashes the same whatever its key order, without its undefined values', () => {
    expect(contentHash({ LOG_LEVEL: 'info', A_KEY: 'x"y', EMPTY: undefined, ÄNDERUNG: 'ü' })).toBe('046b1f2752dc3751');
    expect(contentHash({ ÄNDERUNG: 'ü', A_KEY: 'x"y', LOG_LEVEL: 'info' })).toBe('046b1f2752dc3751');
  });

  test('keys that read as numbers sort as strings, not in the order JavaScript keeps them', () => {
    expect(contentHash({ '10': 'ten', '9': 'nine', a: 'x' })).toBe('95092668f48e629d');
  });

  test('nested data hashes with its keys sorted at every level', () => {
    expect(contentHash({ service: 'api', keys: { B: 'c2', A: 'c1' } })).toBe('2597df49283444e3');
    expect(contentHash({ keys: { A: 'c1', B: 'c2' }, service: 'api' })).toBe('2597df49283444e3');
  });

  test('a changed value changes the hash', () => {
    expect(contentHash({ LOG_LEVEL: 'debug' })).not.toBe(contentHash({ LOG_LEVEL: 'info' }));
  });
});
