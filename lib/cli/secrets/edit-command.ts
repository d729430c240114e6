import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { parseDocument, stringify } from 'yaml';
import { ShipshapeError } from '../../errors';
import type { SecretsFile } from '../../secrets/secrets-file';
import type { CommandContext, EnvironmentVariables } from '../command-context';
import { SecretsEnvironment } from './environment';
import { PrivateScratchFile } from './private-file';

/** `shipshape secrets edit <environment> [service]`. */
export function secretsEditCommand(context: CommandContext): Command {
  return new Command('edit')
    .description('decrypt into a private temporary file, open $VISUAL/$EDITOR, then encrypt again only the values you changed; the file is wiped afterwards')
    .argument('<environment>')
    .argument('[service]', 'only this service')
    .option('--demo', 'edit made-up values encrypted for published demo keys (refused otherwise, unless the environment says demo: true)')
    .action((environment: string, service: string | undefined, options: EditOptions) => edit(context, environment, service, options));
}

type Values = Map<string, Map<string, string>>;

/** Options of `shipshape secrets edit`. */
export interface EditOptions {
  /** Encrypt for published demo keys (made-up values). */
  readonly demo?: boolean;
}

/**
 * Edits the values as YAML (service → KEY → value). Added, changed and removed keys are
 * applied; an unchanged value keeps its ciphertext, so its pods do not roll and the review
 * diff shows only what changed.
 */
export async function edit(context: CommandContext, environment: string, service?: string, options: EditOptions = {}): Promise<void> {
  const { terminal } = context;
  const secrets = new SecretsEnvironment(context, environment);
  const cipher = secrets.cipher();
  cipher.prepareEncryption();
  const warned = secrets.checkDemoKeysForEncryption(cipher, options.demo ?? false);
  secrets.warnAboutDemoKeysForDecryption(cipher, cipher.listedKeyIds, warned);
  const entries = secrets.entries(service);
  const plaintexts = await cipher.decryptAll(entries);
  const before: Values = new Map();
  entries.forEach((entry, index) => before.set(entry.service, new Map([...(before.get(entry.service) ?? []), [entry.key, plaintexts[index]]])));

  const scratch = new PrivateScratchFile(`${environment}${service ? `-${service}` : ''}.secrets.yaml`, renderValues(environment, before));
  let after: Values;
  try {
    const editor = context.variables.VISUAL || context.variables.EDITOR || 'vi';
    const outcome = await runEditor(editor, scratch.path, context.variables);
    if (outcome !== 'closed') {
      throw new ShipshapeError({ environment }, `the editor (${editor}) ${outcome}; nothing was changed`, 'set $EDITOR to an editor that waits until the file is closed, e.g. EDITOR="code --wait"');
    }
    after = parseValues(scratch.read(), environment);
  } finally {
    scratch.wipe();
  }

  for (const name of after.keys()) {
    if (service !== undefined && name !== service) {
      throw new ShipshapeError({ environment, service: name }, `was added while editing only ${service}; nothing was changed`, `edit without a service to change ${name}`);
    }
    secrets.service(name);
    for (const key of after.get(name)!.keys()) secrets.checkKeyName(name, key);
  }
  let updated: SecretsFile = secrets.file;
  const changes: string[] = [];
  for (const [name, values] of before) {
    for (const key of values.keys()) {
      if (!after.get(name)?.has(key)) {
        updated = updated.without(name, key);
        changes.push(`removed ${name}/${key}`);
      }
    }
  }
  for (const [name, values] of after) {
    for (const [key, value] of values) {
      const old = before.get(name)?.get(key);
      if (old === value) continue;
      updated = updated.with(name, key, await cipher.encrypt(name, key, value));
      changes.push(`${old === undefined ? 'added' : 'changed'} ${name}/${key}`);
      if (!(secrets.service(name).secrets ?? []).includes(key)) {
        terminal.err(`warning: service ${name} does not declare ${key} in its secrets, so no pod reads it; add it to secrets in the service's definition`);
      }
    }
  }
  if (changes.length === 0) {
    terminal.out(`no changes; ${secrets.path} is untouched`);
    return;
  }
  secrets.save(updated);
  for (const change of changes) terminal.out(change);
  terminal.out(`next: ${secrets.synthReminder()}`);
}

/**
 * Runs the editor through the shell, like git does, so EDITOR="code --wait" works; the path is
 * passed as $1, never interpolated. Asynchronously, so a SIGTERM or SIGHUP meanwhile is handled
 * (the scratch file wiped) at once rather than after the editor returns.
 * @returns `closed` when the editor exited normally, otherwise what went wrong
 */
function runEditor(editor: string, path: string, variables: EnvironmentVariables): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', `${editor} "$1"`, 'editor', path], { stdio: 'inherit', env: variables });
    child.on('error', (error) => resolve(`could not start (${error.message})`));
    child.on('exit', (code, signal) => resolve(code === 0 ? 'closed' : `exited with ${code !== null ? `status ${code}` : signal}`));
  });
}

function renderValues(environment: string, values: Values): string {
  const data = Object.fromEntries([...values].map(([service, keys]) => [service, Object.fromEntries(keys)]));
  return [
    `# The secrets of environment ${environment}, decrypted: service, then KEY: value.`,
    '# Change, add or delete values, save and close the editor. Only changed values are encrypted again.',
    '# This file is readable only by you and is wiped when the editor closes.',
    values.size > 0 ? stringify(data, { schema: 'failsafe', lineWidth: 0 }) : '{}\n',
  ].join('\n');
}

/** Reads the edited YAML. Messages name lines and problems only: a parser's excerpt of the text would print plaintext. */
function parseValues(text: string, environment: string): Values {
  const location = { environment };
  const fix = 'nothing was changed; run `shipshape secrets edit` again';
  const document = parseDocument(text, { schema: 'failsafe', prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const line = text.slice(0, error.pos[0]).split('\n').length;
    throw new ShipshapeError(location, `the edited file is not valid YAML (line ${line}: ${error.code})`, fix);
  }
  const data: unknown = document.toJS() ?? {};
  const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!isMap(data)) throw new ShipshapeError(location, 'the edited file is not a map of services', fix);
  const values: Values = new Map();
  for (const [service, keys] of Object.entries(data)) {
    // A service whose last key was deleted is left as `service:` with nothing under it.
    if (keys === null || keys === '') continue;
    if (!isMap(keys)) throw new ShipshapeError({ environment, service }, 'is not followed by a map of KEY: value in the edited file', fix);
    const map = new Map<string, string>();
    for (const [key, value] of Object.entries(keys)) {
      if (typeof value !== 'string' || value.length === 0) {
        throw new ShipshapeError({ environment, service, field: key }, 'has no value in the edited file', `${fix}, and delete the line to remove a key`);
      }
      map.set(key, value);
    }
    if (map.size > 0) values.set(service, map);
  }
  return values;
}
