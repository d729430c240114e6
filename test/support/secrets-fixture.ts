import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EncryptionKey, SecretsFile } from '../../lib';
import { SecretCipher } from '../../lib/secrets/secret-cipher';
import { keySource } from './secret-keys';
import { scratchFolder } from './scratch-folder';

const root = join(__dirname, '..', '..');

/** A platform repo of a secrets test's own, and the key that opens its values. */
export interface SecretsFixture {
  /** The repository: one service `api`, one environment `sandbox` encrypted for the AES key `team`. */
  readonly project: string;
  /** The keys folder outside it, holding `sandbox/team.aes` (mode 0600). */
  readonly keys: string;
  /** Variables that hand the CLI the key. */
  readonly env: Record<string, string>;
  /** `environments/sandbox/secrets.json`, as the CLI writes it. */
  readonly secretsFile: string;
  /** The secrets file as it is now, parsed. */
  read(): SecretsFile;
  /** A cipher holding the key, to check values without the CLI. */
  cipher(): SecretCipher;
  /** Removes the repository and the keys folder. */
  remove(): void;
}

/**
 * Makes a small platform repo for secrets tests, which owns its key (a fresh AES-256 key, so
 * encrypting costs microseconds) rather than using the example's.
 *
 * @param options.declared the secret keys the service declares
 * @param options.encryptionKeys the environment's `encryptionKeys`, as TypeScript source
 * @param options.environmentFields more fields of the environment definition, as TypeScript source
 */
export function secretsFixture(options: { readonly declared?: readonly string[]; readonly encryptionKeys?: string; readonly environmentFields?: string } = {}): SecretsFixture {
  const project = scratchFolder('shipshape-fixture');
  const keys = scratchFolder('shipshape-fixture-keys');
  const files: Record<string, string> = {
    'lib.ts': `export * from ${JSON.stringify(join(root, 'lib'))};\n`,
    'services/api.ts': [
      "import { defineService } from '../lib';",
      '',
      'export const api = defineService({',
      "  name: 'api',",
      "  image: 'ghcr.io/acme/api:1.4.2',",
      "  ports: [{ name: 'http', port: 8080 }],",
      "  health: { path: '/readyz' },",
      `  secrets: ${JSON.stringify(options.declared ?? [])},`,
      '});',
      '',
    ].join('\n'),
    'environments/sandbox/environment.ts': [
      "import { defineEnvironment, EncryptionKey } from '../../lib';",
      "import { api } from '../../services/api';",
      '',
      'export default defineEnvironment({',
      "  name: 'sandbox',",
      "  domain: 'sandbox.acme.dev',",
      '  services: [api],',
      `  encryptionKeys: ${options.encryptionKeys ?? "[EncryptionKey.aes('team')]"},`,
      options.environmentFields ?? '',
      '});',
      '',
    ].join('\n'),
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), content);
  }
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
  const key = randomBytes(32);
  mkdirSync(join(keys, 'sandbox'), { mode: 0o700 });
  writeFileSync(join(keys, 'sandbox', 'team.aes'), `${key.toString('base64')}\n`, { mode: 0o600 });
  const secretsFile = join(project, 'environments', 'sandbox', 'secrets.json');
  return {
    project,
    keys,
    env: { SHIPSHAPE_KEYS_DIR: keys },
    secretsFile,
    read: () => SecretsFile.parse(readFileSync(secretsFile, 'utf8'), 'sandbox', 'secrets.json'),
    cipher: () => new SecretCipher({ environment: 'sandbox', keys: [EncryptionKey.aes('team')], source: keySource({ aes: { team: new Uint8Array(key) } }) }),
    remove: () => {
      rmSync(project, { recursive: true, force: true });
      rmSync(keys, { recursive: true, force: true });
    },
  };
}
