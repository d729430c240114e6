import { Command } from 'commander';
import { describeKeyId } from '../../secrets/encryption-key';
import type { CommandContext } from '../command-context';
import { SecretsEnvironment } from './environment';

/** `shipshape secrets list <environment> [service]`. */
export function secretsListCommand(context: CommandContext): Command {
  return new Command('list')
    .description('list stored keys and what each value is encrypted for, from the message headers (needs no key)')
    .argument('<environment>')
    .argument('[service]', 'only this service')
    .action((environment: string, service: string | undefined) => list(context, environment, service));
}

/**
 * One line per value: service, key, size and the keys it is encrypted for. Reports what the
 * messages already show without decrypting anything: a value that is not whole, not where it was
 * encrypted for or for no listed key is an error (exit code 1), one that misses a listed key a warning.
 */
export function list(context: CommandContext, environment: string, service?: string): void {
  const { terminal } = context;
  const secrets = new SecretsEnvironment(context, environment);
  const cipher = secrets.cipher();
  const entries = secrets.entries(service);
  terminal.out(`${secrets.path}: ${entries.length} value${entries.length === 1 ? '' : 's'}${service ? ` of ${service}` : ''}; listed keys: ${secrets.describeKeys()}`);
  if (entries.length === 0) return;
  const rows = entries.map((entry) => {
    const header = cipher.inspect(entry);
    const keys = 'problem' in header ? 'unreadable' : header.keyIds.map((id) => id.replace(/^aws-kms:/, 'kms:')).join(', ');
    return [entry.service, entry.key, `${Buffer.from(entry.ciphertext, 'base64').length} B`, keys];
  });
  const widths = [0, 1, 2].map((column) => Math.max(...[['SERVICE', 'KEY', 'SIZE'][column], ...rows.map((row) => row[column])].map((cell) => cell.length)));
  const line = (row: string[]) => `${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2].padStart(widths[2])}  ${row[3]}`.trimEnd();
  terminal.out(line(['SERVICE', 'KEY', 'SIZE', 'ENCRYPTED FOR']));
  for (const row of rows) terminal.out(line(row));
  let problems = 0;
  for (const entry of entries) {
    const problem = cipher.headerProblem(entry);
    if (problem) {
      terminal.err(`error: ${problem.message}`);
      problems++;
      continue;
    }
    const header = cipher.inspect(entry);
    const missing = 'problem' in header ? [] : cipher.listedKeyIds.filter((id) => !header.keyIds.includes(id));
    if (missing.length > 0) {
      terminal.err(`warning: ${entry.service}/${entry.key} is not encrypted for ${missing.map(describeKeyId).join(', ')}; run \`shipshape secrets rotate ${environment}\``);
    }
  }
  if (problems > 0) {
    terminal.err(`${secrets.path}: ${problems} problem${problems === 1 ? '' : 's'} in ${entries.length} value${entries.length === 1 ? '' : 's'}`);
    context.exitCode = 1;
  }
}
