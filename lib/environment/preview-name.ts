import { createHash } from 'node:crypto';
import { ShipshapeError } from '../errors';

/** The longest slug a branch becomes: short enough that `<service>-preview-<slug>` stays a valid label value for service names up to 22 characters. */
export const PREVIEW_SLUG_MAX_LENGTH = 32;
/** What every preview environment's name (and namespace) starts with, so a branch called `production` can never land in the production namespace. */
export const PREVIEW_PREFIX = 'preview-';

const HASH_LENGTH = 8;
const LOOKS_HASHED = new RegExp(`(^|-)[0-9a-f]{${HASH_LENGTH}}$`);
const VALID_SLUG = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The names a branch's preview environment gets, derived from the branch name alone:
 * the same branch always gives the same names.
 *
 * The slug is the branch lowercased, with accents removed and every run of other
 * characters turned into "-". When that changed the name, or it had to be cut to
 * fit, a hash of the exact branch name is appended, so `Feature/X`, `feature_x` and
 * `feature-x` get three different previews. A branch that already ends like such a
 * hash is hashed too, so an unchanged name can never equal another branch's hashed one.
 *
 * @example
 * PreviewName.of('feature/Login_Page').environment // 'preview-feature-login-page-8c1f0b7e'
 */
export class PreviewName {
  /**
   * The preview names of a branch.
   * @param branch the branch name as git knows it, e.g. `feature/login`
   */
  public static of(branch: string): PreviewName {
    if (branch.trim().length === 0) {
      throw new ShipshapeError({ field: 'branch' }, 'is empty', 'pass the branch name, e.g. `shipshape synth --preview feature/login`');
    }
    return new PreviewName(branch);
  }

  /** The branch name, exactly as given. */
  public readonly branch: string;
  /** A DNS label of at most 32 characters naming the branch, e.g. `feature-login`: the host label under the preview domain. */
  public readonly slug: string;
  /** The preview environment's name and namespace: `preview-<slug>`. */
  public readonly environment: string;

  private constructor(branch: string) {
    this.branch = branch;
    this.slug = slugOf(branch);
    this.environment = `${PREVIEW_PREFIX}${this.slug}`;
  }

  /** The host of an exposed service: `<service>.<slug>.<domain>`. */
  public host(service: string, domain: string): string {
    return `${service}.${this.slug}.${domain}`;
  }
}

function slugOf(branch: string): string {
  const readable = branch
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (readable === branch && readable.length <= PREVIEW_SLUG_MAX_LENGTH && VALID_SLUG.test(readable) && !LOOKS_HASHED.test(readable)) {
    return readable;
  }
  const hash = createHash('sha256').update(branch, 'utf8').digest('hex').slice(0, HASH_LENGTH);
  const prefix = readable.slice(0, PREVIEW_SLUG_MAX_LENGTH - HASH_LENGTH - 1).replace(/-+$/, '');
  return prefix.length > 0 ? `${prefix}-${hash}` : hash;
}
