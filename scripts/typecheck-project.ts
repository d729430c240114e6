import { join, relative, sep } from 'node:path';
import { API, type Diagnostic, DiagnosticCategory, type Program } from 'typescript/unstable/sync';
import { undocumentedExports } from './public-api-docs';
import { forgetPass, recordPass, TypecheckInputs } from './typecheck-fingerprint';

const PUBLIC_ENTRY_POINTS = ['lib/index.ts', 'lib/testing/index.ts'];

/**
 * `npm run typecheck`, the first half of `npm test`: what `tsc --noEmit -p .` reports, and in the
 * same TypeScript program the check that every public export is documented. TypeScript 7 (the native
 * compiler, driven through its API) checks the whole project in about a second where TypeScript 5.9
 * took 7–8 s from scratch, so nothing is kept between runs. A run that passes records what it read
 * (scripts/typecheck-fingerprint.ts), so `npm test` need not run it again until something changes; a
 * run that fails forgets it.
 *
 * @param root the project folder (this checkout)
 * @param inputs what the run depends on besides its program's files, read before it; without them no pass is recorded
 * @returns the exit code: 1 when there is a type error or an undocumented export
 */
export function typecheckProject(root: string, inputs?: TypecheckInputs): number {
  forgetPass(root);
  const api = new API({ cwd: root });
  try {
    const config = join(root, 'tsconfig.json');
    const project = api.updateSnapshot({ openProjects: [config] }).getProject(config);
    if (!project) throw new Error(`TypeScript did not open the project ${config}`);
    const { program } = project;
    const diagnostics = [
      ...program.getConfigFileParsingDiagnostics(),
      ...program.getProgramDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...program.getSyntacticDiagnostics(),
      ...program.getSemanticDiagnostics(),
    ];
    report(root, program, diagnostics);

    const gaps = undocumentedExports(project, PUBLIC_ENTRY_POINTS.map((file) => join(root, file)));
    for (const gap of gaps) process.stdout.write(`public API docs: ${gap}\n`);
    if (gaps.length > 0) {
      process.stdout.write(`${gaps.length} public API docs missing: every export of shipshape and shipshape/testing needs a JSDoc comment, every field a line and every optional field an @default.\n`);
    }
    if (diagnostics.length > 0 || gaps.length > 0) return 1;
    if (inputs) {
      // The texts the checker read, not the files on disk now: a file edited during the check is checked again next time.
      const installed = join(root, 'node_modules') + sep;
      const files = program.getSourceFileNames().filter((fileName) => !join(fileName).startsWith(installed));
      recordPass(inputs, files.map((fileName) => ({ fileName, text: program.getSourceFile(fileName)!.text })));
    }
    return 0;
  } finally {
    api.close();
  }
}

/** Prints diagnostics as `tsc` does without `--pretty`: `lib/index.ts(2,54): error TS2322: …`, then how many. */
function report(root: string, program: Program, diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  for (const diagnostic of diagnostics) {
    const category = DiagnosticCategory[diagnostic.category].toLowerCase();
    const message = `${category} TS${diagnostic.code}: ${flattened(diagnostic)}`;
    process.stdout.write(diagnostic.fileName ? `${relative(root, diagnostic.fileName)}${position(program, diagnostic)}: ${message}\n` : `${message}\n`);
  }
  process.stdout.write(`\nFound ${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}.\n`);
}

/** `(line,column)` of the diagnostic's start, both counted from 1. */
function position(program: Program, diagnostic: Diagnostic): string {
  const text = program.getSourceFile(diagnostic.fileName!)?.text;
  if (text === undefined) return '';
  const before = text.slice(0, diagnostic.pos).split('\n');
  return `(${before.length},${before[before.length - 1].length + 1})`;
}

/** The message with its chain of explanations, each level indented by two more spaces. */
function flattened(diagnostic: Diagnostic, level = 0): string {
  return [diagnostic.text, ...(diagnostic.messageChain ?? []).map((next) => `\n${'  '.repeat(level + 1)}${flattened(next, level + 1)}`)].join('');
}
