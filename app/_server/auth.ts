import { type KubeClient, KubeError, RESOURCES } from '@/lib/kube';
import type { SignInMethod, SignInRequest, UserInfo } from '@/lib/views/types';
import type { Clusters } from './clusters';
import type { ConsoleConfig } from './config';
import { ApiProblem, badRequest, unauthenticated } from './problems';
import type { Session } from './session';

export type NewSession = Omit<Session, 'csrf' | 'expiresAt'>;

/**
 * Turns a sign-in into a session, and re-checks a session on each request where the identity
 * comes from outside the cookie. Token, kubeconfig-context and auth-proxy sign-in implement it;
 * OIDC would be another.
 */
export interface Authenticator {
  readonly methods: SignInMethod[];
  signIn(body: SignInRequest, request: Request): Promise<NewSession>;
  /** Throws when the session no longer matches the request (e.g. the proxy names someone else). */
  verify(session: Session, request: Request): void;
}

/** Asks the cluster who a client is (SelfSubjectReview); a refused identity is a 401. */
export async function whoAmI(client: KubeClient): Promise<UserInfo> {
  try {
    const review = await client.transport.request<{
      status?: { userInfo?: { username?: string; groups?: string[] } };
    }>('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', client.identity, {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    const info = review.status?.userInfo;
    return { username: info?.username ?? 'unknown', groups: info?.groups ?? [] };
  } catch (err) {
    if (err instanceof KubeError && (err.code === 401 || err.code === 403)) throw unauthenticated();
    if (err instanceof KubeError && err.code === 404) return whoAmIWithoutReview(client);
    throw err;
  }
}

/** Old clusters without SelfSubjectReview: an access review at least proves the token works. */
async function whoAmIWithoutReview(client: KubeClient): Promise<UserInfo> {
  try {
    await client.create(RESOURCES.selfsubjectaccessreviews, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { verb: 'get', resource: 'namespaces' } },
    } as never);
  } catch (err) {
    if (err instanceof KubeError && err.code === 401) throw unauthenticated();
    throw err;
  }
  return { username: 'token user', groups: [] };
}

/** Bearer tokens (pasted, or a demo identity's): validated by asking the cluster as that token. */
export class TokenAuthenticator implements Authenticator {
  readonly methods: SignInMethod[];

  constructor(
    private readonly clusters: Clusters,
    private readonly config: ConsoleConfig,
  ) {
    this.methods = config.mode === 'embedded' ? ['demo', 'token'] : ['token'];
  }

  async signIn(body: SignInRequest): Promise<NewSession> {
    let token: string;
    let method: SignInMethod;
    let defaultNamespace: string | undefined;
    if (body.method === 'demo' && this.config.mode === 'embedded') {
      const demo = this.clusters.demoIdentity(body.user);
      if (!demo) throw badRequest(`There is no demo identity "${body.user}" in this cluster.`);
      token = demo.token;
      defaultNamespace = demo.namespace;
      method = 'demo';
    } else if (body.method === 'token') {
      token = body.token.trim();
      method = 'token';
    } else {
      throw badRequest(`Sign in with ${this.methods.join(' or ')} here.`);
    }
    const identity = { token };
    const user = await whoAmI(await this.clusters.clientFor({ identity }));
    return { method, user, identity, defaultNamespace };
  }

  verify(): void {}
}

/** Kubeconfig mode: the person at the workstation picks a context and acts with its credentials. */
export class ContextAuthenticator implements Authenticator {
  readonly methods: SignInMethod[] = ['context'];

  constructor(private readonly clusters: Clusters) {}

  async signIn(body: SignInRequest): Promise<NewSession> {
    if (body.method !== 'context') throw badRequest('Pick a kubeconfig context to sign in.');
    const context = this.clusters.contexts().find((c) => c.name === body.context);
    if (!context) throw badRequest(`There is no context "${body.context}" in the kubeconfig.`);
    const client = await this.clusters.clientFor({ identity: {}, context: context.name });
    const user = await whoAmI(client);
    return {
      method: 'context',
      user,
      identity: {},
      context: context.name,
      defaultNamespace: context.namespace,
    };
  }

  verify(): void {}
}

/**
 * Behind an authenticating proxy the administrator trusts: the user comes from its headers, and
 * the console's service account impersonates them. Only configured with IBNET_AUTH=impersonate.
 */
export class ProxyAuthenticator implements Authenticator {
  readonly methods: SignInMethod[] = ['proxy'];

  constructor(private readonly config: ConsoleConfig) {}

  private userOf(request: Request): UserInfo {
    const username = request.headers.get(this.config.userHeader)?.trim();
    if (!username) throw unauthenticated();
    const groups = (request.headers.get(this.config.groupsHeader) ?? '')
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean);
    return { username, groups };
  }

  async signIn(body: SignInRequest, request: Request): Promise<NewSession> {
    if (body.method !== 'proxy') throw badRequest('This console signs you in through its proxy.');
    const user = this.userOf(request);
    return {
      method: 'proxy',
      user,
      identity: { impersonate: { user: user.username, groups: user.groups } },
    };
  }

  verify(session: Session, request: Request): void {
    // A cookie from one proxy user must never act for another.
    const user = this.userOf(request);
    if (
      user.username !== session.user.username ||
      user.groups.join(',') !== session.user.groups.join(',')
    ) {
      throw new ApiProblem(
        401,
        'unauthenticated',
        'Your session is not valid: sign in again.',
        'Unauthorized',
      );
    }
  }
}
