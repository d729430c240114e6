import type { EnvironmentProps } from '../../environment/environment';
import { ShipshapeError } from '../../errors';
import type { ServiceDefinition } from '../../microservice/microservice-props';
import { describeKeyId, KeyId, keyIdOf } from '../../secrets/encryption-key';
import type { KeySource } from '../../secrets/key-source';
import { SecretCipher } from '../../secrets/secret-cipher';
import type { SecretEntry, SecretsFile } from '../../secrets/secrets-file';
import { envVarNameProblem } from '../../validation/names';
import type { CommandContext } from '../command-context';
import { loadEnvironments } from '../environment-loading';
import { keySourceFor } from './key-files';
import { readSecretsFile, shownSecretsPath, writeSecretsFile } from './file-store';

/** An environment opened by a `shipshape secrets` command: its definition, its secrets file and its keys. */
export class SecretsEnvironment {
  /** The environment name. */
  public readonly name: string;
  /** The environment's definition, as synth sees it. */
  public readonly definition: EnvironmentProps;
  /** The secrets file as read when the command started. */
  public readonly file: SecretsFile;
  /** `environments/<env>/secrets.json`. */
  public readonly path: string;
  /** The key material at hand. */
  public readonly keySource: KeySource;

  public constructor(private readonly context: CommandContext, name: string) {
    [this.definition] = loadEnvironments(context.project, [name], { checkStoredValues: false });
    this.name = name;
    this.file = readSecretsFile(context.project, name);
    this.path = shownSecretsPath(context.project, name);
    this.keySource = keySourceFor(context.project, name, context.variables, context.terminal);
  }

  /** A cipher for the environment's listed keys; `acceptRetiredKeys` also opens values with keys no longer listed. */
  public cipher(options: { readonly acceptRetiredKeys?: boolean } = {}): SecretCipher {
    return new SecretCipher({ environment: this.name, keys: this.definition.encryptionKeys ?? [], source: this.keySource, ...options });
  }

  /**
   * Before encrypting: refuses when the listed keys include a published demo key (lib/secrets/demo-keys.ts), unless
   * the environment is declared `demo: true` or the command was given `--demo`; warns when it goes ahead.
   * @returns the demo keys warned about
   */
  public checkDemoKeysForEncryption(cipher: SecretCipher, demo: boolean): KeyId[] {
    const demoKeys = cipher.demoKeyIds(cipher.listedKeyIds);
    if (demoKeys.length === 0) return [];
    const named = describeKeys(demoKeys);
    if (!demo && this.definition.demo !== true) {
      throw new ShipshapeError(
        { environment: this.name, field: 'encryptionKeys' },
        `${named} ${demoKeys.length === 1 ? 'is a published demo key' : 'are published demo keys'} (shipshape's example repository publishes ${demoKeys.length === 1 ? 'it' : 'them'} in demo-keys/), so anyone could read a value stored for ${demoKeys.length === 1 ? 'it' : 'them'}, and nothing was written`,
        `make real keys with \`shipshape secrets keygen ${this.name} <name>\`, list them in encryptionKeys instead and run \`shipshape secrets rotate ${this.name}\`, or pass --demo to store a made-up value`,
      );
    }
    this.context.terminal.err(`warning: environment ${this.name}, field encryptionKeys: encrypting for ${named}, ${demoKeys.length === 1 ? 'a published demo key' : 'published demo keys'}: anyone can read these values, so store only made-up ones`);
    return demoKeys;
  }

  /**
   * Before decrypting: warns about each held published demo key among these (by default the listed keys),
   * saying where it was found, as a copy of a demo key may be anywhere.
   * @param warned demo keys already warned about by this command
   */
  public warnAboutDemoKeysForDecryption(cipher: SecretCipher, ids: readonly KeyId[] = cipher.listedKeyIds, warned: readonly KeyId[] = []): void {
    const demoKeys = cipher.demoKeyIds(cipher.heldKeyIds(ids)).filter((id) => !warned.includes(id));
    if (demoKeys.length === 0) return;
    const found = demoKeys.map((id) => `${describeKeyId(id)} (from ${this.keySource.foundAt(id)})`).join(', ');
    this.context.terminal.err(`warning: environment ${this.name}, field encryptionKeys: decrypting with ${found}, ${demoKeys.length === 1 ? 'a published demo key' : 'published demo keys'}: anyone can read these values, so they must be made-up ones`);
  }

  /** `rsa key "ci", rsa key "break-glass"`: the keys values are encrypted for. */
  public describeKeys(): string {
    return describeKeys((this.definition.encryptionKeys ?? []).map(keyIdOf)) || 'no key';
  }

  /** The service of that name running in the environment; an unknown one is a mistake worth a clear error. */
  public service(name: string): ServiceDefinition {
    const service = this.definition.services.find((s) => s.name === name);
    if (!service) {
      const running = this.definition.services.map((s) => s.name).join(', ');
      throw new ShipshapeError(
        { environment: this.name, service: name },
        `does not run in this environment (services: ${running})`,
        `check the spelling, or add it to services in environments/${this.name}/environment.ts`,
      );
    }
    return service;
  }

  /** Checks a key name: values become environment variables. */
  public checkKeyName(service: string, key: string): void {
    const problem = envVarNameProblem(key);
    if (problem) throw new ShipshapeError({ environment: this.name, service, field: key }, `the key ${problem}`, 'use a name such as DATABASE_URL');
  }

  /** The stored value of a key; a key with no value is an error naming those that exist. */
  public entry(service: string, key: string): SecretEntry {
    this.service(service);
    const ciphertext = this.file.get(service, key);
    if (ciphertext === undefined) {
      const stored = this.file.keys(service);
      throw new ShipshapeError(
        { environment: this.name, service, field: key },
        `${this.path} holds no value for it (${stored.length > 0 ? `stored: ${stored.join(', ')}` : 'nothing is stored for this service'})`,
        `store it with \`shipshape secrets set ${this.name} ${service} ${key}\``,
      );
    }
    return { service, key, ciphertext };
  }

  /** The stored values, of one service or all, sorted. */
  public entries(service?: string): SecretEntry[] {
    if (service !== undefined) this.service(service);
    return this.file.entries().filter((entry) => service === undefined || entry.service === service);
  }

  /** Writes the changes atomically, keeping any made on disk meanwhile. */
  public save(updated: SecretsFile): void {
    writeSecretsFile(this.context.project, this.file, updated);
  }

  /** The reminder after a change: the pods' secrets hash lives in the committed manifests. */
  public synthReminder(): string {
    return `run \`npm run synth\` and commit ${this.path} with manifests/${this.name}/ (the pods' secrets hash changed)`;
  }
}

function describeKeys(ids: readonly KeyId[]): string {
  return ids.map(describeKeyId).join(', ');
}
