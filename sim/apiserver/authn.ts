import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import type { UserInfo } from './rbac';
import type { StoreCore } from './store-core';

/** The audience the API server accepts service account tokens for, as kube's default. */
export const API_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';
const ISSUER = API_AUDIENCE;

/** The demo identities every cluster starts with. */
export const DEMO_USERS = [
  { name: 'admin', uid: 'ibnet-admin', groups: ['system:masters'] },
  { name: 'editor', uid: 'ibnet-editor', groups: [] as string[] },
  { name: 'viewer', uid: 'ibnet-viewer', groups: [] as string[] },
] as const;

export type DemoUser = (typeof DEMO_USERS)[number]['name'];

interface StaticToken {
  token: string;
  user: string;
  uid: string;
  groups: string[];
}

/** Parses kube-apiserver's static token file: `token,user,uid,"group1,group2"` per line. */
export function parseTokenFile(text: string): StaticToken[] {
  const out: StaticToken[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const fields: string[] = [];
    let current = '';
    let quoted = false;
    for (const ch of line.trim()) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        fields.push(current);
        current = '';
      } else current += ch;
    }
    fields.push(current);
    const [token, user, uid, groups] = fields;
    if (!token || !user) continue;
    out.push({
      token,
      user,
      uid: uid ?? '',
      groups: groups ? groups.split(',').filter(Boolean) : [],
    });
  }
  return out;
}

function formatTokenFile(tokens: StaticToken[]): string {
  return (
    tokens.map((t) => `${t.token},${t.user},${t.uid},"${t.groups.join(',')}"`).join('\n') + '\n'
  );
}

interface ServiceAccountClaims {
  'kubernetes.io'?: { namespace?: string; serviceaccount?: { name?: string; uid?: string } };
}

/**
 * Bearer token authentication: the static token file (demo users) and service account JWTs
 * issued through TokenRequest, signed with a key kept beside the token file.
 */
export class Authenticator {
  private constructor(
    private readonly staticTokens: Map<string, StaticToken>,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly core: StoreCore,
    readonly tokenFile: string,
  ) {}

  /**
   * Loads the token file and signing key from `dir`, or creates them there. Existing files are
   * kept, so a restarted cluster accepts the same tokens.
   */
  static async open(dir: string, core: StoreCore): Promise<Authenticator> {
    const tokenFile = join(dir, 'tokens.csv');
    let tokens: StaticToken[];
    try {
      tokens = parseTokenFile(await readFile(tokenFile, 'utf8'));
    } catch {
      tokens = DEMO_USERS.map((u) => ({
        token: randomBytes(24).toString('base64url'),
        user: u.name,
        uid: u.uid,
        groups: [...u.groups],
      }));
      await writeFile(tokenFile, formatTokenFile(tokens), { mode: 0o600 });
    }
    const keyFile = join(dir, 'sa-signing-key.jwk');
    let jwk: JWK;
    try {
      jwk = JSON.parse(await readFile(keyFile, 'utf8')) as JWK;
    } catch {
      const pair = await generateKeyPair('ES256', { extractable: true });
      jwk = await exportJWK(pair.privateKey);
      await writeFile(keyFile, JSON.stringify(jwk), { mode: 0o600 });
    }
    const privateKey = (await importJWK(jwk, 'ES256')) as CryptoKey;
    const { d: _secret, ...publicJwk } = jwk;
    const publicKey = (await importJWK(publicJwk, 'ES256')) as CryptoKey;
    return new Authenticator(
      new Map(tokens.map((t) => [t.token, t])),
      privateKey,
      publicKey,
      core,
      tokenFile,
    );
  }

  /** The static token of a demo user. */
  tokenOf(user: DemoUser): string {
    for (const t of this.staticTokens.values()) if (t.user === user) return t.token;
    throw new Error(`no token for user ${user} in ${this.tokenFile}`);
  }

  /** The user a bearer token stands for, or undefined when it is not valid. */
  async authenticate(
    token: string,
    audiences: string[] = [API_AUDIENCE],
  ): Promise<UserInfo | undefined> {
    const fixed = this.staticTokens.get(token);
    if (fixed) {
      return {
        username: fixed.user,
        uid: fixed.uid,
        groups: [...fixed.groups, 'system:authenticated'],
      };
    }
    if (token.split('.').length !== 3) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: ISSUER });
      const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ''];
      if (!aud.some((a) => audiences.includes(a))) return undefined;
      const claims = (payload as ServiceAccountClaims)['kubernetes.io'];
      const namespace = claims?.namespace ?? '';
      const name = claims?.serviceaccount?.name ?? '';
      // A token outlives nothing: deleting (or re-creating) the ServiceAccount invalidates it.
      const sa = this.core.slot('serviceaccounts', namespace, name);
      if (!sa || sa.current.obj.metadata.uid !== claims?.serviceaccount?.uid) return undefined;
      return {
        username: `system:serviceaccount:${namespace}:${name}`,
        uid: sa.current.obj.metadata.uid,
        groups: [
          'system:serviceaccounts',
          `system:serviceaccounts:${namespace}`,
          'system:authenticated',
        ],
      };
    } catch {
      return undefined;
    }
  }

  /** Issues a service account token as TokenRequest does. */
  async issue(
    namespace: string,
    name: string,
    uid: string,
    audiences: string[],
    expirationSeconds: number,
  ): Promise<{ token: string; expirationTimestamp: string }> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + expirationSeconds;
    const token = await new SignJWT({
      'kubernetes.io': { namespace, serviceaccount: { name, uid } },
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'ibnet-sim' })
      .setIssuer(ISSUER)
      .setSubject(`system:serviceaccount:${namespace}:${name}`)
      .setAudience(audiences)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(exp)
      .sign(this.privateKey);
    return {
      token,
      expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }
}

/** The anonymous user, allowed only on the public health and version endpoints. */
export const ANONYMOUS: UserInfo = {
  username: 'system:anonymous',
  groups: ['system:unauthenticated'],
};

/** Paths anonymous requests may reach, as kube 1.32's anonymous endpoint conditions. */
export const ANONYMOUS_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);
