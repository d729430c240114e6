import * as v from 'valibot';
import { ShipshapeError } from '../errors';
import { Image, ImageSpec } from '../microservice/image';
import type { ImageRelease } from '../microservice/service-definition';
import { isPlainObject, Schema } from '../schema/field-schemas';
import { mistakeMessage } from '../schema/mistake-message';
import { checkAgainst } from '../schema/schema-mistake';

/** The file beside each `environment.ts` that records the released image version of each service. */
export const VERSIONS_FILE = 'versions.json';

/**
 * An environment's released versions, by service name: what `environments/<env>/versions.json`
 * holds. Each value is a tag (`2.15.0`), a digest (`sha256:…`) or both (`2.15.0@sha256:…`).
 */
export type ReleaseVersions = Readonly<Record<string, string>>;

/**
 * Reads a release reference as a user or pipeline writes it: a tag, a digest, `tag@digest`,
 * or a full image whose repository must be `repository`.
 *
 * @param repository the service's image repository, which a release does not change
 * @param field where the reference was written, for the error message
 * @returns the release, validated against the same rules as a service's image
 */
export function parseRelease(reference: string, repository: string, field: string): ImageRelease {
  const value = reference.trim();
  const spec: ImageSpec = value.includes('/') ? value : `${repository}${value.startsWith('sha256:') ? '@' : ':'}${value}`;
  const image = Image.of(spec, field);
  if (image.repository !== repository) {
    throw new ShipshapeError(
      { field },
      `"${reference}" is an image of ${image.repository}, but the service runs ${repository}`,
      'release a tag or digest of the same repository, or change the repository in the service definition',
    );
  }
  return { tag: image.tag, digest: image.digest };
}

/** The canonical way a release is written in versions.json: `tag`, `sha256:…` or `tag@sha256:…`. */
export function formatRelease(release: ImageRelease): string {
  if (release.tag && release.digest) return `${release.tag}@${release.digest}`;
  return release.digest ?? release.tag ?? '';
}

/**
 * Reads the text of a versions.json file.
 * @param source the file, as shown in error messages
 */
export function parseReleaseVersions(text: string, source: string): ReleaseVersions {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ShipshapeError({ field: source }, `is not valid JSON (${(error as Error).message})`, 'fix it, or restore it with `git checkout -- ' + source + '`');
  }
  checkAgainst(VERSIONS, data, (path) => ({ service: path.length > 0 ? String(path[0]) : undefined, field: source }));
  return data as ReleaseVersions;
}

const NOT_AN_OBJECT = v.never(mistakeMessage({ problem: 'is not a JSON object of service name to version', fix: 'write it like {"api": "2.15.0"}' }));

/** What a versions.json holds: an object of service name to a release, written as a tag, a digest or both. */
const VERSIONS: Schema<ReleaseVersions> = v.lazy((input) => {
  if (!isPlainObject(input)) return NOT_AN_OBJECT;
  return v.object(Object.fromEntries(Object.keys(input).map((service) => [service, version(service)])));
}) as unknown as Schema<ReleaseVersions>;

function version(service: string): Schema<string> {
  const message = (issue: v.BaseIssue<unknown>) => mistakeMessage({ problem: `the version of ${service} is ${JSON.stringify(issue.input)}, not a tag or digest`, fix: 'write it like "2.15.0" or "sha256:…"' });
  return v.pipe(v.string(message), v.check((value) => value.trim().length > 0, message));
}

/** The text of a versions.json file: sorted by service, two-space indented, ending in a newline, so each release is a one-line git diff. */
export function formatReleaseVersions(versions: ReleaseVersions): string {
  const sorted = Object.fromEntries(Object.entries(versions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/**
 * A service spec with its released version applied: the repository stays, the tag and digest
 * come from the release. Errors name `releases.<service>`.
 */
export function withRelease<T extends { readonly image: ImageSpec }>(spec: T, service: string, version: string | undefined): T {
  if (version === undefined) return spec;
  const current = Image.of(spec.image);
  const release = parseRelease(version, current.repository, `releases.${service}`);
  return { ...spec, image: { repository: current.repository, tag: release.tag, digest: release.digest } };
}
