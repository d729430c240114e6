import { Command } from 'commander';
import { ShipshapeError } from '../../errors';
import { describeKeyId } from '../../secrets/encryption-key';
import type { SecretEntry } from '../../secrets/secrets-file';
import type { CommandContext } from '../command-context';
import { SecretsEnvironment } from './environment';

/** `shipshape secrets rotate <environment>`. */
export function secretsRotateCommand(context: CommandContext): Command {
  return new Command('rotate')
    .description('encrypt every value again for the keys listed now (after adding or removing one), checking each round trip before the file is replaced')
    .argument('<environment>')
    .option('--demo', 'encrypt made-up values for published demo keys (refused otherwise, unless the environment says demo: true)')
    .action((environment: string, options: RotateOptions) => rotate(context, environment, options));
}

/** Options of `shipshape secrets rotate`. */
export interface RotateOptions {
  /** Encrypt for published demo keys (made-up values). */
  readonly demo?: boolean;
}

/**
 * Re-encrypts every value under fresh data keys for exactly the listed keys: reads each with
 * any key held here (a key no longer listed included), encrypts it again, decrypts the new
 * message with a listed key and compares, and only then replaces the file, in one atomic write.
 */
export async function rotate(context: CommandContext, environment: string, options: RotateOptions = {}): Promise<void> {
  const { terminal } = context;
  const secrets = new SecretsEnvironment(context, environment);
  const reader = secrets.cipher({ acceptRetiredKeys: true });
  const writer = secrets.cipher();
  writer.prepareEncryption();
  const held = writer.heldKeyIds();
  if (held.length === 0) {
    throw new ShipshapeError(
      { environment, field: 'encryptionKeys' },
      `rotate checks each new value by decrypting it, which needs one of the listed keys (${secrets.describeKeys()}), and none is held here`,
      `put one at ${writer.listedKeyIds.map((id) => secrets.keySource.whereToFind(id)).join(', or ')}`,
    );
  }
  const warned = secrets.checkDemoKeysForEncryption(writer, options.demo ?? false);
  const entries = secrets.entries();
  // The keys the values are encrypted for now, the one being rotated out included.
  const current = [...new Set(entries.flatMap((entry) => {
    const header = reader.inspect(entry);
    return 'problem' in header ? [] : header.keyIds;
  }))];
  secrets.warnAboutDemoKeysForDecryption(reader, current, warned);
  const plaintexts = await reader.decryptAll(entries);
  let updated = secrets.file;
  const rotated: SecretEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    const ciphertext = await writer.encrypt(entry.service, entry.key, plaintexts[index]);
    rotated.push({ ...entry, ciphertext });
    updated = updated.with(entry.service, entry.key, ciphertext);
  }
  const roundTrips = await writer.decryptAll(rotated);
  roundTrips.forEach((plaintext, index) => {
    const header = writer.inspect(rotated[index]);
    const complete = !('problem' in header) && writer.listedKeyIds.every((id) => header.keyIds.includes(id));
    if (plaintext !== plaintexts[index] || !complete) {
      const { service, key } = entries[index];
      throw new ShipshapeError({ environment, service, field: key }, 'did not round-trip after re-encryption; nothing was written', 'report this as a shipshape bug');
    }
  });
  secrets.save(updated);
  terminal.out(`rotated ${entries.length} value${entries.length === 1 ? '' : 's'} of ${secrets.path}: each is now encrypted for ${secrets.describeKeys()} and was checked with ${held.map(describeKeyId).join(', ')}`);
  terminal.out(`next: ${secrets.synthReminder()}`);
}
