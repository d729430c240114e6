import { ShipshapeError } from '../../errors';

/** Which environment file to copy, and what changes in the copy. */
export interface EnvironmentCopy {
  /** The environment copied, e.g. `staging`. */
  readonly from: string;
  /** Its domain, as its definition sets it. */
  readonly fromDomain: string;
  /** The new environment, e.g. `qa`. */
  readonly name: string;
  /** The new environment's domain. */
  readonly domain: string;
}

/**
 * Another environment's definition file, made the new environment's: its `name` and `domain`, and without its
 * `preview` (previews copy one environment only). Everything else is kept: services, overrides, keys (the new
 * environment gets keys of its own, of the same names), `extend`. Recognised: one `name: '<from>'` and one
 * `domain: '<its domain>'`, as string literals; anything else is refused, so a hand-written file is never mangled.
 */
export function copiedEnvironmentSource(source: string, copy: EnvironmentCopy, shown: string): string {
  const { from, name } = copy;
  if (/^\s*import\b[^;]*from\s*['"]\.\/[^'"]*['"]/m.test(source)) {
    throw unrecognised(copy, shown, 'imports files from its own folder, which the copy would not have', `copy it by hand into environments/${name}/`);
  }
  let copied = replaceOnce(source, 'name', from, name, copy, shown);
  copied = replaceOnce(copied, 'domain', copy.fromDomain, copy.domain, copy, shown);
  copied = withoutProperty(copied, 'preview');
  const command = `shipshape new environment ${name} --from ${from}`;
  return `// environments/${name}: a copy of environments/${from}/environment.ts (\`${command}\`); its comments may still speak of ${from}.\n${copied}`;
}

/** The source with the one `key: '<from>'` changed to `key: '<to>'`. */
function replaceOnce(source: string, key: string, from: string, to: string, copy: EnvironmentCopy, shown: string): string {
  const pattern = new RegExp(`(\\b${key}\\s*:\\s*)(['"\`])${escape(from)}\\2`, 'g');
  const found = [...source.matchAll(pattern)];
  if (found.length !== 1) {
    throw unrecognised(copy, shown, `has ${found.length === 0 ? 'no' : `${found.length}`} \`${key}: '${from}'\` to change`, `write environments/${copy.name}/environment.ts by hand`);
  }
  const [match] = found;
  return `${source.slice(0, match.index)}${match[1]}${match[2]}${to}${match[2]}${source.slice(match.index! + match[0].length)}`;
}

/** The source without a top-level `key: value,` property and the comment lines right above it. */
function withoutProperty(source: string, key: string): string {
  const start = new RegExp(`^[ \\t]*${key}\\s*:`, 'm').exec(source);
  if (!start) return source;
  const end = endOfValue(source, start.index + start[0].length);
  let from = start.index;
  // The comment lines right above describe the property.
  while (from > 0) {
    const above = source.lastIndexOf('\n', from - 2) + 1;
    if (!/^[ \t]*\/\//.test(source.slice(above, from - 1))) break;
    from = above;
  }
  const to = source[end] === ',' ? end + 1 : end;
  const lineEnd = /^[ \t]*\n/.exec(source.slice(to));
  return source.slice(0, from) + source.slice(to + (lineEnd ? lineEnd[0].length : 0));
}

/** Where a property's value ends: at the first `,` or closing bracket outside brackets and strings. */
function endOfValue(source: string, from: number): number {
  let depth = 0;
  for (let index = from; index < source.length; index++) {
    const char = source[index];
    if (char === "'" || char === '"' || char === '`') {
      index++;
      while (index < source.length && source[index] !== char) index += source[index] === '\\' ? 2 : 1;
    } else if (char === '/' && source[index + 1] === '/') {
      index = source.indexOf('\n', index);
      if (index < 0) return source.length;
    } else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) {
      if (depth === 0) return index;
      depth--;
    } else if (char === ',' && depth === 0) return index;
  }
  return source.length;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function unrecognised(copy: EnvironmentCopy, shown: string, problem: string, fix: string): ShipshapeError {
  return new ShipshapeError({ environment: copy.name, field: shown }, `${problem}, so shipshape cannot copy it safely and wrote nothing`, `${fix}, or pass no --from to start from shipshape's template`);
}
