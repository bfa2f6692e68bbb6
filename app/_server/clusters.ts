import https from 'node:https';
import http from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, Transport } from '@/lib/kube';
import type { ContextOption, DemoUser } from '@/lib/views/types';
import type { ConsoleConfig } from './config';
import { ConfigError } from './config';
import type { Session } from './session';

export const DEMO_USERS: DemoUser[] = [
  { id: 'admin', label: 'admin', description: 'Cluster administrator (system:masters)' },
  { id: 'editor', label: 'editor', description: 'May edit in namespace ib-team only' },
  { id: 'viewer', label: 'viewer', description: 'May view everything, change nothing' },
];

/**
 * A transport that trusts the cluster's CA and carries no credentials of its own: every request
 * through it authenticates with the user's token, so a missing identity fails closed (401).
 */
async function anonymousTransport(kc: KubeConfig): Promise<Transport> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ConfigError('the kubeconfig has no current cluster');
  const probe: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(probe);
  const server = new URL(cluster.server);
  const agent =
    server.protocol === 'http:'
      ? new http.Agent({ keepAlive: true })
      : new https.Agent({
          keepAlive: true,
          maxSockets: 64,
          ca: probe.ca,
          rejectUnauthorized: !cluster.skipTLSVerify,
        });
  return new Transport(server, agent, async () => ({}), 'ibnet-console');
}

function withContext(kc: KubeConfig, context: string): KubeConfig {
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kc.getClusters(),
    users: kc.getUsers(),
    contexts: kc.getContexts(),
    currentContext: context,
  });
  return copy;
}

/** How the console reaches the cluster(s) of its mode, and acts there as a signed-in user. */
export class Clusters {
  private kc?: KubeConfig;
  private readonly transports = new Map<string, Promise<Transport>>();

  constructor(private readonly config: ConsoleConfig) {}

  private kubeconfig(): KubeConfig {
    if (this.kc) return this.kc;
    const kc = new KubeConfig();
    if (this.config.mode === 'in-cluster') kc.loadFromCluster(this.config.serviceAccountRoot);
    else kc.loadFromFile(this.config.kubeconfigPath ?? '');
    this.kc = kc;
    return kc;
  }

  /** Contexts offered by the switcher (kubeconfig mode) or used for demo identities (embedded). */
  contexts(): ContextOption[] {
    if (this.config.mode === 'in-cluster') return [];
    const kc = this.kubeconfig();
    return kc.getContexts().map((c) => ({
      name: c.name,
      cluster: c.cluster,
      user: c.user,
      namespace: c.namespace,
      current: c.name === kc.getCurrentContext(),
    }));
  }

  /**
   * The token and namespace of a demo identity, read server-side from the embedded cluster's
   * kubeconfig: the context or user named after it.
   */
  demoIdentity(id: DemoUser['id']): { token: string; namespace?: string } | undefined {
    if (this.config.mode !== 'embedded') return undefined;
    const kc = this.kubeconfig();
    // The embedded cluster names them `ibnet-<id>`; plain `<id>` is accepted too.
    const names = [id, `ibnet-${id}`];
    const context = kc.getContexts().find((c) => names.includes(c.name) || names.includes(c.user));
    const user = kc.getUser(context?.user ?? `ibnet-${id}`) ?? kc.getUser(id);
    return user?.token ? { token: user.token, namespace: context?.namespace } : undefined;
  }

  private transport(key: string, make: () => Promise<Transport>): Promise<Transport> {
    let t = this.transports.get(key);
    if (!t) {
      t = make();
      this.transports.set(key, t);
      t.catch(() => this.transports.delete(key));
    }
    return t;
  }

  /**
   * The client that acts as the session's user. In kubeconfig mode that is the chosen context's
   * own credentials (the workstation's user); elsewhere the user's token or impersonation.
   */
  async clientFor(session: Pick<Session, 'identity' | 'context'>): Promise<KubeClient> {
    const kc = this.kubeconfig();
    if (this.config.mode === 'kubeconfig') {
      const context = session.context ?? kc.getCurrentContext();
      if (!kc.getContextObject(context))
        throw new ConfigError(`no context "${context}" in the kubeconfig`);
      const t = await this.transport(`ctx:${context}`, () =>
        Transport.fromKubeConfig(withContext(kc, context), 'ibnet-console'),
      );
      return new KubeClient(t);
    }
    if (session.identity.impersonate) {
      // Impersonation rides on the console's service account, which holds only the impersonate verb.
      const t = await this.transport('service-account', () =>
        Transport.fromKubeConfig(kc, 'ibnet-console'),
      );
      return new KubeClient(t).as({ impersonate: session.identity.impersonate });
    }
    if (!session.identity.token)
      throw new ConfigError('a session without a token or impersonation');
    const t = await this.transport('anonymous', () => anonymousTransport(kc));
    return new KubeClient(t).as({ token: session.identity.token });
  }

  close(): void {
    for (const t of this.transports.values()) void t.then((x) => x.close()).catch(() => {});
    this.transports.clear();
  }
}
