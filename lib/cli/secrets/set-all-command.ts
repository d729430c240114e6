import { Command } from 'commander';
import { missingSecrets } from '../../environment/missing-secrets';
import { ShipshapeError } from '../../errors';
import type { SecretsFile } from '../../secrets/secrets-file';
import type { CommandContext, StandardInput } from '../command-context';
import { loadEnvironments } from '../environment-loading';
import { synth } from '../synth-command';
import { SecretsEnvironment } from './environment';
import { readSecretValue } from './value-input';

/** One value to store. */
interface NewValue {
  readonly service: string;
  readonly key: string;
  readonly value: string;
}

/** `shipshape secrets set-all <environment>`. */
export function secretsSetAllCommand(context: CommandContext): Command {
  return new Command('set-all')
    .description("store many values at once: `SERVICE KEY=value` lines on stdin, or, at a terminal, every secret the environment still lacks at hidden prompts; then synthesize once nothing is missing")
    .argument('<environment>')
    .action((environment: string) => setAll(context, environment));
}

/**
 * Encrypts the values for every listed key and stores them in one write; the other values are untouched. Piped
 * lines may set any key of any service there (one value per line: `api DATABASE_URL=postgres://…`; blank lines
 * and `#` comments are skipped); at a terminal it asks for each secret the services declare and the file lacks.
 * Once the environment lacks none, it synthesizes every environment, so `manifests/` is ready to commit.
 */
export async function setAll(context: CommandContext, environment: string): Promise<void> {
  const { terminal } = context;
  const secrets = new SecretsEnvironment(context, environment);
  const cipher = secrets.cipher();
  // Fails now, before any value is typed or read, when this environment cannot be written from here.
  cipher.prepareEncryption();
  const values = context.stdin.isTTY ? await promptForMissing(context, secrets) : parseValueLines(await readText(context.stdin, environment), environment);
  for (const { service, key } of values) {
    secrets.service(service);
    secrets.checkKeyName(service, key);
  }

  let updated: SecretsFile = secrets.file;
  for (const { service, key, value } of values) updated = updated.with(service, key, await cipher.encrypt(service, key, value));
  if (values.length > 0) secrets.save(updated);
  for (const { service, key } of values) {
    terminal.out(`${secrets.file.get(service, key) === undefined ? 'added' : 'changed'} ${service}/${key}`);
    if (!(secrets.service(service).secrets ?? []).includes(key)) {
      terminal.err(`warning: service ${service} does not declare ${key} in its secrets, so no pod reads it; add it to secrets in the service's definition`);
    }
  }
  terminal.out(`${values.length > 0 ? `stored ${values.length} value${values.length === 1 ? '' : 's'} in ${secrets.path}, encrypted for ${secrets.describeKeys()}` : `nothing to store; ${secrets.path} is untouched`}`);

  const [definition] = loadEnvironments(context.project, [environment]);
  const missing = missingSecrets(definition.services, definition.secrets!);
  if (missing.length > 0) {
    terminal.out(`${environment} still lacks ${missing.map(({ service, key }) => `${service} ${key}`).join(', ')}`);
    terminal.out(`next: store ${missing.length === 1 ? 'it' : 'them'} with \`shipshape secrets set-all ${environment}\`, then it synthesizes`);
    return;
  }
  await synth(context.project, { env: [] }, terminal);
  terminal.out(`next: commit ${secrets.path} with manifests/`);
}

/** At a terminal: each declared secret the environment lacks, typed twice at a hidden prompt. */
async function promptForMissing(context: CommandContext, secrets: SecretsEnvironment): Promise<NewValue[]> {
  const missing = missingSecrets(secrets.definition.services, secrets.definition.secrets!);
  const values: NewValue[] = [];
  for (const { service, key } of missing) {
    context.terminal.out(`${service} ${key}:`);
    const location = { environment: secrets.name, service, field: key };
    values.push({ service, key, value: await readSecretValue(context.stdin, { location, keepTrailingNewline: false }) });
  }
  return values;
}

/** All of piped stdin, as UTF-8 text. */
async function readText(stdin: StandardInput, environment: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  const bytes = Buffer.concat(chunks);
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new ShipshapeError({ environment }, 'standard input is not UTF-8 text, which environment variables must be; nothing was stored', 'store binary data base64-encoded');
  return text;
}

const VALUE_LINE = /^\s*(\S+)\s+([^\s=]+)=(.*)$/;

/**
 * `SERVICE KEY=value` lines; the value is the rest of the line, as it is. A mistake names its line, never the
 * value on it, and stores nothing.
 */
function parseValueLines(text: string, environment: string): NewValue[] {
  const values: NewValue[] = [];
  const seen = new Set<string>();
  const fix = 'nothing was stored; write one `SERVICE KEY=value` line per value and run the command again';
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (/^\s*(#.*)?$/.test(line)) return;
    const match = VALUE_LINE.exec(line);
    if (!match) throw new ShipshapeError({ environment, field: `line ${index + 1}` }, 'is not `SERVICE KEY=value`', fix);
    const [, service, key, value] = match;
    const location = { environment, service, field: key };
    if (value.length === 0) throw new ShipshapeError(location, `has no value (line ${index + 1})`, fix);
    if (value.includes('\0')) throw new ShipshapeError(location, `contains a NUL byte, which an environment variable cannot hold (line ${index + 1})`, 'store binary data base64-encoded');
    if (seen.has(`${service}/${key}`)) throw new ShipshapeError(location, `is given twice (line ${index + 1})`, fix);
    seen.add(`${service}/${key}`);
    values.push({ service, key, value });
  });
  if (values.length === 0) throw new ShipshapeError({ environment }, 'nothing came on standard input', 'pipe in `SERVICE KEY=value` lines (from a password manager, say; never from a file in the repository), or run it at a terminal to type each missing value');
  return values;
}
