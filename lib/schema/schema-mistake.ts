import * as v from 'valibot';
import { ErrorLocation, ShipshapeError } from '../errors';
import type { Schema } from './field-schemas';
import { Mistake, mistakeOf } from './mistake-message';

/** Where in a definition a mistake is: object keys and list indexes, from the top. */
export type FieldPath = readonly (string | number)[];

/** A mistake and the field that holds it. */
export interface PlacedMistake extends Mistake {
  /** The field, from the top of the checked value; empty when the value as a whole is wrong. */
  readonly path: FieldPath;
}

/**
 * The first mistake a schema finds in a value, or undefined when the value fits. A misspelt field is
 * preferred over anything else wrong, since it often explains the rest (`imag` makes `image` missing).
 */
export function firstMistake(schema: Schema<unknown>, value: unknown): PlacedMistake | undefined {
  // Stopping at the first issue makes a value that fits cost least; only one that does not is checked in full.
  if (v.safeParse(schema, value, { abortEarly: true }).success) return undefined;
  const issues = v.safeParse(schema, value).issues!;
  const issue = issues.find(isUnknownField) ?? issues[0];
  return { ...mistakeOf(issue), path: (issue.path ?? []).map((item) => item.key as string | number) };
}

/** A field path as users write it: `ports[0].name`, `overrides.api.replicas`. */
export function fieldName(path: FieldPath): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}

function isUnknownField(issue: v.BaseIssue<unknown>): boolean {
  return issue.type === 'strict_object' && issue.expected === 'never';
}

/**
 * Checks a value against a schema, throwing its first mistake as a `ShipshapeError`.
 * @param locate where a mistake at a path is: the environment, the service and the field as users name them
 */
export function checkAgainst(schema: Schema<unknown>, value: unknown, locate: (path: FieldPath) => ErrorLocation): void {
  const mistake = firstMistake(schema, value);
  if (mistake) throw new ShipshapeError(locate(mistake.path), mistake.problem, mistake.fix);
}
