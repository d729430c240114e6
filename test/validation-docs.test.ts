import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleInfo } from '../lib/validation/rule';
import { ALL_RULES } from '../lib/validation/validate-objects';

test('the README lists every validation rule with its reason', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const missing = ALL_RULES.filter((rule) => !readme.includes(`| \`${rule.id}\` | ${rule.reason.charAt(0).toUpperCase()}${rule.reason.slice(1)}. |`));
  expect(missing.map((rule) => rule.id)).toEqual([]);
});

test('the README says, for each policy rule, which kube-score, kube-linter and Polaris checks it mirrors', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const mirrors = (rule: RuleInfo) =>
    (rule.mirrors ?? []).map((check) => `${check.split(' ')[0]} \`${check.split(' ').slice(1).join(' ')}\``).join(', ') || "none (shipshape's own)";
  const policy = ALL_RULES.filter((rule) => rule.group === 'policy');
  expect(policy.filter((rule) => !readme.includes(`| \`${rule.id}\` | ${rule.reason.charAt(0).toUpperCase()}${rule.reason.slice(1)}. | ${mirrors(rule)} |`)).map((rule) => rule.id)).toEqual([]);
});
