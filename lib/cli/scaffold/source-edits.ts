import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ShipshapeError } from '../../errors';

// Targeted edits of the TypeScript files a platform repo is made of. Each edit recognises one
// plain shape of file and refuses anything else, naming what it did not recognise, so a
// hand-written file is never mangled; the caller then writes nothing at all.

const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await arguments eval undefined ' +
    // Names the generated files import themselves.
    'defineService defineEnvironment assertService synthesizeService').split(' '),
);

/** The exported constant for a service: `billing-worker` → `billingWorker`; a reserved word gets `Service` appended. */
export function serviceIdentifier(name: string): string {
  const camel = name.replace(/-+([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
  return RESERVED.has(camel) ? `${camel}Service` : camel;
}

const INDEX_EXPORT = /^\s*export\s+(?:\{([^}]*)\}|\*)\s+from\s+(['"])([^'"]+)\2\s*(;?)\s*$/;
const COMMENT_OR_BLANK = /^\s*(\/\/.*|\/\*.*|\*.*)?$/;

/**
 * `services/index.ts` with one more `export { identifier } from './name';` after the last export.
 * Recognised: a file of such export lines, comments and blank lines.
 */
export function addServiceExport(source: string, identifier: string, name: string, shown: string): string {
  const lines = source.split('\n');
  let last = -1;
  lines.forEach((line, index) => {
    const match = INDEX_EXPORT.exec(line);
    if (!match) {
      if (!COMMENT_OR_BLANK.test(line)) throw unrecognised(name, shown, `line ${index + 1} (\`${line.trim()}\`) is not an \`export { … } from './…';\` line`, `add \`export { ${identifier} } from './${name}';\` to it yourself`);
      return;
    }
    if (exportedNames(match[1] ?? '').includes(identifier) || match[3] === `./${name}`) {
      throw new ShipshapeError({ service: name, field: shown }, `already exports ${match[1] ? identifier : `everything from ./${name}`} (line ${index + 1})`, 'choose another name, or remove the old service first');
    }
    last = index;
  });
  const style = last >= 0 ? INDEX_EXPORT.exec(lines[last])! : undefined;
  const quote = style?.[2] ?? "'";
  const added = `export { ${identifier} } from ${quote}./${name}${quote}${style ? style[4] : ';'}`;
  if (last < 0) return `${source.replace(/\n*$/, '\n')}${added}\n`;
  lines.splice(last + 1, 0, added);
  return lines.join('\n');
}

/** The names `services/index.ts` exports with `export { … } from './…';` lines, in file order; other lines are passed over. */
export function exportedServices(source: string): string[] {
  return source.split('\n').flatMap((line) => {
    const match = INDEX_EXPORT.exec(line);
    return match?.[1] ? exportedNames(match[1]) : [];
  });
}

const NAMED_IMPORT = /import\s*(type\s+)?\{([^}]*)\}\s*from\s*(['"])([^'"]+)\3(\s*;)?/g;
const SERVICES_LIST = /\bservices\s*:\s*\[([^\]]*)\]/g;

/** Where an environment file is and what it is, for `addServiceToEnvironment`. */
export interface EnvironmentFile {
  /** The environment name. */
  readonly environment: string;
  /** Absolute path of `environments/<name>/environment.ts`. */
  readonly path: string;
  /** The path as shown to the user. */
  readonly shown: string;
  /** Absolute path of the `services/` folder. */
  readonly servicesFolder: string;
}

/**
 * An environment file that also runs the service: its name imported from `services/` and appended to `services: [...]`.
 * Recognised: one `import { … } from '…/services'` (or imports of single service files, or none while the list is
 * empty), and one `services: [a, b]` list of plain names.
 */
export function addServiceToEnvironment(source: string, identifier: string, name: string, file: EnvironmentFile): string {
  const location = { environment: file.environment, service: name, field: file.shown };
  const imports = [...source.matchAll(NAMED_IMPORT)]
    .filter((m) => !m[1] && m[4].startsWith('.'))
    .map((m) => ({ match: m, target: resolve(dirname(file.path), m[4]) }));
  const fromIndex = imports.filter((i) => i.target === file.servicesFolder || i.target === join(file.servicesFolder, 'index'));
  const fromFiles = imports.filter((i) => dirname(i.target) === file.servicesFolder && !fromIndex.includes(i));
  for (const { match } of imports) {
    if (exportedNames(match[2]).includes(identifier)) throw new ShipshapeError(location, `already imports a ${identifier}`, 'choose another name for the service');
  }

  const lists = [...source.matchAll(SERVICES_LIST)];
  if (lists.length !== 1 || !/^[\s\w$,]*$/.test(lists[0][1])) {
    throw unrecognised(name, file.shown, `has no single \`services: [ … ]\` list of plain names to add ${identifier} to`, `add ${identifier} to its services yourself`, file.environment);
  }
  const list = lists[0];
  const listed = splitList(list[1]);
  if (listed.includes(identifier)) throw new ShipshapeError(location, `already lists ${identifier} in services`, 'choose another name for the service');
  const edits: Edit[] = [{ start: list.index!, length: list[0].length, text: `${list[0].slice(0, list[0].length - list[1].length - 1)}${rebuildList(list[1], [...listed, identifier])}]` }];

  if (fromIndex.length === 1) {
    const { match } = fromIndex[0];
    const names = splitList(match[2]);
    const sorted = names.every((n, i) => i === 0 || names[i - 1].toLowerCase() <= n.toLowerCase());
    const updated = sorted ? [...names, identifier].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)) : [...names, identifier];
    edits.push({ start: match.index!, length: match[0].length, text: match[0].replace(`{${match[2]}}`, `{${rebuildList(match[2], updated)}}`) });
  } else if (fromIndex.length === 0 && fromFiles.length > 0) {
    const { match } = fromFiles[fromFiles.length - 1];
    const text = `\nimport { ${identifier} } from ${match[3]}${match[4].replace(/[^/]+$/, name)}${match[3]}${match[5] ? ';' : ''}`;
    edits.push({ start: match.index! + match[0].length, length: 0, text });
  } else if (fromIndex.length === 0 && fromFiles.length === 0 && listed.length === 0) {
    // An environment that runs no service yet (as `shipshape init platform` writes them) gets the import after its last one.
    const last = [...source.matchAll(/^import\b[^;]*;?[ \t]*$/gm)].pop();
    const quote = last && /(['"])/.exec(last[0]) ? /(['"])/.exec(last[0])![1] : "'";
    const text = `import { ${identifier} } from ${quote}${importSpecifier(dirname(file.path), file.servicesFolder)}${quote};`;
    edits.push(last ? { start: last.index! + last[0].length, length: 0, text: `\n${text}` } : { start: 0, length: 0, text: `${text}\n` });
  } else {
    throw unrecognised(name, file.shown, `has no single \`import { … } from '…/services'\` to add ${identifier} to`, 'import it and add it to its services yourself', file.environment);
  }
  // From the end of the file backwards, so each edit's offsets are still those of the original.
  return edits.sort((a, b) => b.start - a.start).reduce((text, edit) => text.slice(0, edit.start) + edit.text + text.slice(edit.start + edit.length), source);
}

/** Replace `length` characters at `start` with `text`. */
interface Edit {
  readonly start: number;
  readonly length: number;
  readonly text: string;
}

/**
 * The module a file imports shipshape's `defineService` or `defineEnvironment` from, resolved:
 * an absolute path for a relative import (`'../lib'` in shipshape's own example), else the package name.
 */
export function libraryModule(source: string, file: string): string | undefined {
  for (const match of source.matchAll(NAMED_IMPORT)) {
    if (/\b(defineService|defineEnvironment)\b/.test(match[2])) return match[4].startsWith('.') ? resolve(dirname(file), match[4]) : match[4];
  }
  return undefined;
}

function exportedNames(braces: string): string[] {
  return splitList(braces).map((item) => item.split(/\s+as\s+/).pop()!.replace(/^type\s+/, '').trim());
}

function splitList(inner: string): string[] {
  return inner.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

/** The items in the layout of the original list: on one line, or one per line with its indentation and trailing comma. */
function rebuildList(original: string, items: readonly string[]): string {
  if (!original.includes('\n')) {
    const lead = /^\s*/.exec(original)![0];
    const trail = /\s*$/.exec(original)![0];
    return `${lead}${items.join(', ')}${trail}`;
  }
  const indent = /\n([ \t]*)\S/.exec(original)?.[1] ?? '  ';
  const closing = /\n([ \t]*)$/.exec(original)?.[1] ?? '';
  const trailingComma = /,\s*$/.test(original);
  return `\n${items.map((item) => `${indent}${item}`).join(',\n')}${trailingComma ? ',' : ''}\n${closing}`;
}

function unrecognised(service: string, shown: string, problem: string, fix: string, environment?: string): ShipshapeError {
  return new ShipshapeError({ environment, service, field: shown }, `${problem}, so shipshape cannot edit it safely and wrote nothing`, `${fix}, or make the file look like the one shipshape's README shows and run the command again`);
}

/**
 * How a file in `fromFolder` imports `target`: a package name stays as it is (with `subpath` appended);
 * an absolute path becomes a relative specifier such as `'../../lib/testing'`.
 */
export function importSpecifier(fromFolder: string, target: string, subpath = ''): string {
  if (!isAbsolute(target)) return `${target}${subpath ? `/${subpath}` : ''}`;
  const path = relative(fromFolder, subpath ? join(target, subpath) : target).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}
