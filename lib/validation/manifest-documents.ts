import type { Tags } from 'yaml';
import { yamlPackage } from '../yaml-package';
import { asArray, asRecord, KubeObject } from './kube-object';
import type { ObjectPath } from './object-path';

/** A Kubernetes object read from a YAML file, with what is needed to point at its lines. */
export interface ManifestDocument {
  /** The object, with null fields removed (the API server treats `field: null` as unset). */
  readonly object: KubeObject;
  /** The line (1-based) of a path in the object, or of its nearest ancestor that is written. */
  lineOf(path: ObjectPath): number;
}

/** A document that is not a Kubernetes object. */
export interface ManifestSyntaxError {
  /** The line (1-based). */
  readonly line: number;
  /** What is wrong. */
  readonly problem: string;
}

/**
 * Reads every object of a YAML file the way kubectl does: YAML 1.1 (an
 * unquoted `yes` is a boolean), several documents, empty documents skipped and
 * `kind: List` expanded into its items.
 */
export function readManifestText(text: string): { objects: ManifestDocument[]; errors: ManifestSyntaxError[] } {
  const { isMap, LineCounter, parseAllDocuments } = yamlPackage();
  const lineCounter = new LineCounter();
  const objects: ManifestDocument[] = [];
  const errors: ManifestSyntaxError[] = [];
  // Like kubectl's YAML reader, keep timestamps as the strings they are written as.
  const customTags = (tags: Tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp');
  for (const document of parseAllDocuments(text, { version: '1.1', lineCounter, prettyErrors: false, customTags })) {
    if (document.errors.length > 0) {
      for (const error of document.errors) errors.push({ line: lineCounter.linePos(error.pos[0]).line, problem: `is not valid YAML: ${error.message.split('\n')[0]}` });
      continue;
    }
    if (document.contents === null || (!isMap(document.contents) && document.toJS() === null)) continue;
    const start = lineCounter.linePos(document.contents.range?.[0] ?? 0).line;
    const value = withoutNulls(document.toJS());
    const object = asRecord(value);
    if (!object) {
      errors.push({ line: start, problem: 'is not a Kubernetes object (a YAML mapping with apiVersion and kind)' });
      continue;
    }
    const lineOf = (prefix: ObjectPath) => (path: ObjectPath) => {
      const full = [...prefix, ...path];
      for (let length = full.length; length > 0; length--) {
        const node = document.getIn(full.slice(0, length), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return lineCounter.linePos(node.range[0]).line;
      }
      return start;
    };
    if (object.kind === 'List' && Array.isArray(object.items)) {
      asArray(object.items).forEach((item, index) => {
        const record = asRecord(item);
        if (record) objects.push({ object: record, lineOf: lineOf(['items', index]) });
      });
    } else {
      objects.push({ object, lineOf: lineOf([]) });
    }
  }
  return { objects, errors };
}

/** The value with every null map entry removed, at any depth. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null).map(([key, entry]) => [key, withoutNulls(entry)]));
  }
  return value;
}
