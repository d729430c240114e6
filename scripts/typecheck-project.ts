import { join } from 'node:path';
import * as ts from 'typescript';
import { undocumentedExports } from './public-api-docs';
import { forgetPass, recordPass, TypecheckInputs } from './typecheck-fingerprint';

const PUBLIC_ENTRY_POINTS = ['lib/index.ts', 'lib/testing/index.ts'];
// Ignored by git (*.tsbuildinfo), so a copy of the checkout made from git's files starts afresh.
const BUILD_INFO = '.typecheck.tsbuildinfo';

/**
 * `npm run typecheck`, the first half of `npm test`: what `tsc --noEmit -p .` reports, and in the
 * same TypeScript program the check that every public export is documented (building a program
 * takes seconds, so it is built once). Incremental: the type information of files unchanged since
 * the last run is kept in .typecheck.tsbuildinfo, so a second run only re-checks what changed (it
 * still parses every file). A run that passes records what it read (scripts/typecheck-fingerprint.ts),
 * so `npm test` need not run it again until something changes; a run that fails forgets it.
 *
 * @param root the project folder (this checkout)
 * @param inputs what the run depends on besides its program's files, read before it; without them no pass is recorded
 * @returns the exit code: 1 when there is a type error or an undocumented export
 */
export function typecheckProject(root: string, inputs?: TypecheckInputs): number {
  forgetPass(root);
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), { noEmit: true, incremental: true, tsBuildInfoFile: join(root, BUILD_INFO) }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => report(root, [diagnostic]),
  });
  if (!config) return 1;
  const builder = ts.createIncrementalProgram({ rootNames: config.fileNames, options: config.options, configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config) });
  const diagnostics = [
    ...builder.getConfigFileParsingDiagnostics(),
    ...builder.getOptionsDiagnostics(),
    ...builder.getGlobalDiagnostics(),
    ...builder.getSyntacticDiagnostics(),
    ...builder.getSemanticDiagnostics(),
  ];
  // With noEmit this writes only the build info, for the next run.
  builder.emit();
  report(root, diagnostics);

  const program = builder.getProgram();
  const gaps = undocumentedExports(program, PUBLIC_ENTRY_POINTS.map((file) => join(root, file)));
  for (const gap of gaps) process.stdout.write(`public API docs: ${gap}\n`);
  if (gaps.length > 0) {
    process.stdout.write(`${gaps.length} public API docs missing: every export of shipshape and shipshape/testing needs a JSDoc comment, every field a line and every optional field an @default.\n`);
  }
  if (diagnostics.length > 0 || gaps.length > 0) return 1;
  if (inputs) recordPass(inputs, program.getSourceFiles());
  return 0;
}

function report(root: string, diagnostics: readonly ts.Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => '\n' };
  const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  process.stdout.write(format(diagnostics, host));
  process.stdout.write(`\nFound ${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}.\n`);
}
