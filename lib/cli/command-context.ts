import type { Project } from './project';
import type { Terminal } from './terminal';

/** Environment variables as the CLI was started with them: `process.env`, or a chosen set in tests. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/**
 * Standard input: the process's stdin (a pipe, a file or a terminal), or a stream in tests.
 * `isTTY` and `setRawMode` exist only on a terminal, where `secrets set` prompts without echo.
 */
export type StandardInput = NodeJS.ReadableStream & {
  readonly isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
};

/** What the CLI reads from its process besides argv and the working directory. */
export interface CommandInputs {
  /** The environment variables (keys, $EDITOR, ...). */
  readonly variables: EnvironmentVariables;
  /** Standard input (secret values). */
  readonly stdin: StandardInput;
}

/** What every command gets from the CLI: the project it runs in, where to print, and its process's inputs. */
export interface CommandContext extends CommandInputs {
  /** The platform repository (the working directory). */
  readonly project: Project;
  /** stdout/stderr, or a recorder in tests. */
  readonly terminal: Terminal;
  /** Set by a command that finishes with a non-zero exit code without throwing (e.g. `check` finding drift). */
  exitCode: number;
}
