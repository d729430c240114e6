/** The longest string a message quotes whole; a longer one is cut, so the message stays one readable line. */
const QUOTED_LENGTH = 60;

/**
 * How a message names a value a definition holds: `the string "3"`, `the number 8080`, `a list of 2 items`,
 * `a HealthCheck`, `nothing`. Values that bypassed the TypeScript types (computed at run time, read from JSON,
 * `as any`) are shown by what they are, so a message can say what was found.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return value.length === 0 ? 'an empty string' : `the string ${quoted(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'bigint':
      return `the bigint ${value}n`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
  }
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length} ${value.length === 1 ? 'item' : 'items'}`;
  const kind = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return kind && kind !== 'Object' ? `a ${kind}` : 'an object';
}

/** A string as a message quotes it: JSON-escaped, cut after `QUOTED_LENGTH` characters. */
export function quoted(value: string): string {
  return value.length > QUOTED_LENGTH ? `${JSON.stringify(value.slice(0, QUOTED_LENGTH))}…` : JSON.stringify(value);
}
