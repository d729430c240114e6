import { ShipshapeError } from '../errors';

/**
 * A container image pinned to a release: a repository plus a tag or a digest.
 *
 * Written as one string (`ghcr.io/flowline/api:2.14.0`,
 * `ghcr.io/flowline/api@sha256:…`) or as its parts.
 */
export interface ImageReference {
  /** Registry and repository, e.g. `ghcr.io/flowline/api`. */
  readonly repository: string;
  /**
   * A release tag, e.g. `2.14.0`. `latest` is refused: it makes rollouts and rollbacks unrepeatable.
   * @default - the digest is used
   */
  readonly tag?: string;
  /**
   * A content digest, e.g. `sha256:4f…`. Wins over `tag` for pulling; the tag is still shown as the version.
   * @default - the tag is used
   */
  readonly digest?: string;
}

/** How an image is written in a definition: one string, or its parts. */
export type ImageSpec = string | ImageReference;

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/;

/** A validated image: what a Deployment pulls and what its version label says. */
export class Image {
  /**
   * Parses and validates an image written in a definition.
   * @param spec the image as written
   * @param field the field it was written in, for error messages
   */
  public static of(spec: ImageSpec, field = 'image'): Image {
    const reference = typeof spec === 'string' ? parseImage(spec, field) : spec;
    return new Image(reference, field);
  }

  /** Registry and repository. */
  public readonly repository: string;
  /** The tag, when one is pinned. */
  public readonly tag?: string;
  /** The digest, when one is pinned. */
  public readonly digest?: string;

  private constructor(reference: ImageReference, field: string) {
    const { repository, tag, digest } = reference;
    if (!REPOSITORY.test(repository ?? '')) {
      throw new ShipshapeError({ field }, `"${repository}" is not an image repository`, 'write it as registry/name, e.g. "ghcr.io/acme/api", in lowercase');
    }
    if (tag === undefined && digest === undefined) {
      throw new ShipshapeError({ field }, `"${repository}" has no tag or digest`, 'pin a release, e.g. "' + repository + ':1.4.2" or "' + repository + '@sha256:…"');
    }
    if (tag !== undefined && tag.toLowerCase() === 'latest') {
      throw new ShipshapeError({ field }, `"${repository}:${tag}" uses the tag "latest", which changes under a running Deployment`, 'pin a release tag such as "1.4.2" or a digest');
    }
    if (tag !== undefined && !TAG.test(tag)) {
      throw new ShipshapeError({ field }, `"${tag}" is not an image tag`, 'use letters, digits, "_", "." and "-", at most 128 characters, e.g. "1.4.2"');
    }
    if (digest !== undefined && !DIGEST.test(digest)) {
      throw new ShipshapeError({ field }, `"${digest}" is not an image digest`, 'write it as "sha256:" followed by 64 lowercase hex digits');
    }
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /** The reference the kubelet pulls: by digest when there is one, since a digest cannot move. */
  public get reference(): string {
    return this.digest ? `${this.repository}@${this.digest}` : `${this.repository}:${this.tag}`;
  }

  /** The release version for `app.kubernetes.io/version`: the tag, or the digest's first 12 hex digits. */
  public get version(): string {
    if (this.tag !== undefined) return this.tag.slice(0, 63).replace(/[^A-Za-z0-9]+$/, '');
    return `sha256-${this.digest!.slice('sha256:'.length, 'sha256:'.length + 12)}`;
  }

  /** This image with another tag or digest, as an environment or a release pins it. */
  public withRelease(release: { tag?: string; digest?: string }, field: string): Image {
    return new Image({ repository: this.repository, tag: release.tag, digest: release.digest }, field);
  }
}

function parseImage(value: string, field: string): ImageReference {
  const at = value.indexOf('@');
  if (at >= 0) {
    const named = value.slice(0, at);
    const { repository, tag } = splitTag(named);
    return { repository, tag, digest: value.slice(at + 1) };
  }
  const { repository, tag } = splitTag(value);
  if (repository.length === 0) {
    throw new ShipshapeError({ field }, 'is empty', 'write the image as "registry/name:tag"');
  }
  return { repository, tag };
}

function splitTag(value: string): { repository: string; tag?: string } {
  const colon = value.lastIndexOf(':');
  if (colon > value.lastIndexOf('/')) return { repository: value.slice(0, colon), tag: value.slice(colon + 1) };
  return { repository: value };
}
