import { Command, Option } from 'commander';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ShipshapeError } from '../../errors';
import { keyNameProblem, publicKeyFileOf } from '../../secrets/encryption-key';
import type { CommandContext } from '../command-context';
import { environmentNames } from '../project';
import { writeFileAtomically } from '../atomic-write';
import { isInside, KEYS_FOLDER_VARIABLE, keyFilePath, keysFolder, keyVariableName } from './key-files';

/** RSA keys shipshape generates: 3072 bits, NIST's choice for use beyond 2030. */
const RSA_BITS = 3072;

/** Options of `shipshape secrets keygen`. */
export interface KeygenOptions {
  /** `aes`: a shared key that reads and writes; `rsa`: a key pair whose public half is committed (write-only for everyone else). */
  readonly type: 'aes' | 'rsa';
}

/** `shipshape secrets keygen <environment> <name>`. */
export function secretsKeygenCommand(context: CommandContext): Command {
  return new Command('keygen')
    .description(`make a key for an environment: its private material goes to $${KEYS_FOLDER_VARIABLE} (default ~/.config/shipshape/keys), never into the repository`)
    .argument('<environment>', 'the environment the key is for')
    .argument('<name>', 'the key name, e.g. team, ci or break-glass')
    .addOption(new Option('-t, --type <type>', 'aes: shared read/write key; rsa: key pair, public half committed').choices(['aes', 'rsa']).default('aes'))
    .action((environment: string, name: string, options: KeygenOptions) => keygen(context, environment, name, options));
}

/** Generates the key; refuses to overwrite one (values encrypted for it would be lost) or to write into the repository. */
export function keygen(context: CommandContext, environment: string, name: string, options: KeygenOptions): void {
  const { project, terminal } = context;
  const names = environmentNames(project);
  if (!names.includes(environment)) {
    throw new ShipshapeError({ environment }, `there is no environments/${environment}/environment.ts`, `choose one of ${names.join(', ')}`);
  }
  const location = { environment, field: 'encryptionKeys' };
  const problem = keyNameProblem(name);
  if (problem) throw new ShipshapeError(location, `the key name ${problem}`, 'use a short name such as "team", "ci" or "break-glass"');
  const folder = keysFolder(context.variables, project.root);
  if (isInside(project.root, folder)) {
    throw new ShipshapeError(location, `the keys folder ${folder} is inside the repository, where a private key would be committed`, `set ${KEYS_FOLDER_VARIABLE} to a folder outside ${project.root}`);
  }
  const privateFile = keyFilePath(folder, environment, options.type, name);
  const publicFile = join(project.environmentsFolder, environment, publicKeyFileOf({ type: 'rsa', name }));
  for (const file of options.type === 'rsa' ? [privateFile, publicFile] : [privateFile]) {
    if (existsSync(file)) {
      throw new ShipshapeError(location, `${file} already exists, and a key is never overwritten (the values encrypted for it could not be read again)`, 'choose a new name, list it in encryptionKeys and run `shipshape secrets rotate`');
    }
  }
  mkdirSync(dirname(privateFile), { recursive: true, mode: 0o700 });
  if (options.type === 'aes') {
    writePrivate(privateFile, `${randomBytes(32).toString('base64')}\n`);
    terminal.out(`wrote the aes key "${name}" of ${environment} to ${privateFile} (mode 0600)`);
    terminal.out(`next: list EncryptionKey.aes('${name}') in encryptionKeys of environments/${environment}/environment.ts, give the key to whoever reads ${environment} (CI: as $${keyVariableName(environment, name)}), then \`shipshape secrets rotate ${environment}\` or \`set\` a first value`);
    return;
  }
  const pair = generateKeyPairSync('rsa', {
    modulusLength: RSA_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  writePrivate(privateFile, pair.privateKey);
  mkdirSync(dirname(publicFile), { recursive: true });
  writeFileAtomically(publicFile, pair.publicKey);
  terminal.out(`wrote the private rsa key "${name}" of ${environment} to ${privateFile} (mode 0600) and its public key to ${relative(project.root, publicFile)} (commit it)`);
  terminal.out(`next: list EncryptionKey.rsa('${name}') in encryptionKeys of environments/${environment}/environment.ts, give the private key to its holder only (CI: as $${keyVariableName(environment, name)}), then \`shipshape secrets rotate ${environment}\``);
}

/** Creates the file with mode 0600 from the start; 'wx' never replaces an existing key. */
function writePrivate(path: string, content: string): void {
  const descriptor = openSync(path, 'wx', 0o600);
  try {
    writeSync(descriptor, content);
  } finally {
    closeSync(descriptor);
  }
}
