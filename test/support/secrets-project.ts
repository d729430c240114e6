import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SecretsFile } from '../../lib';
import { copyOfExample, privateDemoKeys } from './example-project';
import { scratchFolder } from './scratch-folder';

/** The example's encrypted secrets files. */
export const STAGING = 'environments/staging/secrets.json';
export const PRODUCTION = 'environments/production/secrets.json';

/** What a test of `shipshape secrets` works on: a fresh copy of the example and an empty keys folder outside it. */
export interface SecretsProject {
  /** This test's copy of the example repository. */
  readonly project: string;
  /** An empty folder outside it, for `secrets keygen`. */
  readonly keys: string;
  /** The example's demo keys (generated for the tests, outside the repository). */
  readonly demoKeys: string;
  /** Run options that hand the CLI the demo keys. */
  readonly withDemoKeys: { readonly env: Record<string, string> };
  /** A file of the copy, as text. */
  read(file: string): string;
  /** A secrets file of the copy, parsed. */
  secrets(file: string, environment: string): SecretsFile;
}

/**
 * A fresh copy of the example and keys folder for each test of the calling file, removed after it; for the
 * secrets CLI tests that run in process (test/) and as processes (test/integration/).
 */
export function secretsProjectPerTest(): SecretsProject {
  const demoKeys = privateDemoKeys();
  let project = '';
  let keys = '';
  beforeEach(() => {
    project = copyOfExample();
    keys = scratchFolder('shipshape-keys');
  });
  afterEach(() => {
    rmSync(project, { recursive: true, force: true });
    rmSync(keys, { recursive: true, force: true });
  });
  const read = (file: string) => readFileSync(join(project, file), 'utf8');
  return {
    get project() {
      return project;
    },
    get keys() {
      return keys;
    },
    demoKeys,
    withDemoKeys: { env: { SHIPSHAPE_KEYS_DIR: demoKeys } },
    read,
    secrets: (file, environment) => SecretsFile.parse(read(file), environment, file),
  };
}

/** The lines of `after` that differ from the same line of `before`. */
export function changedLines(before: string, after: string): string[] {
  return after.split('\n').filter((line, index) => line !== before.split('\n')[index]);
}
