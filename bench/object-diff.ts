/** A place where two values differ: its path (e.g. `spec.ports[0].port`) and the value on each side (undefined where absent). */
export interface Difference {
  readonly path: string;
  readonly left: unknown;
  readonly right: unknown;
}

/** Every difference between two values parsed from YAML or JSON: objects key by key, arrays index by index, the rest by type and value. */
export function differences(left: unknown, right: unknown, path = ''): Difference[] {
  if (Array.isArray(left) && Array.isArray(right)) {
    const found: Difference[] = [];
    for (let index = 0; index < Math.max(left.length, right.length); index++) found.push(...differences(left[index], right[index], `${path}[${index}]`));
    return found;
  }
  if (isRecord(left) && isRecord(right)) {
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
    return keys.flatMap((key) => differences(left[key], right[key], pathTo(path, key)));
  }
  return Object.is(left, right) ? [] : [{ path: path || '.', left, right }];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathTo(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}
