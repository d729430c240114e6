import type { Project } from './project';
import type { Terminal } from './terminal';

/** What every command gets from the CLI: the project it runs in and where to print. */
export interface CommandContext {
  /** The platform repository (the working directory). */
  readonly project: Project;
  /** stdout/stderr, or a recorder in tests. */
  readonly terminal: Terminal;
  /** Set by a command that finishes with a non-zero exit code without throwing (e.g. `check` finding drift). */
  exitCode: number;
}
