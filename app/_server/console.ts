import { createHash } from 'node:crypto';
import type {
  IPPool,
  NetworkAttachmentDefinition,
  SriovNetworkLike,
  SriovNetworkNodePolicy,
  SriovNetworkNodeState,
} from '@/lib/model';
import {
  type ClusterSnapshot,
  type EventLike,
  type NodeLike,
  type PodLike,
  emptySnapshot,
} from '@/lib/views/kube';
import type { StreamTopic } from '@/lib/views/types';
import {
  type Authenticator,
  ContextAuthenticator,
  ProxyAuthenticator,
  TokenAuthenticator,
} from './auth';
import { Clusters } from './clusters';
import { type ConsoleConfig, loadConfig } from './config';
import { DEFAULT_HUB_OPTIONS, type HubOptions, IdentityHub } from './hub';
import { unauthenticated } from './problems';
import { RateLimiter } from './rate-limit';
import { SessionCodec, type Session } from './session';

/** Sign-in attempts allowed per client per minute. */
const SIGN_IN_LIMIT = 10;

/** The console's server state: configuration, cluster access, sessions and per-identity watches. */
export class ConsoleServer {
  readonly codec: SessionCodec;
  readonly clusters: Clusters;
  readonly authenticator: Authenticator;
  readonly signInLimiter = new RateLimiter(SIGN_IN_LIMIT, 60_000);
  private readonly hubs = new Map<string, Promise<IdentityHub>>();

  constructor(
    readonly config: ConsoleConfig,
    private readonly hubOptions: HubOptions = DEFAULT_HUB_OPTIONS,
  ) {
    this.codec = new SessionCodec(config.sessionKey, config.sessionTtlSeconds);
    this.clusters = new Clusters(config);
    this.authenticator =
      config.mode === 'kubeconfig'
        ? new ContextAuthenticator(this.clusters)
        : config.auth === 'impersonate'
          ? new ProxyAuthenticator(config)
          : new TokenAuthenticator(this.clusters, config);
  }

  /** The watches of the session's identity, shared by all of that identity's requests. */
  async hubFor(session: Session): Promise<IdentityHub> {
    const key = identityKey(session);
    let pending = this.hubs.get(key);
    if (pending) {
      const hub = await pending;
      if (hub.revoked) throw unauthenticated();
      if (!hub.isStopped) return hub;
    }
    pending = this.clusters.clientFor(session).then(
      (client) =>
        new IdentityHub(
          key,
          client,
          { namespaces: this.hintsFor(session) },
          (stopped) => {
            // A revoked hub stays to answer 401 until its session is gone; others make room.
            if (!stopped.revoked)
              void this.hubs.get(key)?.then((h) => h === stopped && this.hubs.delete(key));
          },
          this.hubOptions,
        ),
    );
    this.hubs.set(key, pending);
    pending.catch(() => this.hubs.delete(key));
    return pending;
  }

  private hintsFor(session: Session): string[] {
    const c = this.config;
    const hints = [
      session.defaultNamespace,
      ...c.extraNamespaces,
      c.operatorNamespace,
      c.whereaboutsNamespace,
    ];
    return [...new Set(hints.filter((n): n is string => !!n))];
  }

  /** The user's view of the cluster for `topics`, from their live caches. */
  async snapshot(hub: IdentityHub, topics: readonly StreamTopic[]): Promise<ClusterSnapshot> {
    await hub.ready(topics);
    const s = emptySnapshot(this.config.resourcePrefix);
    const has = new Set(topics);
    if (has.has('networks')) s.networks = hub.items<SriovNetworkLike>('networks');
    if (has.has('nads')) {
      s.nads = hub.items<NetworkAttachmentDefinition>('nads');
      s.nadNamespaces = hub.scopeOf('nads');
    }
    if (has.has('pods')) s.pods = hub.items<PodLike>('pods');
    if (has.has('pools')) s.pools = hub.items<IPPool>('pools');
    if (has.has('nodes')) s.nodes = hub.items<NodeLike>('nodes');
    if (has.has('nodestates')) s.nodeStates = hub.items<SriovNetworkNodeState>('nodestates');
    if (has.has('policies')) s.policies = hub.items<SriovNetworkNodePolicy>('policies');
    if (has.has('events')) s.events = hub.items<EventLike>('events');
    return s;
  }

  /** Stops every watch and connection (tests, shutdown). */
  async close(): Promise<void> {
    const hubs = await Promise.allSettled([...this.hubs.values()]);
    for (const h of hubs) if (h.status === 'fulfilled') h.value.stop();
    this.hubs.clear();
    this.clusters.close();
  }
}

/** Watches are keyed by who acts and where, hashed so no token sits in a map key. */
export function identityKey(session: Pick<Session, 'identity' | 'context'>): string {
  const { token, impersonate } = session.identity;
  return createHash('sha256')
    .update(JSON.stringify([session.context ?? '', token ?? '', impersonate ?? null]))
    .digest('base64url');
}

const GLOBAL_KEY = Symbol.for('ibnet.console');
type Holder = { [GLOBAL_KEY]?: ConsoleServer };

/** The process-wide console (kept on globalThis so dev reloads do not leak watches). */
export function getConsole(): ConsoleServer {
  const holder = globalThis as Holder;
  holder[GLOBAL_KEY] ??= new ConsoleServer(loadConfig());
  return holder[GLOBAL_KEY];
}

/** Replaces the process-wide console (tests); closes the previous one. */
export async function setConsole(next: ConsoleServer | undefined): Promise<void> {
  const holder = globalThis as Holder;
  const previous = holder[GLOBAL_KEY];
  holder[GLOBAL_KEY] = next;
  if (previous && previous !== next) await previous.close();
}
