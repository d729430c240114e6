import { asArray, asRecord, asStringMap } from './kube-object';

/**
 * Whether a `LabelSelector` (`matchLabels` and `matchExpressions`) selects a
 * set of labels. An empty selector selects everything, as for a NetworkPolicy's
 * `podSelector: {}`; callers that forbid empty selectors check that themselves.
 */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const record = asRecord(selector);
  if (!record) return true;
  if (!mapSelectorMatches(record.matchLabels, labels)) return false;
  return asArray(record.matchExpressions).every((expression) => expressionMatches(asRecord(expression) ?? {}, labels));
}

/** Whether an equality-only selector (a Service's `spec.selector`, a `matchLabels`) selects a set of labels. */
export function mapSelectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(asStringMap(selector))) {
    if (labels[key] !== value) return false;
  }
  return true;
}

/** True when the selector has neither labels nor expressions. */
export function selectorIsEmpty(selector: unknown): boolean {
  const record = asRecord(selector);
  return !record || (Object.keys(asStringMap(record.matchLabels)).length === 0 && asArray(record.matchExpressions).length === 0);
}

function expressionMatches(expression: Record<string, unknown>, labels: Readonly<Record<string, string>>): boolean {
  const key = String(expression.key);
  const values = asArray(expression.values).map(String);
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  switch (expression.operator) {
    case 'In':
      return has && values.includes(labels[key]);
    case 'NotIn':
      return !has || !values.includes(labels[key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}
