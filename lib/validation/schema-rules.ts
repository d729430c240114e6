import type { ErrorObject, ValidateFunction } from 'ajv';
import { asRecord, KubeObject } from './kube-object';
import type { ObjectPath } from './object-path';
import type { RuleInfo } from './rule';
import { SCHEMA_FORMATS } from './schema-formats';
import type { ServedKind } from './schema-generator';

/**
 * Strict validation against the Kubernetes 1.27 OpenAPI schema: only kinds a
 * 1.27 API server serves, no unknown fields, the right types, enum values and
 * formats, and every required field. The validators are compiled ahead of time
 * (see schema-generator.ts) and loaded on first use.
 */
export const SCHEMA_RULES = [
  rule('served-kind', 'a 1.27 API server rejects an apiVersion/kind of its own groups that it does not serve (a removed beta, a typo); custom resources, of other groups, are passed through unchecked', 'use an apiVersion and kind that Kubernetes 1.27 serves, e.g. apps/v1 Deployment'),
  rule('schema-unknown-field', 'the API server drops or rejects fields it does not know, so a misspelt field silently does nothing', 'remove the field or correct its spelling'),
  rule('schema-required-field', 'the API server rejects an object without a field its schema requires', 'add the field'),
  rule('schema-type', 'the API server rejects a value of the wrong type (a string where a number belongs, a list where a map belongs)', 'write the value with the type the schema gives'),
  rule('schema-enum', 'the API server rejects a value outside the fixed set a field allows', 'use one of the allowed values'),
  rule('schema-format', 'the API server rejects a malformed quantity, integer, date or base64 value', 'write the value in the field\'s format, e.g. "250m" or "256Mi" for a quantity'),
] as const satisfies readonly RuleInfo[];

/** Ids of the schema rules. */
export type SchemaRuleId = (typeof SCHEMA_RULES)[number]['id'];

/** Called for each schema problem. */
export type SchemaReport = (rule: SchemaRuleId, path: ObjectPath, problem: string, fix?: string) => void;

interface GeneratedSchemas {
  readonly servedKinds: readonly ServedKind[];
  readonly [apiVersionAndKind: string]: unknown;
}

let generated: GeneratedSchemas | undefined;

/** The generated validators (1.5 MB of code), loaded on first use: a thread that never validates never compiles them. */
function schemas(): GeneratedSchemas {
  if (!generated) {
    const factory = require('./generated/kubernetes-1.27.js') as (formats: typeof SCHEMA_FORMATS) => GeneratedSchemas;
    generated = factory(SCHEMA_FORMATS);
  }
  return generated;
}

/** The kinds a Kubernetes 1.27 API server serves, with whether each is namespaced. */
export function servedKindsOf127(): readonly ServedKind[] {
  return schemas().servedKinds;
}

let servedGroups: ReadonlySet<string> | undefined;

/**
 * True for a custom resource: an object of an API group that Kubernetes 1.27 does not serve itself
 * (a group with a dot, such as `monitoring.coreos.com` or `gateway.networking.k8s.io`). Its schema
 * comes from a CustomResourceDefinition in the cluster, so nothing can check it offline. An unknown
 * version or kind of a group Kubernetes serves (`batch/v1beta1`, `apps/v1beta2`) is not one: that is
 * a removed or misspelt API, which the `served-kind` rule reports.
 */
export function isCustomResource(object: KubeObject): boolean {
  const { apiVersion } = object;
  if (typeof apiVersion !== 'string' || !apiVersion.includes('/')) return false;
  const group = apiVersion.slice(0, apiVersion.lastIndexOf('/'));
  if (!group.includes('.')) return false;
  servedGroups ??= new Set((generated ?? schemas()).servedKinds.map((served) => groupOf(served.apiVersion)));
  return !servedGroups.has(group);
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}

/**
 * Checks one object against the schema of its kind.
 * @returns true when the object is valid (rules that read its fields can run)
 */
export function checkSchema(object: KubeObject, report: SchemaReport): boolean {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || apiVersion.length === 0) {
    report('schema-required-field', ['apiVersion'], 'is missing', 'add apiVersion, e.g. "apps/v1"');
    return false;
  }
  if (typeof kind !== 'string' || kind.length === 0) {
    report('schema-required-field', ['kind'], 'is missing', 'add kind, e.g. "Deployment"');
    return false;
  }
  const validators = generated ?? schemas();
  const validate = validators[`${apiVersion}/${kind}`] as ValidateFunction | undefined;
  if (!validate) {
    const servedAs = validators.servedKinds.filter((served) => served.kind === kind);
    report(
      'served-kind',
      ['apiVersion'],
      `${apiVersion} ${kind} is not one of the kinds Kubernetes 1.27 serves (kubectl api-resources)`,
      servedAs.length > 0 ? `use apiVersion ${servedAs.map((served) => served.apiVersion).join(' or ')}` : 'use a kind Kubernetes 1.27 serves',
    );
    return false;
  }
  if (validate(object)) return true;
  const errors = validate.errors ?? [];
  // A value of the wrong type also fails its format; the type error says it all.
  const mistyped = new Set(errors.filter((error) => error.keyword === 'type').map((error) => error.instancePath));
  for (const error of errors) {
    if (error.keyword !== 'format' || !mistyped.has(error.instancePath)) reportError(object, error, report);
  }
  return false;
}

function reportError(object: KubeObject, error: ErrorObject, report: SchemaReport): void {
  const path = pathOf(object, error.instancePath);
  const value = valueAt(object, path);
  const params = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const suggestion = closest(field, Object.keys(asRecord(error.parentSchema?.properties) ?? {}));
      report('schema-unknown-field', [...path, field], 'is not a known field', suggestion ? `did you mean "${suggestion}"? Rename it or remove it` : 'remove it or correct its spelling');
      return;
    }
    case 'required':
      report('schema-required-field', [...path, String(params.missingProperty)], 'is missing, and the schema requires it', `add ${params.missingProperty}`);
      return;
    case 'type': {
      const expected = String(params.type).split(',').map((type) => (type === 'integer' ? 'a whole number' : type === 'array' ? 'a list' : type === 'object' ? 'a map' : `a ${type}`)).join(' or ');
      // kubectl reads YAML 1.1, where an unquoted yes, no, on or off is a boolean.
      const fix = typeof value === 'boolean' && expected === 'a string' ? 'quote it: kubectl reads YAML 1.1, where unquoted yes, no, on and off are booleans' : `write it as ${expected}`;
      report('schema-type', path, `is ${describeValue(value)}, not ${expected}`, fix);
      return;
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).filter((v) => v !== null).map((v) => JSON.stringify(v));
      report('schema-enum', path, `is ${JSON.stringify(value)}, not one of ${allowed.join(', ')}`, `use one of ${allowed.join(', ')}`);
      return;
    }
    case 'format':
      report('schema-format', path, formatProblem(String(params.format), value), FORMAT_FIXES[String(params.format)] ?? 'write it in the right format');
      return;
    default:
      report('schema-type', path, `${error.message ?? 'does not match the schema'} (${error.keyword})`, 'write it as the schema of the field says');
  }
}

const FORMAT_FIXES: Readonly<Record<string, string>> = {
  quantity: 'write a quantity like "250m", "0.5", "256Mi" or "1Gi"',
  int32: 'use a whole number between -2147483648 and 2147483647',
  int64: 'use a whole number',
  'date-time': 'write an RFC 3339 time like "2024-01-31T12:00:00Z"',
  byte: 'base64-encode the value',
};

function formatProblem(format: string, value: unknown): string {
  switch (format) {
    case 'quantity':
      return `${JSON.stringify(value)} is not a Kubernetes quantity`;
    case 'int32':
      return `${JSON.stringify(value)} does not fit in a 32-bit integer`;
    case 'date-time':
      return `${JSON.stringify(value)} is not an RFC 3339 date and time`;
    case 'byte':
      return 'is not base64';
    default:
      return `${JSON.stringify(value)} is not in the format ${format}`;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value === 'number' && !Number.isInteger(value) ? 'the fraction' : `the ${typeof value}`} ${String(value)}`;
}

/** The path segments of a JSON pointer, with list indexes as numbers. */
function pathOf(object: KubeObject, pointer: string): ObjectPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current: unknown = object;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(current) ? Number(segment) : segment;
    path.push(key);
    current = Array.isArray(current) ? current[key as number] : asRecord(current)?.[segment];
  }
  return path;
}

function valueAt(object: KubeObject, path: ObjectPath): unknown {
  let current: unknown = object;
  for (const key of path) current = Array.isArray(current) ? current[key as number] : asRecord(current)?.[key as string];
  return current;
}

/** The known field a misspelt one most likely meant: same letters in another case, or at most two edits away. */
function closest(field: string, known: readonly string[]): string | undefined {
  const lower = field.toLowerCase();
  const sameCase = known.find((name) => name.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      // Two adjacent letters swapped count as one edit ("naem" → "name").
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

function rule<const Id extends string>(id: Id, reason: string, fix: string) {
  return { id, group: 'schema', severity: 'error', reason, fix } as const;
}
