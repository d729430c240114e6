/**
 * Builds `generated/kubernetes-1.27.js`: a strict validator for every kind a
 * Kubernetes 1.27 API server serves, compiled ahead of time with ajv's
 * standalone code so that synth pays no schema compile time (about 0.5 s per run).
 *
 * Inputs: the 1.27.1 OpenAPI schemas shipped by `kubernetes-models` 4.3.1, and
 * the served kinds in `cdk8s-plus-27/api-resources.txt`. Run
 * `npm run generate:schemas` after upgrading either, or ajv; a test fails while
 * the committed file differs from what this produces.
 */
import Ajv, { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SCHEMA_FORMATS } from './schema-formats';

/** Where the generated module is committed. */
export const GENERATED_SCHEMAS_FILE = join(__dirname, 'generated', 'kubernetes-1.27.js');

/** An apiVersion/kind pair the API server serves. */
export interface ServedKind {
  readonly apiVersion: string;
  readonly kind: string;
  /** Whether objects of the kind live in a namespace. */
  readonly namespaced: boolean;
}

type Schema = { [keyword: string]: unknown };

/**
 * Versions a 1.27 API server serves beside the preferred one, which is all `kubectl api-resources` lists:
 * `kubectl api-versions` against 1.27 shows them too, and manifests use them (the Kubernetes documentation's
 * `autoscaling/v1` HorizontalPodAutoscaler, `test/fixtures/real/`).
 */
const ALSO_SERVED: readonly ServedKind[] = [
  { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', namespaced: true },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kind: 'FlowSchema', namespaced: false },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kind: 'PriorityLevelConfiguration', namespaced: false },
];

/**
 * Fields the 1.27 OpenAPI schema marks required that the 1.27 API server does not require (its validation asks
 * for one of `onExitCodes` and `onPodConditions`; the 1.28 schema made `onPodConditions` optional), by schema id.
 */
const NOT_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  'io.k8s.api.batch.v1.PodFailurePolicyRule': ['onPodConditions'],
};

/** The kinds in cdk8s-plus-27's `api-resources.txt` (the output of `kubectl api-resources` against 1.27), and the other versions 1.27 serves. */
export function servedKinds(): ServedKind[] {
  const text = readFileSync(join(dirname(require.resolve('cdk8s-plus-27/package.json')), 'api-resources.txt'), 'utf8');
  const [header, ...rows] = text.split('\n');
  // Fixed-width columns: take each column's start from the header.
  const column = (name: string) => header.indexOf(name);
  const cell = (row: string, from: string, to: string) => row.slice(column(from), column(to)).trim();
  return rows
    .filter((row) => row.trim().length > 0)
    .map((row) => ({ apiVersion: cell(row, 'APIVERSION', 'NAMESPACED'), kind: cell(row, 'KIND', 'VERBS'), namespaced: cell(row, 'NAMESPACED', 'KIND') === 'true' }))
    .concat(ALSO_SERVED);
}

/**
 * Every schema a served kind refers to, by id, as kubernetes-models registers
 * them. Its schema modules hand each schema to `@kubernetes-models/validate`'s
 * `register`; we listen there instead of letting it compile a non-strict validator.
 */
function collectSchemas(kinds: readonly ServedKind[]): { schemas: Map<string, Schema>; roots: Map<string, string> } {
  const modelsRoot = dirname(require.resolve('kubernetes-models/package.json'));
  const registry = require(require.resolve('@kubernetes-models/validate', { paths: [modelsRoot] })) as { register: (id: string, schema: Schema) => void };
  const schemas = new Map<string, Schema>();
  const roots = new Map<string, string>();
  const register = registry.register;
  registry.register = (id, schema) => {
    if (!schemas.has(id)) schemas.set(id, schema);
  };
  try {
    for (const { apiVersion, kind } of kinds) {
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
      const modelFile = join(modelsRoot, group, version, `${kind}.js`);
      if (!existsSync(modelFile)) throw new Error(`kubernetes-models has no ${apiVersion} ${kind}`);
      // Each model module also exports itself under its schema module's name, e.g. IoK8sApiAppsV1Deployment.
      const schemaModule = Object.keys(require(modelFile)).find((name) => name.startsWith('IoK8s'));
      if (!schemaModule) throw new Error(`cannot find the schema of ${apiVersion} ${kind}`);
      const before = new Set(schemas.keys());
      (require(join(modelsRoot, '_schemas', `${schemaModule}.js`)) as { addSchema: () => void }).addSchema();
      const id = [...schemas.keys()].find((candidate) => isRoot(schemas.get(candidate)!, apiVersion, kind)) ?? [...schemas.keys()].find((candidate) => !before.has(candidate));
      if (!id || !isRoot(schemas.get(id)!, apiVersion, kind)) throw new Error(`no schema registered for ${apiVersion} ${kind}`);
      roots.set(`${apiVersion}/${kind}`, id);
    }
  } finally {
    registry.register = register;
  }
  return { schemas, roots };
}

function isRoot(schema: Schema, apiVersion: string, kind: string): boolean {
  const properties = schema.properties as Record<string, Schema> | undefined;
  return (properties?.apiVersion?.enum as string[] | undefined)?.[0] === apiVersion && (properties?.kind?.enum as string[] | undefined)?.[0] === kind;
}

/**
 * The strict form of a schema: an object with declared properties allows no
 * others (what `kubectl apply --validate=strict` and the API server's field
 * validation do), and the nullable-reference and int-or-string/quantity
 * `oneOf`s become plain types so a mistake gets one error instead of three.
 */
export function strictSchema(schema: Schema): Schema {
  const result: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'properties') {
      result.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([name, property]) => [name, strictSchema(property)]));
    } else if (keyword === 'items' || (keyword === 'additionalProperties' && typeof value === 'object')) {
      result[keyword] = strictSchema(value as Schema);
    } else {
      result[keyword] = value;
    }
  }
  const oneOf = result.oneOf as Schema[] | undefined;
  if (oneOf?.length === 2 && oneOf[1].type === 'null' && typeof oneOf[0].$ref === 'string') {
    delete result.oneOf;
    result.$ref = oneOf[0].$ref;
  }
  if (result.properties !== undefined && result.additionalProperties === undefined) result.additionalProperties = false;
  return result;
}

/** Shared types whose `oneOf` reads better as one union type. */
const UNION_TYPES: Readonly<Record<string, Schema>> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['string', 'integer'], format: 'int32' },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'], format: 'quantity' },
};

/**
 * Fields of the 1.27 OpenAPI schema that kubernetes-models drops (it strips every `description` key from its
 * schemas, a field named `description` too), by schema id.
 */
const DROPPED_FIELDS: Readonly<Record<string, Readonly<Record<string, Schema>>>> = {
  'io.k8s.api.scheduling.v1.PriorityClass': { description: { type: 'string' } },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps': { description: { type: 'string' } },
};

/** A schema as the 1.27 API server has it: the corrections above applied. */
function corrected(id: string, schema: Schema): Schema {
  const wrong = NOT_REQUIRED[id];
  const dropped = DROPPED_FIELDS[id];
  return {
    ...schema,
    ...(wrong ? { required: (schema.required as string[]).filter((field) => !wrong.includes(field)) } : {}),
    ...(dropped ? { properties: { ...(schema.properties as Record<string, Schema>), ...dropped } } : {}),
  };
}

/** The source of the generated module. */
export function generateSchemaModule(): string {
  const kinds = servedKinds();
  const { schemas, roots } = collectSchemas(kinds);
  const ajv = new Ajv({
    allErrors: true,
    // Every $ref stays a function of its own, so an error's schemaPath names the type (`io.k8s.api.core.v1.Container#/...`).
    inlineRefs: false,
    strictTypes: false,
    allowUnionTypes: true,
    formats: SCHEMA_FORMATS,
    // Errors carry their schema, so an unknown field can be matched against the known ones ("did you mean").
    verbose: true,
    code: { source: true, lines: false, formats: _`formats` },
  });
  for (const [id, schema] of schemas) ajv.addSchema(UNION_TYPES[id] ?? strictSchema(corrected(id, schema)), id);
  const validators = standaloneCode(ajv, Object.fromEntries(roots));
  return [
    '// Generated by lib/validation/schema-generator.ts (npm run generate:schemas). Do not edit.',
    `// Strict validators for the ${roots.size} kinds a Kubernetes 1.27 API server serves (cdk8s-plus-27 api-resources.txt),`,
    '// from the Kubernetes 1.27.1 OpenAPI schemas in kubernetes-models 4.3.1, compiled by ajv.',
    '// A factory of the format checks, so the file needs no other module; schema-rules.ts evaluates it once.',
    'module.exports = function createValidators(formats) {',
    'const exports = {};',
    validators,
    `exports.servedKinds = ${JSON.stringify(kinds)};`,
    'return exports;',
    '};',
    '',
  ].join('\n');
}

if (require.main === module) {
  const source = generateSchemaModule();
  const temporary = `${GENERATED_SCHEMAS_FILE}.${process.pid}.tmp`;
  writeFileSync(temporary, source);
  renameSync(temporary, GENERATED_SCHEMAS_FILE);
  process.stdout.write(`wrote ${GENERATED_SCHEMAS_FILE} (${(source.length / 1024).toFixed(0)} KiB)\n`);
}
