import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SecretsFile } from '../../lib';
import { flowlineCopies, privateFlowlineKeys } from './flowline';
import { scratchFolder } from './scratch-folder';

/** flowline's encrypted secrets files (test/support/flowline.ts). */
export const STAGING = 'environments/staging/secrets.json';
export const PRODUCTION = 'environments/production/secrets.json';

/** What a test of `shipshape secrets` works on: a fresh copy of flowline and an empty keys folder outside it. */
export interface SecretsProject {
  /** This test's copy of flowline, the tests' platform repository. */
  readonly project: string;
  /** An empty folder outside it, for `secrets keygen`. */
  readonly keys: string;
  /** The made-up keys that open flowline's secrets, as the example's demo keys open its own (copied outside the repository). */
  readonly demoKeys: string;
  /** Run options that hand the CLI the demo keys. */
  readonly withDemoKeys: { readonly env: Record<string, string> };
  /** Another fresh copy of flowline, for the test to remove. */
  freshCopy(): string;
  /** A file of the copy, as text. */
  read(file: string): string;
  /** A secrets file of the copy, parsed. */
  secrets(file: string, environment: string): SecretsFile;
}

/**
 * A fresh copy of flowline and keys folder for each test of the calling file, removed after it; for the
 * secrets CLI tests that run in process (test/) and as processes (test/integration/).
 */
export function secretsProjectPerTest(): SecretsProject {
  const demoKeys = privateFlowlineKeys();
  const copyOfFlowline = flowlineCopies();
  let project = '';
  let keys = '';
  beforeEach(() => {
    project = copyOfFlowline();
    keys = scratchFolder('shipshape-keys');
  });
  afterEach(() => {
    if (project) rmSync(project, { recursive: true, force: true });
    if (keys) rmSync(keys, { recursive: true, force: true });
    project = '';
    keys = '';
  });
  // A test must never fall back to the working directory (this repository) when its copy could not be made.
  const made = (folder: string, what: string) => {
    if (!folder) throw new Error(`this test has no ${what}: making it failed in beforeEach (see the error above)`);
    return folder;
  };
  const read = (file: string) => readFileSync(join(made(project, 'copy of flowline'), file), 'utf8');
  return {
    get project() {
      return made(project, 'copy of flowline');
    },
    get keys() {
      return made(keys, 'keys folder');
    },
    demoKeys,
    freshCopy: copyOfFlowline,
    withDemoKeys: { env: { SHIPSHAPE_KEYS_DIR: demoKeys } },
    read,
    secrets: (file, environment) => SecretsFile.parse(read(file), environment, file),
  };
}

/** The lines of `after` that differ from the same line of `before`. */
export function changedLines(before: string, after: string): string[] {
  return after.split('\n').filter((line, index) => line !== before.split('\n')[index]);
}
