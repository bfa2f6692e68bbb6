/**
 * Errors of the node configurator. Each says what failed, why, and what to do about it; the
 * message is what lands in `status.lastSyncError`, so it is written for the person reading that.
 */

/** A sysfs file is missing where it must be, or holds something the kernel never writes there. */
export class SysfsError extends Error {
  override name = 'SysfsError';

  constructor(
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The `ip` command failed or could not be run. */
export class IpCommandError extends Error {
  override name = 'IpCommandError';

  constructor(
    readonly args: string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The hardware did not reach the state asked for in time (VFs not created, GUID not taken). */
export class HardwareTimeoutError extends Error {
  override name = 'HardwareTimeoutError';
}

/** The kernel refused a write (the file went back to its old value). */
export class KernelRefusedError extends Error {
  override name = 'KernelRefusedError';
}

/** The static GUID pool file is unreadable or breaks the format's rules. */
export class GuidPoolError extends Error {
  override name = 'GuidPoolError';

  constructor(
    readonly file: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`GUID pool ${file}: ${message}`, options);
  }
}

/** Brief text of any error, for logs and status. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
