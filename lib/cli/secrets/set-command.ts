import { Command } from 'commander';
import { ShipshapeError } from '../../errors';
import type { CommandContext } from '../command-context';
import { SecretsEnvironment } from './environment';
import { readSecretValue } from './value-input';

/** Options of `shipshape secrets set`. */
export interface SetOptions {
  /** Keep a trailing newline of piped input. */
  readonly keepTrailingNewline?: boolean;
  /** Encrypt for published demo keys (a made-up value). */
  readonly demo?: boolean;
}

/** `shipshape secrets set <environment> <service> <KEY>`. */
export function secretsSetCommand(context: CommandContext): Command {
  return new Command('set')
    .description('encrypt and store one value, read from stdin or a hidden prompt (never from the command line); needs no private key for RSA and KMS keys')
    .argument('<environment>')
    .argument('<service>')
    .argument('<KEY>', 'the environment variable name, e.g. DATABASE_URL')
    // Declared only to refuse it with a clear reason: a value in argv stays in shell history and `ps`.
    .argument('[value]')
    .option('--keep-trailing-newline', 'keep a trailing newline of piped input (one is dropped by default)')
    .option('--demo', 'store a made-up value for published demo keys (refused otherwise, unless the environment says demo: true)')
    .action(async (environment: string, service: string, key: string, value: string | undefined, options: SetOptions) => {
      if (value !== undefined) {
        throw new ShipshapeError(
          { environment, service, field: key },
          'a value given on the command line would stay in shell history and be visible in `ps`, so it was not stored',
          `pipe it in (\`printf %s "$VALUE" | shipshape secrets set ${environment} ${service} ${key}\`) or run without it to type it at a hidden prompt`,
        );
      }
      await set(context, environment, service, key, options);
    });
}

/** Encrypts the value for every listed key and stores it; the other values are untouched. */
export async function set(context: CommandContext, environment: string, service: string, key: string, options: SetOptions): Promise<void> {
  const secrets = new SecretsEnvironment(context, environment);
  const definition = secrets.service(service);
  secrets.checkKeyName(service, key);
  const cipher = secrets.cipher();
  // Fails now, before the value is typed, when this environment cannot be written from here.
  cipher.prepareEncryption();
  secrets.checkDemoKeysForEncryption(cipher, options.demo ?? false);
  const plaintext = await readSecretValue(context.stdin, { location: { environment, service, field: key }, keepTrailingNewline: options.keepTrailingNewline ?? false });
  const ciphertext = await cipher.encrypt(service, key, plaintext);
  secrets.save(secrets.file.with(service, key, ciphertext));
  const existed = secrets.file.get(service, key) !== undefined;
  context.terminal.out(`${existed ? 'changed' : 'added'} ${service}/${key} in ${secrets.path}, encrypted for ${secrets.describeKeys()}`);
  if (!(definition.secrets ?? []).includes(key)) {
    context.terminal.err(`warning: service ${service} does not declare ${key} in its secrets, so no pod reads it; add it to secrets in the service's definition`);
  }
  context.terminal.out(`next: ${secrets.synthReminder()}`);
}
