import { DEFAULT_SCHEMA, dump, Type } from 'js-yaml';

/**
 * Kubernetes reads YAML 1.1, where `1_000` is the number 1000; js-yaml writes YAML 1.2,
 * where it is a string, and would leave it unquoted. Declaring such scalars as a type
 * makes the dumper see them as ambiguous and quote them.
 */
const YAML11_NUMBER_WITH_UNDERSCORES = new Type('tag:shipshape.dev,2026:yaml11-number', {
  kind: 'scalar',
  resolve: (data: string) => data.includes('_') && /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9_]+)$/.test(data),
});

/** js-yaml's default schema, which also quotes every string YAML 1.1 reads as a number with underscores. */
const MANIFEST_SCHEMA = DEFAULT_SCHEMA.extend({ implicit: [YAML11_NUMBER_WITH_UNDERSCORES] });

/**
 * One Kubernetes object as YAML: no line folding, no anchors, keys in the order given; every string
 * a YAML 1.1 reader (kubectl) would take for another type is quoted. js-yaml rather than the `yaml`
 * package cdk8s uses: several times faster on manifests, the largest cost of writing them.
 */
export function toYaml(object: unknown): string {
  return dump(object, { lineWidth: -1, noRefs: true, schema: MANIFEST_SCHEMA });
}

/** One manifest file: a header comment and its objects as YAML documents. */
export function renderManifestFile(header: string, documents: readonly unknown[]): string {
  return header + documents.map(toYaml).join('---\n');
}
