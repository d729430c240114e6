import type * as v from 'valibot';
import { describeValue } from './value-description';

/** A mistake a schema found in one field, in shipshape's words: what is wrong and how to fix it. */
export interface Mistake {
  /** What is wrong, a clause that reads after the field, e.g. `expected a whole number, found the string "3"`. */
  readonly problem: string;
  /** How to fix it, e.g. `write it without quotes: 3`. */
  readonly fix: string;
  /** What the field holds, in words, e.g. `a whole number from 0 to 1000`; for a field that is missing. */
  readonly expected?: string;
}

// Valibot keeps one message string per issue: shipshape's schemas put a whole mistake in it, marked so that a
// message of valibot's own (from a schema that sets none) can still be told apart.
const MARK = 'shipshape:';

/** A valibot message that carries a mistake whole. */
export function mistakeMessage(mistake: Mistake): string {
  return `${MARK}${JSON.stringify(mistake)}`;
}

/** The mistake an issue describes: the one its message carries, or one made of valibot's expected and received. */
export function mistakeOf(issue: v.BaseIssue<unknown>): Mistake {
  if (issue.message.startsWith(MARK)) return JSON.parse(issue.message.slice(MARK.length)) as Mistake;
  const expected = issue.expected ?? 'another value';
  return { problem: `expected ${expected}, found ${describeValue(issue.input)}`, fix: `use ${expected}`, expected };
}

/**
 * The message of a field that must hold what `description` says: `expected <description>, found <value>`, with a
 * fix for the value found (by default, "use <description>"); or, when it holds nothing, `is missing`.
 */
export function expected(description: string, fix?: (found: unknown) => string | undefined): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => mistakeMessage(issue.input === undefined
    ? { problem: 'is missing', fix: `add it: ${description}`, expected: description }
    : { problem: `expected ${description}, found ${describeValue(issue.input)}`, fix: fix?.(issue.input) ?? `use ${description}`, expected: description });
}
