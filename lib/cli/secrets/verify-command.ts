import { Command } from 'commander';
import { describeKeyId } from '../../secrets/encryption-key';
import type { CommandContext } from '../command-context';
import { SecretsEnvironment } from './environment';

/** `shipshape secrets verify <environment>`. */
export function secretsVerifyCommand(context: CommandContext): Command {
  return new Command('verify')
    .description('decrypt every value and check it belongs where it is stored and is encrypted for every listed key (CI runs it where it holds a key)')
    .argument('<environment>')
    .action(async (environment: string) => {
      context.exitCode = await verify(context, environment);
    });
}

/**
 * Decrypts every value (checking each one's encryption context, suite and keys on the way), then
 * checks the file against the environment: every key a service requires is stored, every value is
 * encrypted for every listed key. Reports every problem, not just the first.
 *
 * @returns the exit code: 0 when everything checks out, 1 otherwise
 */
export async function verify(context: CommandContext, environment: string): Promise<number> {
  const { terminal } = context;
  const secrets = new SecretsEnvironment(context, environment);
  const cipher = secrets.cipher();
  secrets.warnAboutDemoKeysForDecryption(cipher);
  const problems: string[] = [];
  const warnings: string[] = [];
  const results = await cipher.decryptEach(secrets.entries());
  for (const result of results) {
    if ('error' in result) {
      problems.push(result.error.message);
      continue;
    }
    const header = cipher.inspect(result.entry);
    if ('problem' in header) continue;
    const missing = cipher.listedKeyIds.filter((id) => !header.keyIds.includes(id));
    const retired = header.keyIds.filter((id) => !cipher.listedKeyIds.includes(id));
    const { service, key } = result.entry;
    if (missing.length > 0) problems.push(`environment ${environment}, service ${service}, field ${key}: is not encrypted for ${missing.map(describeKeyId).join(', ')}, so its holder cannot open it; run \`shipshape secrets rotate ${environment}\`.`);
    if (retired.length > 0) warnings.push(`environment ${environment}, service ${service}, field ${key}: is also encrypted for ${retired.map(describeKeyId).join(', ')}, which the environment no longer lists; run \`shipshape secrets rotate ${environment}\``);
  }
  const running = new Set(secrets.definition.services.map((service) => service.name));
  for (const service of secrets.definition.services) {
    for (const key of service.secrets ?? []) {
      if (secrets.file.get(service.name, key) === undefined) {
        problems.push(`environment ${environment}, service ${service.name}, field ${key}: is required by the service but ${secrets.path} holds no value for it; store it with \`shipshape secrets set ${environment} ${service.name} ${key}\`.`);
      }
    }
    for (const key of secrets.file.keys(service.name)) {
      if (!(service.secrets ?? []).includes(key)) warnings.push(`environment ${environment}, service ${service.name}, field ${key}: is stored but the service does not declare it; remove it with \`shipshape secrets rm ${environment} ${service.name} ${key}\``);
    }
  }
  for (const service of secrets.file.services()) {
    if (!running.has(service)) warnings.push(`environment ${environment}: ${secrets.path} holds values for ${service}, which does not run here`);
  }
  for (const warning of warnings) terminal.err(`warning: ${warning}`);
  for (const problem of problems) terminal.err(`error: ${problem}`);
  if (problems.length > 0) {
    terminal.err(`${secrets.path}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${results.length} value${results.length === 1 ? '' : 's'}`);
    return 1;
  }
  terminal.out(`${secrets.path}: all ${results.length} values decrypt, belong where they are stored and are encrypted for ${secrets.describeKeys()}`);
  return 0;
}
