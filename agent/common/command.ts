import { type ParseArgsConfig, parseArgs } from 'node:util';
import { KubeClient } from '../../lib/kube';
import { loadAgentKubeConfig } from './kubeconfig';
import { type Logger, createLogger } from './logger';
import { waitForShutdownSignal } from './shutdown';

/** A mistake in the command line: exit status 2, with the usage hint. */
export class BadUsage extends Error {}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Parses `--flag` options strictly; a stray argument or unknown flag is a BadUsage. */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new BadUsage(err instanceof Error ? err.message : String(err));
  }
  if (parsed.positionals.length > 0)
    throw new BadUsage(`unexpected argument '${parsed.positionals[0]}'`);
  return parsed.values;
}

/** `--log-level`, checked; info when not given. */
export function logLevelFlag(text: string | undefined): LogLevel {
  const level = text ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new BadUsage(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not '${level}'`);
  return level as LogLevel;
}

/** A whole-number flag within [min, max]; `fallback` when not given. */
export function integerFlag(
  text: string | undefined,
  flag: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new BadUsage(`${flag} must be a whole number from ${min} to ${max}, not '${text}'`);
  return value;
}

/** What every agent part's command line has. */
export interface AgentFlags {
  help: boolean;
  kubeconfig?: string;
  context?: string;
  level: LogLevel;
}

/** One part of the agent as a command: how to read its flags and how to start it. */
export interface AgentCommand<F extends AgentFlags> {
  /** As the user types it, e.g. `ibnet agent node`. */
  command: string;
  help: string;
  /** The `component` field of every log line. */
  component: string;
  /** The User-Agent of its API requests. */
  userAgent: string;
  /** Throws BadUsage on a mistake. */
  parse(args: string[]): F;
  /** Fields of the `starting` log line. */
  describe(flags: F, client: KubeClient): Record<string, unknown>;
  start(flags: F, client: KubeClient, logger: Logger): Promise<{ stop(): Promise<void> }>;
}

/**
 * Runs an agent part until SIGTERM or SIGINT; resolves to the exit code: 2 for bad usage, 1 when
 * it cannot reach the cluster or fails, 0 after a clean stop.
 */
export async function runAgentCommand<F extends AgentFlags>(
  part: AgentCommand<F>,
  args: string[],
): Promise<number> {
  let flags: F;
  try {
    flags = part.parse(args);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`${part.command}: ${message}\nRun '${part.command} --help' for usage.`);
    return 2;
  }
  if (flags.help) {
    console.log(part.help);
    return 0;
  }

  const logger = createLogger({ component: part.component, level: flags.level });
  let client: KubeClient;
  try {
    client = await KubeClient.fromKubeConfig(
      loadAgentKubeConfig(flags.kubeconfig, flags.context),
      part.userAgent,
    );
  } catch (err) {
    console.error(`${part.command}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }

  const shutdown = waitForShutdownSignal({ logger });
  logger.info(part.describe(flags, client), 'starting');
  const starting = part.start(flags, client, logger);
  let code = 0;
  try {
    // A signal may come before the start finished (API down): stop waiting for it then.
    const first = await Promise.race([starting, shutdown.signal]);
    if (typeof first !== 'string') {
      await shutdown.signal;
      await first.stop();
    }
  } catch (err) {
    logger.error({ err }, `${part.component} failed`);
    code = 1;
  }
  shutdown.dispose();
  client.transport.close();
  // Whatever still holds the event loop (a request that hangs) must not keep the process alive.
  setTimeout(() => process.exit(code), 2_000).unref();
  return code;
}
