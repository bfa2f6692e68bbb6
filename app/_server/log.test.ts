import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from './log';

it('never writes tokens, cookies or identities', () => {
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  process.env.IBNET_LOG_LEVEL = 'info';
  try {
    const log = createLogger(sink as never);
    log.info(
      {
        token: 'tok-secret-1',
        identity: { token: 'tok-secret-2' },
        headers: { authorization: 'Bearer tok-secret-3', cookie: 'ibnet_session=tok-secret-4' },
        session: { csrf: 'tok-secret-5' },
        user: 'editor',
      },
      'signed in',
    );
  } finally {
    delete process.env.IBNET_LOG_LEVEL;
  }
  expect(out).toContain('editor');
  expect(out).toContain('[redacted]');
  expect(out).not.toMatch(/tok-secret/);
});
