import { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { SecretsEnvironment } from './environment';

/** `shipshape secrets rm <environment> <service> <KEY>`. */
export function secretsRmCommand(context: CommandContext): Command {
  return new Command('rm')
    .description('remove one value (needs no key)')
    .argument('<environment>')
    .argument('<service>')
    .argument('<KEY>')
    .action((environment: string, service: string, key: string) => rm(context, environment, service, key));
}

/** Removes the value; the others are untouched. */
export function rm(context: CommandContext, environment: string, service: string, key: string): void {
  const secrets = new SecretsEnvironment(context, environment);
  secrets.entry(service, key);
  secrets.save(secrets.file.without(service, key));
  context.terminal.out(`removed ${service}/${key} from ${secrets.path}`);
  if ((secrets.service(service).secrets ?? []).includes(key)) {
    context.terminal.err(`warning: service ${service} still declares ${key} in its secrets, so synth fails until you remove it there or store a value again`);
  }
  context.terminal.out(`next: ${secrets.synthReminder()}`);
}
