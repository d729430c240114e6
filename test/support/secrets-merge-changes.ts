import { SecretsFile } from '../../lib';

// Two people change secrets.json on two branches: the changes, the file layouts, and the cases that
// test/secrets-merge.test.ts (the merge driver, in process) and test/integration/secrets-merge.test.ts (git) merge.

/** The file the changes are made to. */
export const FILE = 'environments/staging/secrets.json';

/** Ciphertexts by `service/KEY`. */
export type Values = Record<string, string>;
/** One person's change to the values. */
export type Change = (values: Values) => void;
/** How values are written to the file. */
export type Layout = (values: Values) => string;

/** A stand-in ciphertext: merging never decrypts. */
export const value = (seed: string) => Buffer.from(`ciphertext ${seed}`).toString('base64');
const base: Values = { 'api/B': value('b0'), 'api/D': value('d0'), 'api/F': value('f0'), 'api/H': value('h0') };

/** Sets `service/KEY` to a new ciphertext. */
export const set = (name: string, seed: string): Change => (values) => {
  values[name] = value(seed);
};
/** Removes `service/KEY`. */
export const remove = (name: string): Change => (values) => {
  delete values[name];
};

/** The base values with changes applied. */
export const changed = (...changes: Change[]): Values => {
  const values = { ...base };
  for (const change of changes) change(values);
  return values;
};

/** The layout shipshape writes. */
export const shipshapeLayout: Layout = (values) =>
  Object.entries(values)
    .reduce((file, [name, ciphertext]) => file.with(name.split('/')[0], name.split('/')[1], ciphertext), SecretsFile.empty('staging'))
    .render();

/** The obvious layout (pretty-printed JSON), for comparison. */
export const prettyJsonLayout: Layout = (values) => `${JSON.stringify({ format: 'shipshape.dev/secrets/v1', environment: 'staging', ...sorted(values) }, null, 2)}\n`;

function sorted(values: Values): Values {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Changes to different keys that git merges line by line without any setup. */
export const LINE_MERGES: [name: string, ours: Change, theirs: Change][] = [
  ['change neighbouring keys', set('api/D', 'd1'), set('api/F', 'f1')],
  ['change a key / remove the key after it', set('api/D', 'd1'), remove('api/F')],
  ['remove a key / change the key after it', remove('api/D'), set('api/F', 'f1')],
  ['add a key / change the key before it', set('api/E', 'e1'), set('api/D', 'd1')],
  ['add a key / change the key after it', set('api/E', 'e1'), set('api/F', 'f1')],
  ['add keys in different places', set('api/C', 'c1'), set('api/G', 'g1')],
  ['add a first key / change the first key', set('api/A', 'a1'), set('api/B', 'b1')],
  ['add a last key / change the last key', set('api/Z', 'z1'), set('api/H', 'h1')],
  ['remove the last key / change the one before it', remove('api/H'), set('api/F', 'f1')],
];

/** Changes to different keys that git alone cannot merge (they touch neighbouring lines' structure): the driver's job. */
export const STRUCTURAL_MERGES: [name: string, ours: Change, theirs: Change][] = [
  ['remove neighbouring keys', remove('api/D'), remove('api/F')],
  ['add a key where the neighbour is removed', set('api/E', 'e1'), remove('api/F')],
  ['add two keys in the same gap', set('api/E1', 'e1'), set('api/E2', 'e2')],
];
