import { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { SecretsEnvironment } from './environment';

/** `shipshape secrets get <environment> <service> <KEY>`. */
export function secretsGetCommand(context: CommandContext): Command {
  return new Command('get')
    .description('decrypt one value and print it (needs a key that opens it)')
    .argument('<environment>')
    .argument('<service>')
    .argument('<KEY>')
    .action((environment: string, service: string, key: string) => get(context, environment, service, key));
}

/** Prints the plaintext: one of the two commands that ever do (with `render`). */
export async function get(context: CommandContext, environment: string, service: string, key: string): Promise<void> {
  const secrets = new SecretsEnvironment(context, environment);
  const cipher = secrets.cipher();
  const entry = secrets.entry(service, key);
  secrets.warnAboutDemoKeysForDecryption(cipher);
  const plaintext = await cipher.decrypt(entry);
  context.terminal.out(plaintext);
}
