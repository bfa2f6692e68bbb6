import pino from 'pino';

/**
 * The console's logger. Anything that could carry a credential is redacted by path, and request
 * logs never include headers or bodies in the first place.
 */
export const log = pino({
  name: 'ibnet-console',
  level: process.env.IBNET_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: {
    paths: [
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
    ],
    censor: '[redacted]',
  },
});
