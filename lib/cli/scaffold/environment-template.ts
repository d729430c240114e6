import { keyVariableName } from '../secrets/key-files';

/** What a new environment definition is made of. */
export interface EnvironmentTemplate {
  /** The environment name: its namespace and its folder under `manifests/`, e.g. `qa`. */
  readonly name: string;
  /** The domain its services' hosts go under, e.g. `qa.example.com`. */
  readonly domain: string;
  /** The services it runs: the constants `services/index.ts` exports, e.g. `['api', 'web']`. */
  readonly services: readonly string[];
  /** The module to import `defineEnvironment` from, e.g. `'shipshape'` or `'../../lib'`. */
  readonly library: string;
  /** The module the services come from, e.g. `'../../services'`. */
  readonly servicesModule: string;
  /** What the environment is for, in one line, e.g. `every merge to main lands here first`. */
  readonly purpose?: string;
}

/**
 * An environment definition with one AES key for its secrets, and comments that say where each setting leads.
 * The key is made outside the repository by whatever writes this file (`shipshape new environment`).
 */
export function environmentSource(environment: EnvironmentTemplate): string {
  const { name, domain, services, library, servicesModule } = environment;
  const imports = services.length > 0 ? `import { ${[...services].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)).join(', ')} } from '${servicesModule}';\n` : '';
  return `import { defineEnvironment, EncryptionKey } from '${library}';
${imports}
/** ${name}: ${environment.purpose ?? 'say in one line what runs here and who uses it'}. */
export default defineEnvironment({
  name: '${name}',
  // A service with \`ingress: { subdomain: 'x' }\` is served at https://x.${domain}.
  domain: '${domain}',
  services: [${services.join(', ')}],
  // Secrets are encrypted for this key, kept outside the repository (in ~/.config/shipshape/keys/ or $SHIPSHAPE_KEYS_DIR):
  // whoever holds it reads and writes ${name}'s secrets; CI gets it as $${keyVariableName(name, 'team')}.
  encryptionKeys: [EncryptionKey.aes('team')],
  // What differs here from the services' own definitions, by service name, e.g.
  // overrides: { api: { replicas: 3, config: { LOG_LEVEL: 'debug' } } },
});
`;
}
