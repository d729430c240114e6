import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What a scaffolded repository takes from shipshape's own package.json. */
export interface OwnPackage {
  /** shipshape's version. */
  readonly version: string;
  /** The Node.js versions it runs on. */
  readonly engines: { readonly node: string };
  /** Its runtime dependencies (`@swc/core` loads the TypeScript definitions). */
  readonly dependencies: Readonly<Record<string, string>>;
  /** The tools it is tested with, and the cdk8s releases its peer ranges admit. */
  readonly devDependencies: Readonly<Record<string, string>>;
}

/** shipshape's own package.json: three folders up from lib/cli/scaffold/ in a checkout, and from build/cli/scaffold/ in the package. */
export function ownPackage(): OwnPackage {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
}

/** A tarball or folder on disk becomes an absolute `file:` spec, which npm resolves wherever package.json is. */
export function dependencySpec(spec: string, cwd: string): string {
  const path = resolve(cwd, spec.replace(/^file:/, ''));
  return /^(file:|\.|\/)|\.tgz$/.test(spec) && existsSync(path) ? `file:${path}` : spec;
}
