import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths that could carry a credential; their values never reach a log line. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'identity',
  '*.identity',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'cookie',
  '*.cookie',
  'password',
  '*.password',
  'session',
  '*.session',
];

/** A console logger; request logs never include headers or bodies in the first place. */
export function createLogger(destination?: DestinationStream): Logger {
  const options = {
    name: 'ibnet-console',
    level: process.env.IBNET_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const log = createLogger();
