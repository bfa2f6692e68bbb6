import { createHash, randomBytes } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { Identity } from '@/lib/kube';
import type { SignInMethod, UserInfo } from '@/lib/views/types';

export const SESSION_COOKIE = 'ibnet_session';

/** What the encrypted cookie holds: enough to act as the user, and nothing the browser may read. */
export interface Session {
  method: SignInMethod;
  user: UserInfo;
  /** How the console acts as the user; empty in kubeconfig mode (the context's own credentials). */
  identity: Identity;
  context?: string;
  defaultNamespace?: string;
  csrf: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/**
 * Seals sessions into `dir`/`A256GCM` JWEs: encrypted and authenticated, so the browser can neither
 * read the token inside nor forge a session.
 */
export class SessionCodec {
  private readonly key: Uint8Array;

  constructor(
    key: Uint8Array | undefined,
    readonly ttlSeconds: number,
  ) {
    // A256GCM with `dir` needs exactly 32 bytes; derive them from whatever secret was configured.
    this.key = key ? new Uint8Array(sha256(key)) : new Uint8Array(randomBytes(32));
  }

  /** A new session for a user who just signed in. */
  create(fields: Omit<Session, 'csrf' | 'expiresAt'>, now = Date.now()): Session {
    return {
      ...fields,
      csrf: randomBytes(24).toString('base64url'),
      expiresAt: Math.floor(now / 1000) + this.ttlSeconds,
    };
  }

  async seal(session: Session): Promise<string> {
    const { expiresAt, ...claims } = session;
    return new EncryptJWT({ s: claims })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .encrypt(this.key);
  }

  /** The session in the cookie, or undefined when absent, forged, from another key, or expired. */
  async open(token: string | undefined): Promise<Session | undefined> {
    if (!token) return undefined;
    try {
      const { payload } = await jwtDecrypt(token, this.key, { clockTolerance: 0 });
      const s = payload.s as Omit<Session, 'expiresAt'> | undefined;
      if (!s || typeof payload.exp !== 'number') return undefined;
      return { ...s, expiresAt: payload.exp };
    } catch {
      return undefined;
    }
  }
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** `Set-Cookie` for a sealed session. Secure whenever the console is reached over https. */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

/** Reads one cookie from a request's Cookie header. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
