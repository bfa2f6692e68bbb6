import { randomBytes } from 'node:crypto';
import { Informer, type KubeClient, KubeError, RESOURCES, type ResourceRef } from '@/lib/kube';
import type { KubeObject } from '@/lib/model';
import type { StreamChange, StreamTopic } from '@/lib/views/types';
import { AccessChecker } from './access';
import { ApiProblem, fromKubeError } from './problems';

/** The kinds each topic watches. */
export const TOPIC_RESOURCES: Record<StreamTopic, ResourceRef[]> = {
  networks: [RESOURCES.sriovibnetworks, RESOURCES.sriovnetworks],
  nads: [RESOURCES['network-attachment-definitions']],
  pods: [RESOURCES.pods],
  pools: [RESOURCES.ippools],
  nodes: [RESOURCES.nodes],
  nodestates: [RESOURCES.sriovnetworknodestates],
  policies: [RESOURCES.sriovnetworknodepolicies],
  events: [RESOURCES.events],
  namespaces: [RESOURCES.namespaces],
};

/** Where to look for a user who may not list a kind cluster-wide. */
export interface ScopeHints {
  namespaces: string[];
}

export interface HubOptions {
  /** How long watches outlive their last user. */
  graceMs: number;
  /** Changes kept for clients that reconnect. */
  replayLimit: number;
  /** Longest wait for a first list before a read gives up. */
  syncTimeoutMs: number;
}

export const DEFAULT_HUB_OPTIONS: HubOptions = {
  graceMs: 60_000,
  replayLimit: 4096,
  syncTimeoutMs: 20_000,
};

/** At most this many namespaces are looked into for one identity beyond cluster-wide access. */
const MAX_HINTS = 64;

export interface SequencedChange {
  seq: number;
  change: StreamChange;
}

type Listener = (event: SequencedChange) => void;

/** One topic's informers: one cluster-wide, or one per namespace the user may list. */
class TopicFeed {
  readonly informers: Informer<KubeObject>[] = [];
  namespaces: 'all' | string[] = 'all';
  ready!: Promise<void>;
}

/**
 * The watches of one identity: started on first use, shared by every request and stream of that
 * identity (never across identities), stopped a grace period after the last user leaves.
 */
export class IdentityHub {
  readonly epoch = randomBytes(6).toString('base64url');
  readonly access: AccessChecker;
  private readonly feeds = new Map<StreamTopic, TopicFeed>();
  private readonly listeners = new Set<{ topics: Set<StreamTopic>; fn: Listener }>();
  private readonly replay: SequencedChange[] = [];
  private seq = 0;
  private users = 0;
  private graceTimer?: ReturnType<typeof setTimeout>;
  private stopped = false;

  constructor(
    readonly key: string,
    readonly client: KubeClient,
    private readonly hints: ScopeHints,
    private readonly onStop: (hub: IdentityHub) => void,
    private readonly options: HubOptions = DEFAULT_HUB_OPTIONS,
  ) {
    this.access = new AccessChecker(client);
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** The cluster refused the identity (expired or revoked token): the hub serves nothing more. */
  revoked = false;

  private revoke(): void {
    this.revoked = true;
    this.stop();
  }

  /** Permissions changed under a running watch: forget the feed so the next use re-scopes it. */
  private dropFeed(topic: StreamTopic, feed: TopicFeed): void {
    if (this.feeds.get(topic) !== feed) return;
    for (const i of feed.informers) i.stop();
    this.feeds.delete(topic);
  }

  /** Marks one user (a request or a stream) of this hub; call the result when done. */
  acquire(): () => void {
    this.users++;
    clearTimeout(this.graceTimer);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.users--;
      if (this.users === 0) this.graceTimer = setTimeout(() => this.stop(), this.options.graceMs);
    };
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.graceTimer);
    for (const feed of this.feeds.values()) for (const inf of feed.informers) inf.stop();
    this.feeds.clear();
    this.onStop(this);
  }

  /** Waits until the topics' caches hold a first list; throws when the user may not see them. */
  async ready(topics: readonly StreamTopic[]): Promise<void> {
    const waits = topics.map((t) => this.feed(t).ready);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ApiProblem(
              503,
              'unavailable',
              'The cluster did not answer in time; try again shortly.',
              'Timeout',
            ),
          ),
        this.options.syncTimeoutMs,
      );
    });
    try {
      await Promise.race([Promise.all(waits), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The cached objects of a topic (after `ready`). */
  items<T extends KubeObject>(topic: StreamTopic): T[] {
    const feed = this.feeds.get(topic);
    if (!feed) return [];
    return feed.informers.flatMap((i) => i.list()) as T[];
  }

  /** Namespaces a topic covers for this user. */
  scopeOf(topic: StreamTopic): 'all' | string[] {
    return this.feeds.get(topic)?.namespaces ?? [];
  }

  /** Subscribes to changes of `topics`; returns the unsubscribe. */
  subscribe(topics: readonly StreamTopic[], fn: Listener): () => void {
    const entry = { topics: new Set(topics), fn };
    this.listeners.add(entry);
    for (const t of topics) this.feed(t);
    return () => this.listeners.delete(entry);
  }

  /** Changes after `seq` still in the replay buffer, or undefined if some were already dropped. */
  since(seq: number, topics: readonly StreamTopic[]): SequencedChange[] | undefined {
    const oldest = this.replay[0]?.seq ?? this.seq + 1;
    if (seq < oldest - 1 || seq > this.seq) return undefined;
    const wanted = new Set(topics);
    return this.replay.filter((e) => e.seq > seq && wanted.has(e.change.topic));
  }

  get lastSeq(): number {
    return this.seq;
  }

  private publish(topic: StreamTopic, type: StreamChange['type'], obj: KubeObject): void {
    const change: StreamChange = {
      topic,
      type,
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name ?? '',
      resourceVersion: obj.metadata.resourceVersion,
    };
    const event = { seq: ++this.seq, change };
    this.replay.push(event);
    if (this.replay.length > this.options.replayLimit) this.replay.shift();
    for (const l of this.listeners) if (l.topics.has(topic)) l.fn(event);
  }

  private feed(topic: StreamTopic): TopicFeed {
    let feed = this.feeds.get(topic);
    if (feed) return feed;
    feed = new TopicFeed();
    this.feeds.set(topic, feed);
    const created = feed;
    created.ready = this.startFeed(topic, created);
    // A failed start is retried by the next request, not remembered forever.
    created.ready.catch(() => this.dropFeed(topic, created));
    return created;
  }

  private async startFeed(topic: StreamTopic, feed: TopicFeed): Promise<void> {
    const starts: Promise<void>[] = [];
    for (const ref of TOPIC_RESOURCES[topic]) {
      const scope = await this.scopeFor(ref);
      feed.namespaces = scope;
      const namespaces = scope === 'all' ? [undefined] : scope;
      for (const namespace of namespaces)
        starts.push(this.startInformer(topic, feed, ref, namespace));
    }
    await Promise.all(starts);
  }

  private startInformer(
    topic: StreamTopic,
    feed: TopicFeed,
    ref: ResourceRef,
    namespace: string | undefined,
  ): Promise<void> {
    const informer = new Informer<KubeObject>(this.client, ref, { namespace });
    let firstError: unknown;
    informer.on({
      onAdd: (o) => informer.synced && this.publish(topic, 'ADDED', o),
      onUpdate: (o) => informer.synced && this.publish(topic, 'MODIFIED', o),
      onDelete: (o) => informer.synced && this.publish(topic, 'DELETED', o),
      onError: (err) => {
        firstError ??= err;
        if (!(err instanceof KubeError)) return;
        // The user's credentials stopped working: no point in retrying as them.
        if (err.code === 401) return this.revoke();
        if (err.code !== 403) return;
        if (!informer.synced) informer.stop();
        else this.dropFeed(topic, feed);
      },
    });
    feed.informers.push(informer);
    return informer.start().catch((err: unknown) => {
      const cause = firstError ?? err;
      throw cause instanceof KubeError ? fromKubeError(cause) : cause;
    });
  }

  /**
   * A namespace the user asked about by name. Users who may not list cluster-wide see only the
   * namespaces the console knows to look in; this adds one to those of their running watches.
   */
  async hint(namespace: string): Promise<void> {
    if (this.hints.namespaces.includes(namespace) || this.hints.namespaces.length >= MAX_HINTS)
      return;
    this.hints.namespaces.push(namespace);
    const added: Promise<void>[] = [];
    for (const [topic, feed] of this.feeds) {
      if (feed.namespaces === 'all' || feed.namespaces.includes(namespace)) continue;
      for (const ref of TOPIC_RESOURCES[topic]) {
        if (!ref.namespaced) continue;
        const allowed =
          (await this.access.allowed('list', ref, namespace)) &&
          (await this.access.allowed('watch', ref, namespace));
        // Another hint may have rescoped the feed while the reviews ran.
        const current = feed.namespaces as 'all' | string[];
        if (!allowed || current === 'all' || current.includes(namespace)) continue;
        feed.namespaces = [...current, namespace];
        const start = this.startInformer(topic, feed, ref, namespace);
        feed.ready = Promise.all([feed.ready, start]).then(() => undefined);
        added.push(start);
      }
    }
    await Promise.all(added);
  }

  /** Cluster-wide when the user may list and watch it so; else the hinted namespaces they may. */
  private async scopeFor(ref: ResourceRef): Promise<'all' | string[]> {
    const clusterWide =
      (await this.access.allowed('list', ref)) && (await this.access.allowed('watch', ref));
    if (clusterWide || !ref.namespaced) return clusterWide ? 'all' : [];
    const candidates = new Set(this.hints.namespaces);
    if (await this.access.allowed('list', RESOURCES.namespaces)) {
      const list = await this.client.listAll(RESOURCES.namespaces);
      for (const ns of list.items) if (ns.metadata.name) candidates.add(ns.metadata.name);
    }
    const allowed: string[] = [];
    for (const ns of [...candidates].sort()) {
      if (
        (await this.access.allowed('list', ref, ns)) &&
        (await this.access.allowed('watch', ref, ns))
      )
        allowed.push(ns);
    }
    return allowed;
  }
}
