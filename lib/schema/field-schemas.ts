import * as v from 'valibot';
import { closestName } from './closest-name';
import { expected, mistakeMessage } from './mistake-message';

/** A schema that checks a value of unknown origin and gives a `T`. */
export type Schema<T> = v.GenericSchema<unknown, T>;

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

/**
 * One schema per field of an interface, no more and no fewer: a field added to the interface fails the
 * type-check until its schema is added too, and each schema must give that field's type.
 */
export type FieldSchemas<T> = { readonly [K in keyof T]-?: Schema<K extends OptionalKeys<T> ? T[K] | undefined : T[K]> };

/** How an object of fields is named in messages. */
export interface ObjectWords {
  /** What a misspelt field is not a field of, e.g. `a service` or `ingress`. */
  readonly owner: string;
  /** What belongs where the object is, for a value that is not one, e.g. `ingress options such as { subdomain: "api" }`. */
  readonly expected: string;
}

/**
 * An object with exactly these fields, as written in a definition (a plain object, not a list or a class
 * instance). A field it does not know is a mistake, with the known field it most likely meant.
 */
export function fields<T>(entries: FieldSchemas<T>, words: ObjectWords): Schema<T> {
  const known = Object.keys(entries);
  const schemas = entries as unknown as Record<string, Schema<unknown>>;
  const object = v.strictObject(schemas, (issue) => {
    const key = issue.path?.at(-1);
    if (issue.kind !== 'schema' || key?.origin !== 'key') return expected(words.expected)(issue);
    const name = String(key.key);
    if (issue.expected === 'never') {
      const meant = closestName(name, known);
      return mistakeMessage({
        problem: `is not a field of ${words.owner}${meant ? ` (did you mean ${meant}?)` : ''}`,
        fix: meant ? `rename it to ${meant}` : `remove it (the fields are ${known.join(', ')})`,
      });
    }
    return missingFieldMessage(schemas)(issue);
  });
  const notAnObject = v.never(expected(words.expected));
  return v.lazy((input) => (isPlainObject(input) ? object : notAnObject)) as unknown as Schema<T>;
}

/**
 * A value that fits `schema` and passes a check of its own, such as a host name: `problemOf` says what is wrong
 * with it (`"10.0.0.1" is an IP address, not a host name`), `fixOf` how to write it instead.
 */
export function valid<T>(schema: Schema<T>, problemOf: (value: T) => string | undefined, fixOf: (value: T) => string): Schema<T> {
  return v.pipe(schema, v.check((value) => problemOf(value) === undefined, (issue) => mistakeMessage({ problem: problemOf(issue.input as T)!, fix: fixOf(issue.input as T) })));
}

/** Text. */
export function text(description = 'text'): Schema<string> {
  return v.string(expected(description));
}

/** Text that is not empty, e.g. a name or a list element; `ifEmpty` says what to do about an empty one. */
export function nonEmptyText(description: string, ifEmpty?: string): Schema<string> {
  const message = expected(description, (found) => (found === '' ? ifEmpty : undefined));
  return v.pipe(v.string(message), v.nonEmpty(message));
}

/** A URL path: starts with "/", e.g. a probe's or the metrics endpoint's. */
export function urlPath(example: string): Schema<string> {
  const description = `a path starting with "/", such as "${example}"`;
  const message = expected(description, (found) => (typeof found === 'string' && found.length > 0 ? `write it as "/${found}"` : undefined));
  return v.pipe(v.string(message), v.startsWith('/', message));
}

/** The bounds of a whole number, and how messages name it. */
export interface WholeNumberOptions {
  /** The smallest allowed. */
  readonly min: number;
  /** The largest allowed; no bound when left out. */
  readonly max?: number;
  /** What the number is, e.g. `a port number`; `a whole number` when left out. */
  readonly what?: string;
  /** Why nothing above the maximum makes sense, for the fix of a number above it. */
  readonly whyMax?: string;
}

/**
 * A whole number from `min` (to `max`, when given). A number written as a string (`'3'`, from JSON or a
 * template) is shown how to write it.
 */
export function wholeNumber(options: WholeNumberOptions): Schema<number> {
  const { min, max, whyMax } = options;
  const what = options.what ?? 'a whole number';
  const description = max === undefined ? `${what} of ${min} or more` : `${what} from ${min} to ${max}`;
  const message = expected(description, (found) => {
    if (numericString(found)) return `write it as a number, without quotes: ${Number(found)}`;
    if (typeof found === 'number' && max !== undefined && found > max) return `use at most ${max}${whyMax ? ` (${whyMax})` : ''}`;
    if (typeof found === 'number' && found < min) return `use at least ${min}`;
    return undefined;
  });
  const number = v.pipe(v.number(message), v.integer(message), v.minValue(min, message));
  return max === undefined ? number : v.pipe(number, v.maxValue(max, message));
}

/** A list of items. A single value where a list belongs (`secrets: 'DATABASE_URL'`) is shown as the list it should be. */
export function list<T>(item: Schema<T>, description: string): Schema<T[]> {
  return v.array(item, expected(description, (found) => (found !== undefined && found !== null && typeof found !== 'object' ? `write it as a list: [${JSON.stringify(found)}]` : undefined)));
}

/** Names to text, e.g. labels or annotations. */
export function textMap(description: string): Schema<Record<string, string>> {
  return v.record(v.string(), text('text'), expected(description));
}

/** One of a few fixed strings. */
export function oneOf<const T extends readonly string[]>(options: T): Schema<T[number]> {
  return v.picklist(options, expected(`one of ${options.map((option) => JSON.stringify(option)).join(', ')}`));
}

/** `true` or `false`. */
export function yesOrNo(): Schema<boolean> {
  return v.boolean(expected('true or false', (found) => (found === 'true' || found === 'false' ? `write it without quotes: ${found}` : undefined)));
}

/** An instance of a class, such as a `HealthCheck`. */
export function instanceOf<T>(type: { readonly prototype: T }, description: string): Schema<T> {
  return v.custom<T>((input) => typeof input === 'object' && input !== null && Object.prototype.isPrototypeOf.call(type.prototype, input), expected(description));
}

/** A function, such as an environment's `extend` hook. */
export function aFunction<T extends (...args: never[]) => unknown>(description: string): Schema<T> {
  return v.custom<T>((input) => typeof input === 'function', expected(description));
}

/** The schema a value of each kind must fit; a value of a kind not listed is a mistake. */
export interface KindSchemas<T> {
  /** For a string. */
  readonly string?: Schema<T>;
  /** For a number. */
  readonly number?: Schema<T>;
  /** For `false`. */
  readonly false?: Schema<T>;
  /** For `true` and `false`, unless `false` has its own. */
  readonly boolean?: Schema<T>;
  /** For an object that is not a list (a plain one, or a class instance such as a `HealthCheck`). */
  readonly object?: Schema<T>;
}

/**
 * One of several kinds of value (a string or an object, an object or `false`), each checked by its own
 * schema: so a mistake inside the object is reported as such, not as "neither a string nor an object".
 */
export function either<T>(description: string, kinds: KindSchemas<T>): Schema<T> {
  const neither = v.never(expected(description));
  return v.lazy((input) => {
    if (typeof input === 'string') return kinds.string ?? neither;
    if (typeof input === 'number') return kinds.number ?? neither;
    if (input === false && kinds.false) return kinds.false;
    if (typeof input === 'boolean') return kinds.boolean ?? neither;
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) return kinds.object ?? neither;
    return neither;
  }) as unknown as Schema<T>;
}

/** `false` itself. */
export function falseValue(): Schema<false> {
  return v.literal(false);
}

/**
 * The message of an object for a field that is missing: what the field's own schema says of a value that is
 * not there (`is missing; add it: a port number from 1 to 65535`), rather than valibot's words.
 */
export function missingFieldMessage(entries: Readonly<Record<string, Schema<unknown>>>): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => {
    const key = String(issue.path?.at(-1)?.key);
    const entry = Object.hasOwn(entries, key) ? entries[key] : undefined;
    const missing = entry && v.safeParse(entry, undefined, { abortEarly: true }).issues?.[0];
    return missing ? missing.message : issue.message;
  };
}

/** An object written as `{ … }` in a definition or a JSON file: not a list, not a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function numericString(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0 && Number.isFinite(Number(value));
}
