import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_ENVIRONMENTS, BenchService, benchServices } from './workload';

/** One service as bench/helm-same/templates read it: the workload's fields, and the version label shipshape derives. */
interface HelmSameService extends BenchService {
  /** `app.kubernetes.io/version`: shipshape labels a service with its image's tag. */
  readonly version: string;
}

/** The values file of one environment: the environment's name and every service. */
export function helmSameValues(environment: string, services: readonly BenchService[]): { env: string; services: HelmSameService[] } {
  return { env: environment, services: services.map((service) => ({ ...service, version: service.image.slice(service.image.lastIndexOf(':') + 1) })) };
}

/**
 * Writes `<environment>.yaml` into `folder` for each bench environment: the values for bench/helm-same of the
 * bench workload's first `count` services (bench/workload.ts, which the other two programs build too). JSON,
 * which is YAML: helm reads it as it is.
 */
export function writeHelmSameValues(folder: string, count: number): void {
  mkdirSync(folder, { recursive: true });
  const services = benchServices(count);
  for (const environment of BENCH_ENVIRONMENTS) {
    writeFileSync(join(folder, `${environment}.yaml`), JSON.stringify(helmSameValues(environment, services)));
  }
}
