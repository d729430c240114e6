import * as v from 'valibot';
import { ShipshapeError } from '../errors';
import { isPlainObject, missingFieldMessage } from '../schema/field-schemas';
import { mistakeMessage } from '../schema/mistake-message';
import { firstMistake, PlacedMistake } from '../schema/schema-mistake';
import { envVarNameProblem, serviceNameProblem } from '../validation/names';

/** The file beside `environment.ts` that holds an environment's encrypted values. */
export const SECRETS_FILE = 'secrets.json';

/** The `format` field of a secrets file; also bound into every value's encryption context. */
export const SECRETS_FORMAT = 'shipshape.dev/secrets/v1';

const NOTE = 'Each value is an AWS Encryption SDK message (base64). Change values with `shipshape secrets`, never by hand.';
const HEADER_FIELDS = ['format', 'environment', 'note'];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const CONFLICT_MARKER = /^(<{7}|={7}|>{7})(?: |$)/m;

/** One stored value: where it belongs and its ciphertext. */
export interface SecretEntry {
  /** The service, e.g. `api`. */
  readonly service: string;
  /** The environment variable name, e.g. `DATABASE_URL`. */
  readonly key: string;
  /** The AWS Encryption SDK message, base64. */
  readonly ciphertext: string;
}

/**
 * An environment's `secrets.json`: per service and key, one encrypted value. Immutable;
 * `with`/`without` return a changed copy. Reading and writing the file is the CLI's job.
 *
 * The layout is built for git: each value sits on a line of its own under a name line
 * that never changes, with a blank line before the next, sorted. A review diff shows
 * exactly which values changed, and git merges two branches that changed, added or
 * removed different keys without a conflict (test/secrets-merge.test.ts shows which
 * cases need the merge driver, `shipshape secrets merge`).
 */
export class SecretsFile {
  /** A file with no values yet. */
  public static empty(environment: string): SecretsFile {
    return new SecretsFile(environment, new Map());
  }

  /**
   * Reads a secrets file's text, refusing anything shipshape did not write: unresolved
   * merge conflicts, broken JSON, another format or environment, malformed names or values,
   * a value stored twice.
   *
   * @param environment the environment whose folder holds the file
   * @param source the file's path, for messages
   */
  public static parse(text: string, environment: string, source: string): SecretsFile {
    const location = { environment, field: source };
    const marker = CONFLICT_MARKER.exec(text);
    if (marker) {
      throw new ShipshapeError(
        location,
        `has an unresolved git merge conflict (line ${lineOf(text, marker.index)})`,
        'configure the merge driver once (`npm run secrets:merge-driver`) and merge again, or keep one side of each conflict and run `shipshape secrets verify`',
      );
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new ShipshapeError(location, `is not valid JSON (${(error as Error).message})`, `restore it with \`git checkout -- ${source}\` and make changes with \`shipshape secrets\``);
    }
    const mistake = firstMistake(fileSchema(environment, source), data);
    if (mistake) throw placedMistake(mistake, environment, source);
    const values = new Map<string, string>();
    const occurrences = countEntryNames(text);
    for (const [name, value] of Object.entries(data as Record<string, string>)) {
      if (HEADER_FIELDS.includes(name)) continue;
      const [service, key] = name.split('/');
      if ((occurrences.get(name) ?? 0) > 1) {
        throw new ShipshapeError(
          { environment, service, field: key },
          `${source} holds two values for it (a merge kept both versions)`,
          'delete one of the two entries, keeping the intended one, and run `shipshape secrets verify`',
        );
      }
      values.set(entryName(service, key), value);
    }
    return new SecretsFile(environment, values);
  }

  private constructor(
    /** The environment the file belongs to. */
    public readonly environment: string,
    private readonly values: ReadonlyMap<string, string>,
  ) {}

  /** The ciphertext stored for a key, or undefined. */
  public get(service: string, key: string): string | undefined {
    return this.values.get(entryName(service, key));
  }

  /** A copy with the value set. */
  public with(service: string, key: string, ciphertext: string): SecretsFile {
    return new SecretsFile(this.environment, new Map([...this.values, [entryName(service, key), ciphertext]]));
  }

  /** A copy without the value. */
  public without(service: string, key: string): SecretsFile {
    const values = new Map(this.values);
    values.delete(entryName(service, key));
    return new SecretsFile(this.environment, values);
  }

  /** Every value, sorted by service, then key. */
  public entries(): SecretEntry[] {
    return [...this.values.entries()]
      .map(([name, ciphertext]) => {
        const [service, key] = name.split('/');
        return { service, key, ciphertext };
      })
      .sort((a, b) => compare(a.service, b.service) || compare(a.key, b.key));
  }

  /** How many values the file holds. */
  public get size(): number {
    return this.values.size;
  }

  /** The services with stored values, sorted. */
  public services(): string[] {
    return [...new Set(this.entries().map((entry) => entry.service))];
  }

  /** The keys stored for a service, sorted. */
  public keys(service: string): string[] {
    return this.entries().filter((entry) => entry.service === service).map((entry) => entry.key);
  }

  /** The file's text, in the merge-friendly layout described on the class. */
  public render(): string {
    const header = `{\n  "format": ${JSON.stringify(SECRETS_FORMAT)},\n  "environment": ${JSON.stringify(this.environment)},\n  "note": ${JSON.stringify(NOTE)}\n`;
    // The comma leads each entry, so adding or removing one never touches its neighbour's lines.
    const body = this.entries().map((entry) => `\n, ${JSON.stringify(entryName(entry.service, entry.key))}:\n    ${JSON.stringify(entry.ciphertext)}\n`).join('');
    return `${header}${body}\n}\n`;
  }
}

/** `api/DATABASE_URL`: how a value is named in the file. */
export function entryName(service: string, key: string): string {
  return `${service}/${key}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What a secrets file holds: its header (format, environment, note), then one canonical base64 value per
 * `<service>/<KEY>`. Built once per file, whatever its size: the messages are made only for a mistake.
 */
function fileSchema(environment: string, source: string) {
  const restore = `restore it with \`git checkout -- ${source}\``;
  const editedByHand = (what: string) => () => mistakeMessage({ problem: `the value stored in ${source} is ${what} (the file was edited by hand)`, fix: RESTORE_VALUE });
  const storedValue = v.pipe(
    v.string(editedByHand('not base64')),
    v.regex(BASE64, editedByHand('not base64')),
    // A message of a length that is no multiple of 3 ends in padding: the character before it carries bits that decoding drops.
    v.check((value) => Buffer.from(value, 'base64').toString('base64') === value, editedByHand('not canonical base64')),
  );
  const header = {
    format: v.literal(SECRETS_FORMAT, (issue) => mistakeMessage({
      problem: `has format ${JSON.stringify(issue.input)}, not "${SECRETS_FORMAT}"`,
      fix: 'upgrade shipshape, or restore the file from git if it was edited by hand',
    })),
    environment: v.literal(environment, (issue) => mistakeMessage({
      problem: `belongs to environment ${JSON.stringify(issue.input)}, not ${environment}`,
      fix: `move it back to environments/${String(issue.input)}/ (values are bound to their environment and cannot be copied)`,
    })),
    note: v.optional(v.string(mistakeMessage({ problem: 'has a note that is not text', fix: restore }))),
  };
  const file = v.pipe(
    v.objectWithRest(header, storedValue, missingFieldMessage(header)),
    v.check(
      (fields) => Object.keys(fields).every((name) => HEADER_FIELDS.includes(name) || !entryNameProblem(name)),
      (issue) => {
        const name = Object.keys(issue.input as object).find((candidate) => !HEADER_FIELDS.includes(candidate) && entryNameProblem(candidate))!;
        return mistakeMessage({ problem: `has an entry "${name}" that is not a stored value: ${entryNameProblem(name)}`, fix: `remove it (git checkout -- ${source}) and store values with \`shipshape secrets set\`` });
      },
    ),
  );
  // valibot takes a list for an object with numbered keys; a secrets file is never one.
  const notAnObject = v.never(mistakeMessage({ problem: 'is not a JSON object', fix: restore }));
  return v.lazy((input) => (isPlainObject(input) ? file : notAnObject));
}

// The fix of a stored value's mistake names the command that stores it again, once the mistake is placed.
const RESTORE_VALUE = 'restore the file from git, or store the value again';

/** What is wrong with an entry's name, or undefined for `<service>/<KEY>`. */
function entryNameProblem(name: string): string | undefined {
  const [service, key, ...rest] = name.split('/');
  return key === undefined || rest.length > 0 ? `"${name}" is not <service>/<KEY>` : serviceNameProblem(service) ?? envVarNameProblem(key);
}

/** A mistake in a stored value belongs to its service and key, and is fixed by storing it again; any other is the file's. */
function placedMistake(mistake: PlacedMistake, environment: string, source: string): ShipshapeError {
  const name = mistake.path[0];
  if (typeof name !== 'string' || HEADER_FIELDS.includes(name) || entryNameProblem(name)) return new ShipshapeError({ environment, field: source }, mistake.problem, mistake.fix);
  const [service, key] = name.split('/');
  return new ShipshapeError({ environment, service, field: key }, mistake.problem, `${mistake.fix} with \`shipshape secrets set ${environment} ${service} ${key}\``);
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

// JSON.parse keeps the last of two equal names silently; a value must never be dropped that way.
// Values are base64 and names are <service>/<KEY>, so a quoted string followed by ":" is always a name.
function countEntryNames(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/"([^"\\/]+\/[^"\\]+)"\s*:/g)) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
  return counts;
}
