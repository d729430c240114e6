import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { writeFileAtomically } from '../lib/cli/atomic-write';

/**
 * Where the fingerprint of the last type-check that passed is kept: ignored by git, so a fresh clone
 * (and CI) always type-checks.
 */
export const PASSED_FILE = '.typecheck-passed.json';

// Bump when what goes into the fingerprint changes, so an older record never matches.
const FORMAT = 1;

/** Read before the program is built, so a file that changes during the check makes the next run check again. */
export interface TypecheckInputs {
  /** The project folder. */
  readonly root: string;
  /** tsconfig.json, package.json and the lock files (what is installed), by relative path; undefined when missing. */
  readonly settings: ReadonlyMap<string, string | undefined>;
  /** Every file under the folders tsconfig.json includes (outside node_modules), by relative path: a new or removed file changes the roots. */
  readonly listing: readonly string[];
}

/** A file the checked program read, with the text it read. */
export interface CheckedFile {
  readonly fileName: string;
  readonly text: string;
}

interface PassRecord {
  readonly fingerprint: string;
  /** The program's files outside node_modules (the installed packages are covered by the lock files). */
  readonly files: readonly string[];
}

/**
 * What the type-check depends on, read without loading TypeScript: the settings files and which files lie
 * in the included folders. Undefined when tsconfig.json is not something this reads with certainty (not plain
 * JSON, or it `extends` or `references` another config): then every run type-checks.
 */
export function readTypecheckInputs(root: string): TypecheckInputs | undefined {
  const settings = new Map<string, string | undefined>();
  for (const file of ['tsconfig.json', 'package.json', 'package-lock.json', join('node_modules', '.package-lock.json')]) settings.set(file, readText(join(root, file)));
  let config: { include?: unknown; files?: unknown; extends?: unknown; references?: unknown };
  try {
    config = JSON.parse(settings.get('tsconfig.json') ?? '');
  } catch {
    return undefined;
  }
  if (config.extends !== undefined || config.references !== undefined) return undefined;
  const include = Array.isArray(config.include) ? config.include : config.files === undefined ? ['.'] : [];
  if (!include.every((pattern): pattern is string => typeof pattern === 'string')) return undefined;
  // Each include pattern's folder up to its first wildcard: a superset of what TypeScript matches.
  const folders = include.map((pattern) => pattern.split(/[\\/]/).filter((part) => part !== '').reduce<{ parts: string[]; done: boolean }>(
    (prefix, part) => (prefix.done || /[*?]/.test(part) ? { parts: prefix.parts, done: true } : { parts: [...prefix.parts, part], done: false }),
    { parts: [], done: false },
  ).parts.join(sep));
  const listing = new Set<string>();
  for (const folder of folders) walk(root, join(root, folder), listing);
  return { root, settings, listing: [...listing].sort() };
}

/** True when a record of a passing run exists and nothing it depends on has changed since. */
export function passedBefore(inputs: TypecheckInputs): boolean {
  let record: PassRecord;
  try {
    record = JSON.parse(readFileSync(join(inputs.root, PASSED_FILE), 'utf8'));
  } catch {
    return false;
  }
  if (typeof record.fingerprint !== 'string' || !Array.isArray(record.files)) return false;
  const files: CheckedFile[] = [];
  for (const fileName of record.files) {
    const text = readText(join(inputs.root, fileName));
    if (text === undefined) return false;
    files.push({ fileName, text });
  }
  return fingerprint(inputs, files) === record.fingerprint;
}

/** Records a passing run: the inputs read before it and the text of every file its program read. */
export function recordPass(inputs: TypecheckInputs, programFiles: readonly CheckedFile[]): void {
  const installed = join(inputs.root, 'node_modules') + sep;
  const files = programFiles
    .filter((file) => !join(file.fileName).startsWith(installed))
    .map((file) => ({ fileName: relative(inputs.root, file.fileName), text: file.text }));
  const record: PassRecord = { fingerprint: fingerprint(inputs, files), files: files.map((file) => file.fileName).sort() };
  writeFileAtomically(join(inputs.root, PASSED_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** Forgets the last pass (after a failing run), so the next run checks again. */
export function forgetPass(root: string): void {
  rmSync(join(root, PASSED_FILE), { force: true });
}

function fingerprint(inputs: TypecheckInputs, files: readonly CheckedFile[]): string {
  const hash = createHash('sha256').update(`shipshape typecheck ${FORMAT}\0`);
  for (const [file, text] of [...inputs.settings].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`setting ${file}\0${text === undefined ? 'missing' : `${text.length}\0${text}`}\0`);
  hash.update(`listing\0${inputs.listing.join('\0')}\0`);
  for (const file of [...files].sort((a, b) => (a.fileName < b.fileName ? -1 : 1))) hash.update(`file ${file.fileName}\0${file.text.length}\0${file.text}\0`);
  return hash.digest('hex');
}

/** A file's text as TypeScript reads it (UTF-8, without a byte order mark); undefined when it does not exist. */
function readText(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

function walk(root: string, folder: string, into: Set<string>): void {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    // Installed packages are covered by the lock files; TypeScript's wildcards skip dot files and folders (.git).
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(root, path, into);
    else into.add(relative(root, path));
  }
}
