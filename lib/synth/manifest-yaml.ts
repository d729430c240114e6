import { CORE_SCHEMA, dump, Type, types } from 'js-yaml';

// js-yaml exports its built-in types for custom schemas (see its README), and each type keeps its tag and the options
// it was made with "in case user wants to extend this type later"; @types/js-yaml declares none of these.
declare module 'js-yaml' {
  export const types: Readonly<Record<'bool' | 'int' | 'float' | 'timestamp' | 'merge', Type>>;
  interface Type {
    readonly tag: string;
    readonly options: TypeConstructorOptions;
  }
}

/**
 * Kubernetes reads YAML 1.1, where `1_000` is the number 1000; js-yaml writes YAML 1.2,
 * where it is a string, and would leave it unquoted. Declaring such scalars as a type
 * makes the dumper see them as ambiguous and quote them.
 */
const YAML11_NUMBER_WITH_UNDERSCORES = new Type('tag:shipshape.dev,2026:yaml11-number', {
  kind: 'scalar',
  // The pattern needs a sign, a digit or a dot first: most strings with an underscore (env var names) never reach it.
  resolve: (data: string) => mayBeNumber(data) && data.includes('_') && /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9_]+)$/.test(data),
});

/**
 * js-yaml's timestamp type, trying its two patterns only on strings that could match them (both need
 * at least 10 characters, the first a digit): the dumper asks every string whether it is a timestamp,
 * and the patterns were a tenth of the time YAML takes. Strings are quoted exactly as before.
 */
const TIMESTAMP = new Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && data.length >= 10 && data.charCodeAt(0) >= 0x30 && data.charCodeAt(0) <= 0x39 && types.timestamp.resolve(data),
  construct: types.timestamp.construct,
  instanceOf: Date,
  represent: types.timestamp.represent ?? undefined,
});

/**
 * js-yaml's bool, int and float types, telling a value's type with `typeof` where js-yaml calls
 * `Object.prototype.toString`: the dumper asks every node of every manifest (every key too) whether
 * it is each of them. The answers are the same for every value JSON holds; they differ only for
 * boxed `new Boolean()` and `new Number()`, which no manifest contains. Likewise the dumper asks
 * every string whether it reads as an int or a float, and both need a sign, a digit or a dot first.
 */
const BOOL = new Type(types.bool.tag, { ...types.bool.options, predicate: (value: unknown) => typeof value === 'boolean' });
const INT = new Type(types.int.tag, {
  ...types.int.options,
  resolve: (data: string | null) => mayBeNumber(data) && types.int.resolve(data),
  predicate: (value: unknown) => typeof value === 'number' && value % 1 === 0 && !Object.is(value, -0),
});
const FLOAT = new Type(types.float.tag, {
  ...types.float.options,
  resolve: (data: string | null) => mayBeNumber(data) && types.float.resolve(data),
  predicate: (value: unknown) => typeof value === 'number' && (value % 1 !== 0 || Object.is(value, -0)),
});

/** False for a string no YAML int or float can be: one that does not start with a sign, a digit or a dot. */
function mayBeNumber(data: string | null): data is string {
  if (data === null || data.length === 0) return false;
  const first = data.charCodeAt(0);
  return (first >= 0x30 && first <= 0x39) || first === 0x2b /* + */ || first === 0x2d /* - */ || first === 0x2e /* . */;
}

/**
 * js-yaml's default schema for writing plain JSON: the cheaper type checks above (each replaces js-yaml's
 * own in place, so the order of the checks is unchanged), the timestamp and merge keys, the YAML 1.1
 * numbers. Without the explicit types (binary, omap, pairs, set), which only a `Uint8Array` could
 * select when dumping, and which the dumper would otherwise try on every node.
 */
const MANIFEST_SCHEMA = CORE_SCHEMA.extend({
  implicit: [BOOL, INT, FLOAT, TIMESTAMP, types.merge, YAML11_NUMBER_WITH_UNDERSCORES],
});

/**
 * js-yaml rather than the `yaml` package cdk8s uses: about five times faster on
 * manifests, the largest cost of synth. No line folding, no anchors, key order as given;
 * every string a YAML 1.1 reader would take for another type is quoted.
 */
export function toYaml(object: unknown): string {
  return dump(object, { lineWidth: -1, noRefs: true, schema: MANIFEST_SCHEMA });
}

/** One manifest file: a header comment and its objects as YAML documents. */
export function renderManifestFile(header: string, documents: readonly unknown[]): string {
  return header + documents.map(toYaml).join('---\n');
}
