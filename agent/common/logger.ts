import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** Component name, carried on every line as `component`. */
  component: string;
  /** `info` unless given; `silent` turns logging off (tests). */
  level?: LevelWithSilent;
  /** Where lines go; stdout by default. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/**
 * Field paths that may carry credentials. Nothing in the agent logs them on purpose; this is the
 * safety net for a request or kubeconfig object passed as a log field by mistake.
 */
const REDACTED_PATHS = [
  'token',
  '*.token',
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.Authorization',
  'password',
  '*.password',
  'bearerToken',
  '*.bearerToken',
];

/**
 * A structured JSON logger for the agent's processes: one JSON object per line, the level as a
 * word, an ISO timestamp, the fields of the call, then the short message (`log.info({ key },
 * 'reconciled')`). Errors passed as `err` are serialized with their type, message and cause.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { component: options.component },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.errWithCause },
    },
    options.destination,
  );
}

/** A logger that drops everything: the default for library use without a logger. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
