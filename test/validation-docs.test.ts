import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mirrorsCell, policyRulesTable, renderValidationRules, VALIDATION_RULES_FILE } from '../scripts/validation-rules-docs';
import type { RuleInfo } from '../lib/validation/rule';

// docs/validation-rules.md is generated from the rules (`npm run docs:rules`), so it cannot drift from them.
test('docs/validation-rules.md is what `npm run docs:rules` makes of the rules', () => {
  expect(readFileSync(VALIDATION_RULES_FILE, 'utf8')).toBe(renderValidationRules());
});

test("the README folds the policy rules' table, each rule with the linter checks it mirrors, as `npm run docs:rules` makes it", () => {
  expect(readFileSync(join(__dirname, '..', 'README.md'), 'utf8')).toContain(`\n${policyRulesTable()}\n`);
});

describe('the page lists each rule with its reason, fix and mirrored linter checks', () => {
  const rule = (patch: Partial<RuleInfo>): RuleInfo => ({ id: 'probe-path', group: 'policy', severity: 'error', reason: 'paths start with "/"', fix: 'write the "/"', ...patch });

  test('a policy rule that mirrors linter checks names them by tool', () => {
    const page = renderValidationRules([rule({ mirrors: ['kube-score pod-probes', 'Polaris readinessProbeMissing'] })]);
    expect(page).toContain('| `probe-path` | Paths start with "/". | Write the "/". | kube-score `pod-probes`, Polaris `readinessProbeMissing` |');
  });

  test("a policy rule of shipshape's own says so", () => {
    expect(mirrorsCell(rule({}))).toBe("none (shipshape's own)");
  });

  test('a rule of another group has no mirrors column, and a "|" in its text does not break the table', () => {
    const page = renderValidationRules([rule({ id: 'labels', group: 'api-server', reason: 'a | b' })]);
    expect(page).toContain('| `labels` | A \\| b. | Write the "/". |\n');
  });
});
