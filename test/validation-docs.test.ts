import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../lib/validation/validate-objects';

test('the README lists every validation rule with its reason', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const missing = ALL_RULES.filter((rule) => !readme.includes(`| \`${rule.id}\` | ${rule.reason.charAt(0).toUpperCase()}${rule.reason.slice(1)}. |`));
  expect(missing.map((rule) => rule.id)).toEqual([]);
});
