import type { Terminal } from '../../lib/cli/terminal';

/** A terminal that records what a command prints: `lines` from stdout, `errors` from stderr. */
export function terminalRecorder(): Terminal & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line) };
}
