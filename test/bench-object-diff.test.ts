import { differences } from '../bench/object-diff';

// npm run bench:helm-check compares shipshape's objects with helm's through this: it must see every difference,
// a number against a string included, and name where it is.
describe('bench object differences', () => {
  test('equal objects have none, whatever the order of their keys', () => {
    expect(differences({ a: 1, b: { c: ['x', { d: true }] } }, { b: { c: ['x', { d: true }] }, a: 1 })).toEqual([]);
  });

  test('names the path of each difference, with both values', () => {
    const left = { spec: { ports: [{ port: 8080, name: 'http' }] }, metadata: { labels: { 'app.kubernetes.io/name': 'api' } } };
    const right = { spec: { ports: [{ port: '8080', name: 'http' }, { port: 9090 }] }, metadata: { labels: { 'app.kubernetes.io/name': 'web' } } };
    expect(differences(left, right)).toEqual([
      { path: 'spec.ports[0].port', left: 8080, right: '8080' },
      { path: 'spec.ports[1]', left: undefined, right: { port: 9090 } },
      { path: 'metadata.labels["app.kubernetes.io/name"]', left: 'api', right: 'web' },
    ]);
  });

  test('a key on one side only, and an object against a list, are differences', () => {
    expect(differences({ a: {}, b: 1 }, { a: [], c: 2 })).toEqual([
      { path: 'a', left: {}, right: [] },
      { path: 'b', left: 1, right: undefined },
      { path: 'c', left: undefined, right: 2 },
    ]);
  });
});
