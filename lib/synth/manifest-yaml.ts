import { CORE_SCHEMA, dump, Type, types } from 'js-yaml';

// js-yaml exports its built-in types for custom schemas (see its README); @types/js-yaml does not declare them.
declare module 'js-yaml' {
  export const types: Readonly<Record<'binary' | 'timestamp' | 'merge' | 'omap' | 'pairs' | 'set', Type>>;
}

/**
 * Kubernetes reads YAML 1.1, where `1_000` is the number 1000; js-yaml writes YAML 1.2,
 * where it is a string, and would leave it unquoted. Declaring such scalars as a type
 * makes the dumper see them as ambiguous and quote them.
 */
const YAML11_NUMBER_WITH_UNDERSCORES = new Type('tag:shipshape.dev,2026:yaml11-number', {
  kind: 'scalar',
  resolve: (data: string) => data.includes('_') && /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9_]+)$/.test(data),
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

/** js-yaml's default schema, with the cheaper timestamp check and the YAML 1.1 numbers. */
const MANIFEST_SCHEMA = CORE_SCHEMA.extend({
  implicit: [TIMESTAMP, types.merge, YAML11_NUMBER_WITH_UNDERSCORES],
  explicit: [types.binary, types.omap, types.pairs, types.set],
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
