import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchSecretsFile, randomAesKey } from './bench-secrets';
import { BENCH_ENVIRONMENTS, benchServices } from './workload';

/**
 * Writes a shipshape platform repo for the benchmark workload: one file per
 * service, one per environment, as a team would write them, and each
 * environment's encrypted secrets (synth reads them without a key).
 *
 * @param folder where to write (created)
 * @param count how many services
 * @param library the module path service files import shipshape from
 */
export async function generatePlatform(folder: string, count: number, library: string): Promise<void> {
  mkdirSync(join(folder, 'services'), { recursive: true });
  const services = benchServices(count);
  for (const service of services) {
    writeFileSync(
      join(folder, 'services', `${service.name}.ts`),
      `import { defineService } from ${JSON.stringify(library)};

export default defineService({
  name: ${JSON.stringify(service.name)},
  image: ${JSON.stringify(service.image)},
  ports: [{ name: 'http', port: ${service.port} }],
  health: { path: '/readyz', livenessPath: '/livez' },
  ingress: {},
  secrets: ${JSON.stringify(service.secrets)},
  autoscaling: { minReplicas: ${service.minReplicas}, maxReplicas: ${service.maxReplicas} },
  config: ${JSON.stringify(service.config)},
});
`,
    );
  }
  writeFileSync(
    join(folder, 'services', 'index.ts'),
    services.map((s, i) => `import s${i} from './${s.name}';`).join('\n') + `\n\nexport const services = [${services.map((_, i) => `s${i}`).join(', ')}];\n`,
  );
  const key = randomAesKey();
  for (const environment of BENCH_ENVIRONMENTS) {
    mkdirSync(join(folder, 'environments', environment), { recursive: true });
    writeFileSync(
      join(folder, 'environments', environment, 'environment.ts'),
      `import { defineEnvironment, EncryptionKey } from ${JSON.stringify(library)};
import { services } from '../../services';

export default defineEnvironment({
  name: '${environment}',
  domain: '${environment}.example.com',
  services,
  encryptionKeys: [EncryptionKey.aes('bench')],
});
`,
    );
    writeFileSync(join(folder, 'environments', environment, 'secrets.json'), await benchSecretsFile(environment, services, key));
  }
}
