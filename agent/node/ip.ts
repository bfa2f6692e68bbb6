import { execFile } from 'node:child_process';
import { IpCommandError } from './errors';

/** Runs iproute2's `ip` (or whatever plays it) with arguments; throws IpCommandError on failure. */
export type IpRunner = (args: string[]) => Promise<string>;

/** How long one `ip` call may take before it counts as hung. */
const IP_TIMEOUT_MS = 15_000;

/**
 * An IpRunner for the executable at `command` (a name looked up on PATH, or a path). Arguments
 * are passed as they are, never through a shell. `onCall` hears about every invocation.
 */
export function ipRunner(
  command: string,
  onCall?: (args: string[], ok: boolean) => void,
): IpRunner {
  return (args) =>
    new Promise((resolve, reject) => {
      execFile(
        command,
        args,
        { timeout: IP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
        (err, stdout, stderr) => {
          onCall?.(args, !err);
          if (!err) return resolve(stdout);
          const spawnFailed = typeof err.code === 'string';
          const exitCode = typeof err.code === 'number' ? err.code : undefined;
          const detail = stderr.trim() || err.message;
          const message = spawnFailed
            ? `cannot run '${command}' (${err.code}): install iproute2 or point --ip-command at it`
            : err.killed
              ? `'${command} ${args.join(' ')}' did not finish within ${IP_TIMEOUT_MS / 1000} s`
              : `'ip ${args.join(' ')}' failed (exit ${exitCode ?? '?'}): ${detail}`;
          reject(new IpCommandError(args, exitCode, stderr, message, { cause: err }));
        },
      );
    });
}

/** `ip link set dev <pf> vf <n> node_guid <g> port_guid <g>`: one call sets both. */
export function vfGuidArgs(pfNetdev: string, vfIndex: number, guid: string): string[] {
  return [
    'link',
    'set',
    'dev',
    pfNetdev,
    'vf',
    String(vfIndex),
    'node_guid',
    guid,
    'port_guid',
    guid,
  ];
}

export function mtuArgs(netdev: string, mtu: number): string[] {
  return ['link', 'set', 'dev', netdev, 'mtu', String(mtu)];
}
