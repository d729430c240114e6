/** Where a command prints: the CLI passes the process's streams, tests pass a recorder. */
export interface Terminal {
  /** A line of normal output (stdout). */
  out(line: string): void;
  /** A line of diagnostics: warnings and errors (stderr). */
  err(line: string): void;
}

/** The process's own stdout and stderr. */
export const processTerminal: Terminal = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
