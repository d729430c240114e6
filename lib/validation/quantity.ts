/**
 * Kubernetes resource quantities (`250m`, `1.5Gi`, `2e3`): the grammar of
 * k8s.io/apimachinery/pkg/api/resource, as a parser to compare them.
 */

const QUANTITY = /^([+-]?[0-9.]+)([eE][-+]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$/;
const NUMBER = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/;
const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The numeric value of a Kubernetes quantity, or undefined when it is not one. */
export function parseQuantity(value: string): number | undefined {
  const match = QUANTITY.exec(value);
  if (!match || !NUMBER.test(match[1])) return undefined;
  const suffix = match[2] ?? '';
  const number = Number(match[1]);
  if (/^[eE]/.test(suffix)) return number * 10 ** Number(suffix.slice(1));
  return number * SUFFIX[suffix];
}

/** The numeric value of a quantity as YAML holds it: a string, or a bare number (`cpu: 1`). */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return typeof value === 'string' ? parseQuantity(value) : undefined;
}
