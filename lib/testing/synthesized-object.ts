import { CORE_SCHEMA, loadAll } from 'js-yaml';

/** A Kubernetes object as synthesized, parsed back from its YAML: typed at the top, open below so tests can reach any field. */
export type SynthesizedObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: any };
  [key: string]: any;
};

/**
 * Every object in a multi-document YAML file, in file order. Read with js-yaml, which writes the files, and with
 * the YAML 1.2 core schema (the default of the `yaml` library): a tenth of the time `yaml` takes, and tests
 * synthesize a lot.
 */
export function parseObjects(yaml: string): SynthesizedObject[] {
  return loadAll(yaml, undefined, { schema: CORE_SCHEMA }) as SynthesizedObject[];
}

/**
 * The one object of a kind (and name), failing with the objects there are when there is none or several.
 * @param where what the objects belong to, for the message, e.g. `service billing in environment staging`
 */
export function findObject(objects: readonly SynthesizedObject[], kind: string, name: string | undefined, where: string): SynthesizedObject {
  const matches = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (matches.length === 1) return matches[0];
  const wanted = name === undefined ? `one ${kind}` : `one ${kind} named ${name}`;
  const present = objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ') || 'none';
  throw new Error(`${where}: expected ${wanted}, found ${matches.length} (objects: ${present})`);
}
