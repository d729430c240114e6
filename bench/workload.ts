/**
 * The benchmark's synthetic platform: N services × 3 environments, each service
 * with probes, an ingress rule, 10 config keys, 3 secret keys, an HPA and a PDB.
 * Both the shipshape project and the plain cdk8s-plus-27 baseline build exactly this.
 */
export const BENCH_ENVIRONMENTS = ['staging', 'production', 'qa'] as const;

/** One synthetic service, as plain data both programs read. */
export interface BenchService {
  readonly name: string;
  readonly image: string;
  readonly port: number;
  readonly config: Record<string, string>;
  readonly secrets: readonly string[];
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/** The i-th synthetic service; deterministic so every run synthesizes the same bytes. */
export function benchService(index: number): BenchService {
  const name = `svc-${String(index).padStart(4, '0')}`;
  const config: Record<string, string> = {};
  for (let key = 0; key < 10; key++) config[`SETTING_${key}`] = `value-${index}-${key}`;
  return {
    name,
    image: `ghcr.io/bench/${name}:1.${index % 7}.${index}`,
    port: 8080,
    config,
    secrets: ['DATABASE_URL', 'API_TOKEN', 'SIGNING_KEY'],
    minReplicas: 2,
    maxReplicas: 10,
  };
}

/** All N services. */
export function benchServices(count: number): BenchService[] {
  return Array.from({ length: count }, (_, index) => benchService(index));
}
