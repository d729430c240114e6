/** One field that differs between two versions of a Kubernetes object. */
export interface FieldChange {
  /** Where, e.g. `spec.template.spec.containers[api].image` or `metadata.labels["app.kubernetes.io/version"]`. */
  readonly path: string;
  /**
   * The value before.
   * @default - undefined: the field is new
   */
  readonly before?: unknown;
  /**
   * The value after.
   * @default - undefined: the field is gone
   */
  readonly after?: unknown;
}

/**
 * Every leaf field that differs between two JSON values, by path. Lists of named items
 * (containers, ports, env, volumes) are matched by name, so a reordering is not a change
 * and a path reads `containers[api]` instead of an index.
 */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => fieldChanges(before[key], after[key], `${path}${keyPath(key, path === '')}`));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeNamed = namedItems(before);
    const afterNamed = namedItems(after);
    if (beforeNamed && afterNamed) {
      const names = [...new Set([...beforeNamed.keys(), ...afterNamed.keys()])];
      return names.flatMap((name) => fieldChanges(beforeNamed.get(name), afterNamed.get(name), `${path}[${name}]`));
    }
    if (before.length === after.length) return before.flatMap((item, index) => fieldChanges(item, after[index], `${path}[${index}]`));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '.', before, after }];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Items keyed by a unique `name`, or undefined when the list is not such a list. */
function namedItems(items: readonly unknown[]): Map<string, unknown> | undefined {
  const named = new Map<string, unknown>();
  for (const item of items) {
    if (!isRecord(item) || typeof item.name !== 'string' || named.has(item.name)) return undefined;
    named.set(item.name, item);
  }
  return items.length > 0 ? named : undefined;
}

function keyPath(key: string, first: boolean): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return first ? key : `.${key}`;
  return `[${JSON.stringify(key)}]`;
}
