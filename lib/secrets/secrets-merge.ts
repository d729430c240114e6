import { SecretsFile } from './secrets-file';

/** A key both sides changed, differently. `undefined` means that side removed it. */
export interface SecretConflict {
  readonly service: string;
  readonly key: string;
  readonly ours: string | undefined;
  readonly theirs: string | undefined;
}

/** The result of a three-way merge of secrets files. */
export interface SecretsMerge {
  /** Every value both sides agree on; for a conflicting key, our side. */
  readonly merged: SecretsFile;
  /** Keys changed differently on both sides, sorted. */
  readonly conflicts: readonly SecretConflict[];
}

/**
 * Merges two versions of a secrets file that both started from `base`, key by key:
 * a key changed (set, added or removed) on one side only takes that change, and only a key
 * changed differently on both sides conflicts. This is what git's line merge cannot do for
 * neighbouring keys added or removed at the same time; `shipshape secrets merge` runs it as a
 * git merge driver, and the CLI runs it when the file changed on disk while a command ran.
 */
export function mergeSecretsFiles(base: SecretsFile, ours: SecretsFile, theirs: SecretsFile): SecretsMerge {
  let merged = ours;
  const conflicts: SecretConflict[] = [];
  const names = new Map<string, { service: string; key: string }>();
  for (const file of [base, ours, theirs]) for (const { service, key } of file.entries()) names.set(`${service}/${key}`, { service, key });
  for (const { service, key } of names.values()) {
    const [b, o, t] = [base.get(service, key), ours.get(service, key), theirs.get(service, key)];
    if (o === t || t === b) continue;
    if (o === b) {
      merged = t === undefined ? merged.without(service, key) : merged.with(service, key, t);
      continue;
    }
    conflicts.push({ service, key, ours: o, theirs: t });
  }
  conflicts.sort((x, y) => (x.service + '/' + x.key < y.service + '/' + y.key ? -1 : 1));
  return { merged, conflicts };
}

/**
 * The merged file's text with git-style conflict markers around each conflicting entry, for
 * the merge driver to leave behind. Loading it fails until the markers are resolved.
 */
export function renderWithConflicts(merge: SecretsMerge): string {
  let text = merge.merged.render();
  for (const conflict of merge.conflicts) {
    const entry = (ciphertext: string | undefined) =>
      ciphertext === undefined ? '' : `, ${JSON.stringify(`${conflict.service}/${conflict.key}`)}:\n    ${JSON.stringify(ciphertext)}\n`;
    const block = `<<<<<<< ours\n${entry(conflict.ours)}=======\n${entry(conflict.theirs)}>>>>>>> theirs\n`;
    const ours = entry(conflict.ours);
    // Our side is in the merged text when we kept the key; otherwise add the block before the closing brace.
    text = ours && text.includes(ours) ? text.replace(ours, block) : text.replace(/\n}\n$/, `\n${block}\n}\n`);
  }
  return text;
}
