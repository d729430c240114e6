import { ShipshapeError } from '../../errors';
import type { ErrorLocation } from '../../errors';
import type { StandardInput } from '../command-context';

/** How `set` reads a value. */
export interface ValueInputOptions {
  /** Where the value goes, for messages. */
  readonly location: ErrorLocation;
  /** Keep a trailing newline of piped input (by default one is dropped, as `echo` adds it). */
  readonly keepTrailingNewline: boolean;
}

/**
 * Reads a secret value from standard input: piped (`< file`, `printf %s "$TOKEN" |`) or typed
 * at a hidden prompt, twice, when stdin is a terminal. Never from the command line, which
 * shell history and `ps` would keep.
 */
export async function readSecretValue(stdin: StandardInput, options: ValueInputOptions): Promise<string> {
  let value: string;
  if (stdin.isTTY) {
    value = await hiddenPrompt(stdin, 'value (hidden): ');
    if ((await hiddenPrompt(stdin, 'again, to confirm: ')) !== value) {
      throw new ShipshapeError(options.location, 'the two values typed differ; nothing was stored', 'run the command again');
    }
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const bytes = Buffer.concat(chunks);
    value = bytes.toString('utf8');
    if (!Buffer.from(value, 'utf8').equals(bytes)) {
      throw new ShipshapeError(options.location, 'the value is not UTF-8 text, which an environment variable must be', 'store binary data base64-encoded');
    }
    if (!options.keepTrailingNewline) value = value.replace(/\r?\n$/, '');
  }
  if (value.length === 0) {
    throw new ShipshapeError(options.location, 'the value is empty (nothing came on standard input)', 'pipe the value in, e.g. `printf %s "$TOKEN" | shipshape secrets set ...`, or remove the key with `shipshape secrets rm`');
  }
  if (value.includes('\0')) throw new ShipshapeError(options.location, 'the value contains a NUL byte, which an environment variable cannot hold', 'store binary data base64-encoded');
  return value;
}

/**
 * Reads a line from the terminal without echoing it. Ctrl-C or Ctrl-D cancel. The prompt goes to the
 * process's stderr, not through the Terminal (which prints whole lines): a terminal stdin is the process's own.
 */
function hiddenPrompt(stdin: StandardInput, prompt: string): Promise<string> {
  process.stderr.write(prompt);
  stdin.setRawMode?.(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: ShipshapeError) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new ShipshapeError({}, 'cancelled; nothing was stored', 'run the command again to store a value'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
