import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad command-line usage: reported on stderr with exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments strictly, turning parseArgs' own errors into UsageError so that a
 * mistyped flag exits 2 with a readable message instead of a stack trace.
 */
export function parseCommandArgs<O extends Options>(
  args: string[],
  options: O,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
