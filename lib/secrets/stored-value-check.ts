import { ShipshapeError } from '../errors';
import { encryptionContextProblem } from './encryption-context';
import { describeKeyId, KeyId } from './encryption-key';
import { ALGORITHM_SUITE } from './encryption-sdk';
import { readValueHeader, ValueHeader } from './message-header';
import type { SecretEntry } from './secrets-file';

/** How a stored value is checked without a key. */
export interface StoredValueCheck {
  /** The environment whose file holds the value. */
  readonly environment: string;
  /** The keys the environment lists. */
  readonly listedKeyIds: readonly KeyId[];
  /**
   * Also accept a value encrypted only for keys no longer listed (`secrets rotate` reads those).
   * @default false
   */
  readonly acceptRetiredKeys?: boolean;
}

/**
 * Checks what a stored value shows without any key: that it is an Encryption SDK message whose
 * header and frames are whole, under the suite shipshape writes, encrypted for the place it is
 * stored at (its encryption context names this environment, service and key) and for a key the
 * environment lists. `shipshape synth` and `secrets list` run it on every value; a decrypt runs it first.
 * Whether the encrypted bytes were altered only a key tells (`secrets verify`, `check --verify-secrets`).
 *
 * @returns the header, or the problem as the error every command reports
 */
export function checkStoredValue(entry: SecretEntry, check: StoredValueCheck): { readonly header: ValueHeader } | { readonly problem: ShipshapeError } {
  const { environment } = check;
  const location = { environment, service: entry.service, field: entry.key };
  const setAgain = `\`shipshape secrets set ${environment} ${entry.service} ${entry.key}\``;
  const restore = `restore the file from git, or store the value again with ${setAgain}`;
  const header = readValueHeader(Buffer.from(entry.ciphertext, 'base64'), environment);
  if ('problem' in header) return { problem: new ShipshapeError(location, `the stored value ${header.problem} (the file was edited by hand)`, restore) };
  if (header.suiteId !== ALGORITHM_SUITE) {
    return { problem: new ShipshapeError(location, `the stored value uses algorithm suite 0x${header.suiteId.toString(16).padStart(4, '0')}, not the 0x0478 shipshape writes`, restore) };
  }
  const contextProblem = encryptionContextProblem(header.encryptionContext, { environment, service: entry.service, key: entry.key });
  if (contextProblem) return { problem: new ShipshapeError(location, `the stored value ${contextProblem}`, `set it again with ${setAgain}`) };
  if (usableKeyIds(header, check).length === 0) {
    return {
      problem: new ShipshapeError(
        location,
        `the stored value is encrypted only for ${header.keyIds.map(describeKeyId).join(', ')}, which environment ${environment} does not list in encryptionKeys (unknown key)`,
        `list that key again and run \`shipshape secrets rotate ${environment}\`, or set the value again`,
      ),
    };
  }
  return { header };
}

/** The first problem among an environment's stored values, in the file's order; undefined when none has one. */
export function firstStoredValueProblem(entries: readonly SecretEntry[], check: StoredValueCheck): ShipshapeError | undefined {
  for (const entry of entries) {
    const checked = checkStoredValue(entry, check);
    if ('problem' in checked) return checked.problem;
  }
  return undefined;
}

/** The keys of a value that may open it here: those the environment lists (and retired ones, when accepted). */
export function usableKeyIds(header: ValueHeader, check: StoredValueCheck): KeyId[] {
  const listed = new Set(check.listedKeyIds);
  return header.keyIds.filter((id) => listed.has(id) || (check.acceptRetiredKeys === true && !id.startsWith('foreign:')));
}
