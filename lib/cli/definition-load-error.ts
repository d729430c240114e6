import { relative } from 'node:path';
import { ShipshapeError } from '../errors';

/** What the TypeScript loader throws for a `.ts` file that does not compile (`lib/loader/typescript-loader.js`). */
interface TypeScriptSyntaxError extends Error {
  readonly code: 'SHIPSHAPE_TYPESCRIPT_SYNTAX';
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly reason: string;
}

/** What Node.js throws for an import it cannot find. */
interface ModuleNotFoundError extends Error {
  readonly code: 'MODULE_NOT_FOUND';
  /** The files that were loading, the one with the import first. */
  readonly requireStack?: readonly string[];
}

/**
 * An error thrown while an environment's definitions load, as the user mistake it is, placed in the file that
 * holds it: a service file that does not compile is named with the compiler's message and line, an import of a
 * file that is not there with the file that imports it. Undefined for any other error.
 *
 * @param root the project root, which file names are shown from
 * @param environment the environment being loaded
 */
export function definitionLoadError(error: unknown, root: string, environment: string): ShipshapeError | undefined {
  if (isSyntaxError(error)) {
    const where = error.line === undefined ? '' : ` at line ${error.line}${error.column === undefined ? '' : `, column ${error.column}`}`;
    return new ShipshapeError(
      { environment, field: shown(root, error.file) },
      `does not compile${where}: ${error.reason}`,
      'fix the syntax there (your editor or `npm run typecheck` shows it too)',
    );
  }
  if (isModuleNotFound(error)) {
    const imported = /Cannot find module '([^']+)'/.exec(error.message)?.[1] ?? 'a module';
    const importer = error.requireStack?.[0];
    const local = imported.startsWith('.') || imported.startsWith('/');
    return new ShipshapeError(
      { environment, field: importer ? shown(root, importer) : undefined },
      `imports ${imported}, which ${local ? 'does not exist' : 'is not installed'}`,
      local ? 'correct the path, or create the file' : `install it (\`npm install ${packageName(imported)}\`) or remove the import`,
    );
  }
  return undefined;
}

function isSyntaxError(error: unknown): error is TypeScriptSyntaxError {
  return error instanceof Error && (error as Partial<TypeScriptSyntaxError>).code === 'SHIPSHAPE_TYPESCRIPT_SYNTAX';
}

function isModuleNotFound(error: unknown): error is ModuleNotFoundError {
  return error instanceof Error && (error as Partial<ModuleNotFoundError>).code === 'MODULE_NOT_FOUND';
}

function shown(root: string, file: string): string {
  const path = relative(root, file);
  return path.startsWith('..') ? file : path;
}

/** `@acme/lib` of `@acme/lib/sub`, `cdk8s` of `cdk8s/lib/x`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
