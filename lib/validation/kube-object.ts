/**
 * A Kubernetes object as plain data: an ApiObject's JSON or a parsed YAML
 * document. Rules read it defensively, since a YAML file may hold anything.
 */
export type KubeObject = { readonly [field: string]: any };

/** The object's `kind`, or '' when it has none. */
export function kindOf(object: KubeObject): string {
  return typeof object.kind === 'string' ? object.kind : '';
}

/** The API group of the object's `apiVersion` (`apps` for `apps/v1`, '' for the core group). */
export function groupOf(object: KubeObject): string {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** The object's `metadata.name`, or '' when it has none. */
export function nameOf(object: KubeObject): string {
  const name = object.metadata?.name;
  return typeof name === 'string' ? name : '';
}

/** The object's `metadata.namespace`, or '' for "whatever namespace it is applied to". */
export function namespaceOf(object: KubeObject): string {
  const namespace = object.metadata?.namespace;
  return typeof namespace === 'string' ? namespace : '';
}

/** `Deployment api`, for messages. */
export function describeObject(object: KubeObject): string {
  return `${kindOf(object) || 'object'} ${nameOf(object) || '(unnamed)'}`;
}

/** A plain object (a YAML mapping), or undefined. */
export function asRecord(value: unknown): Record<string, any> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A list (a YAML sequence), or an empty one. */
export function asArray(value: unknown): readonly any[] {
  return Array.isArray(value) ? value : [];
}

/** A string-to-string map such as labels, or an empty one. */
export function asStringMap(value: unknown): Readonly<Record<string, string>> {
  return (asRecord(value) ?? {}) as Record<string, string>;
}
