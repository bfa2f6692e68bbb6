import { describe, expect, it } from 'vitest';
import { SessionCodec, readCookie, sessionCookie } from './session';

const fields = {
  method: 'token' as const,
  user: { username: 'alice', groups: ['team'] },
  identity: { token: 'secret-token-value' },
};

describe('session cookie', () => {
  it('round-trips a session and hides the token from the browser', async () => {
    const codec = new SessionCodec(undefined, 3600);
    const session = codec.create(fields);
    const sealed = await codec.seal(session);
    expect(sealed).not.toContain('secret-token-value');
    expect(Buffer.from(sealed.split('.')[1] ?? '', 'base64url').toString()).not.toContain('alice');
    const opened = await codec.open(sealed);
    expect(opened).toMatchObject({ ...fields, csrf: session.csrf, expiresAt: session.expiresAt });
  });

  it('refuses a tampered, foreign or expired cookie', async () => {
    const codec = new SessionCodec(new TextEncoder().encode('a'.repeat(40)), 3600);
    const sealed = await codec.seal(codec.create(fields));
    const tampered = `${sealed.slice(0, -4)}${sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(await codec.open(tampered)).toBeUndefined();
    expect(
      await new SessionCodec(new TextEncoder().encode('b'.repeat(40)), 3600).open(sealed),
    ).toBeUndefined();
    const old = await codec.seal(codec.create(fields, Date.now() - 7200_000));
    expect(await codec.open(old)).toBeUndefined();
    expect(await codec.open('not-a-jwe')).toBeUndefined();
  });

  it('sets HttpOnly, SameSite=Strict and Secure over https', () => {
    const cookie = sessionCookie('v', 60, true);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Secure');
    expect(sessionCookie('v', 60, false)).not.toContain('Secure');
    const request = new Request('http://x/', {
      headers: { cookie: 'a=1; ibnet_session=abc.def; b=2' },
    });
    expect(readCookie(request, 'ibnet_session')).toBe('abc.def');
  });
});
