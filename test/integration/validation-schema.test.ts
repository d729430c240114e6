import { readFileSync } from 'node:fs';
import { generateSchemaModule, GENERATED_SCHEMAS_FILE } from '../../lib/validation/schema-generator';

// Re-generating the validators compiles every Kubernetes 1.27 schema with ajv: seconds, so not in `npm test`.
test('the committed validators are what the generator produces from the installed schemas', () => {
  expect(readFileSync(GENERATED_SCHEMAS_FILE, 'utf8') === generateSchemaModule()).toBe(true);
}, 60_000);
