/**
 * Where a user mistake lives: the environment, the service and the field of
 * its TypeScript definition. Every part is optional because some mistakes
 * belong to an environment as a whole, or to a service before it is placed.
 */
export interface ErrorLocation {
  /**
   * The environment being synthesized, e.g. `production`.
   * @default - the mistake is not in one environment (e.g. in a service definition on its own)
   */
  readonly environment?: string;
  /**
   * The service, e.g. `api`.
   * @default - the mistake is in the environment as a whole
   */
  readonly service?: string;
  /**
   * The field of the definition, as written by the user, e.g. `image.tag`.
   * @default - the mistake is in the definition as a whole
   */
  readonly field?: string;
}

/**
 * A mistake in a service or environment definition.
 *
 * The CLI prints its message (one sentence: where, what is wrong, how to fix it)
 * without a stack trace and exits non-zero; any other error is a shipshape bug.
 */
export class ShipshapeError extends Error {
  /**
   * @param location where the mistake is
   * @param problem what is wrong, e.g. `"latest" is not a pinned version`
   * @param fix how to fix it, e.g. `set a release tag such as "1.4.2"`
   */
  public constructor(
    public readonly location: ErrorLocation,
    public readonly problem: string,
    public readonly fix: string,
  ) {
    super(`${describeLocation(location)}: ${problem}; ${fix}.`);
    this.name = 'ShipshapeError';
  }

  /** The same mistake, placed in an environment (used when a service is composed into one). */
  public within(location: ErrorLocation): ShipshapeError {
    return new ShipshapeError({ ...location, ...definedOnly(this.location) }, this.problem, this.fix);
  }
}

/** `environment production, service api, field image.tag`. */
export function describeLocation(location: ErrorLocation): string {
  const parts: string[] = [];
  if (location.environment) parts.push(`environment ${location.environment}`);
  if (location.service) parts.push(`service ${location.service}`);
  if (location.field) parts.push(`field ${location.field}`);
  return parts.length > 0 ? parts.join(', ') : 'shipshape';
}

function definedOnly(location: ErrorLocation): ErrorLocation {
  return Object.fromEntries(Object.entries(location).filter(([, v]) => v !== undefined));
}
