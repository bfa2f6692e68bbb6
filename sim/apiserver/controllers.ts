import { clone, type KubeObject } from './object';
import type { ResourceType } from './resources';
import type { Store } from './store';
import type { Slot, StoreEvent } from './store-types';
import type { WorkQueue } from './work-queue';
import { deleteObject } from './deletion';
import { createObject, updateObject } from './writes';

/**
 * The kube-controller-manager parts the API server's behaviour depends on: the garbage collector
 * (ownerReferences, foreground and orphan deletion), the namespace controller (Terminating
 * namespaces empty themselves, then go), and the per-namespace defaults (the `default`
 * ServiceAccount and the `kube-root-ca.crt` ConfigMap).
 */
export class CoreControllers {
  private unsubscribe?: () => void;

  constructor(
    private readonly store: Store,
    private readonly queue: WorkQueue,
    private readonly caPem: string,
  ) {}

  start(): void {
    this.unsubscribe = this.store.core.onEvent((e) => this.observe(e));
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private get core() {
    return this.store.core;
  }

  private typeOf(storageKey: string): ResourceType | undefined {
    return this.store.registry.storageType(storageKey);
  }

  private observe(e: StoreEvent): void {
    const obj = e.entry.obj;
    const uid = obj.metadata.uid ?? '';

    if (e.type === 'DELETED') {
      for (const dep of this.core.dependents(uid))
        this.queue.add(`gc:${dep.current.obj.metadata.uid}`, () => this.collect(dep));
      for (const ref of obj.metadata.ownerReferences ?? []) {
        const owner = this.core.uidIndex.get(ref.uid);
        if (owner?.current.obj.metadata.finalizers?.includes('foregroundDeletion')) {
          this.queue.add(`fg:${ref.uid}`, () => this.foreground(owner));
        }
      }
      if (e.namespace) this.queueNamespace(e.namespace);
      return;
    }

    if (obj.metadata.deletionTimestamp) {
      const slot = this.core.uidIndex.get(uid);
      if (slot && obj.metadata.finalizers?.includes('orphan'))
        this.queue.add(`orphan:${uid}`, () => this.orphan(slot));
      if (slot && obj.metadata.finalizers?.includes('foregroundDeletion'))
        this.queue.add(`fg:${uid}`, () => this.foreground(slot));
    }
    if (e.storageKey === 'namespaces') {
      const name = obj.metadata.name ?? '';
      if (obj.metadata.deletionTimestamp) this.queueNamespace(name);
      else if (e.type === 'ADDED')
        this.queue.add(`ns-defaults:${name}`, () => this.namespaceDefaults(name));
    }
    if (e.type === 'ADDED' && (obj.metadata.ownerReferences?.length ?? 0) > 0) {
      const slot = this.core.uidIndex.get(uid);
      if (slot) this.queue.add(`gc:${uid}`, () => this.collect(slot));
    }
  }

  private ownerAlive(uid: string): boolean {
    return this.core.uidIndex.has(uid);
  }

  private write(slot: Slot, change: (obj: KubeObject) => void, manager: string): void {
    const type = this.typeOf(slot.storageKey);
    if (!type) return;
    const next = clone(slot.current.obj);
    change(next);
    updateObject(this.core, type, slot, next, {
      fieldManager: manager,
      dryRun: false,
      fieldValidation: 'Ignore',
    });
  }

  /** Deletes a dependent whose owners are all gone; drops references to dead owners otherwise. */
  private async collect(slot: Slot): Promise<void> {
    const current = this.core.slot(slot.storageKey, slot.namespace, slot.name);
    if (!current || current !== slot) return;
    const refs = current.current.obj.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const alive = refs.filter((r) => this.ownerAlive(r.uid));
    if (alive.length === 0) {
      const type = this.typeOf(slot.storageKey);
      if (!type || current.current.obj.metadata.deletionTimestamp) return;
      deleteObject(this.core, type, slot.namespace, slot.name, { propagationPolicy: 'Background' });
    } else if (alive.length < refs.length) {
      this.write(current, (o) => (o.metadata.ownerReferences = alive), 'generic-garbage-collector');
    }
    await this.core.commit();
  }

  /** Orphan policy: strip the owner from its dependents, then let the owner go. */
  private async orphan(owner: Slot): Promise<void> {
    const uid = owner.current.obj.metadata.uid ?? '';
    for (const dep of this.core.dependents(uid)) {
      this.write(
        dep,
        (o) => {
          o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter(
            (r) => r.uid !== uid,
          );
          if (o.metadata.ownerReferences.length === 0) delete o.metadata.ownerReferences;
        },
        'generic-garbage-collector',
      );
    }
    if (this.core.uidIndex.get(uid) === owner) {
      this.write(
        owner,
        (o) => {
          o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== 'orphan');
        },
        'generic-garbage-collector',
      );
    }
    await this.core.commit();
  }

  /** Foreground policy: delete the dependents first; the owner goes when none is left. */
  private async foreground(owner: Slot): Promise<void> {
    const uid = owner.current.obj.metadata.uid ?? '';
    if (this.core.uidIndex.get(uid) !== owner) return;
    const deps = this.core.dependents(uid);
    if (deps.length === 0) {
      this.write(
        owner,
        (o) => {
          o.metadata.finalizers = (o.metadata.finalizers ?? []).filter(
            (f) => f !== 'foregroundDeletion',
          );
        },
        'generic-garbage-collector',
      );
    } else {
      for (const dep of deps) {
        const type = this.typeOf(dep.storageKey);
        if (!type || dep.current.obj.metadata.deletionTimestamp) continue;
        deleteObject(this.core, type, dep.namespace, dep.name, { propagationPolicy: 'Foreground' });
      }
    }
    await this.core.commit();
  }

  private queueNamespace(namespace: string): void {
    const ns = this.core.slot('namespaces', '', namespace);
    if (ns?.current.obj.metadata.deletionTimestamp) {
      this.queue.add(`ns-finalize:${namespace}`, () => this.finalizeNamespace(namespace));
    }
  }

  /** Deletes everything in a Terminating namespace; when it is empty, removes the `kubernetes` finalizer. */
  private async finalizeNamespace(namespace: string): Promise<void> {
    const ns = this.core.slot('namespaces', '', namespace);
    if (!ns?.current.obj.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const storageKey of this.core.counts().keys()) {
      const type = this.typeOf(storageKey);
      if (!type?.namespaced) continue;
      for (const s of this.core.slots(storageKey, namespace)) {
        remaining++;
        if (!s.current.obj.metadata.deletionTimestamp) {
          deleteObject(this.core, type, namespace, s.name, { propagationPolicy: 'Background' });
        }
      }
    }
    if (remaining === 0) {
      this.write(
        ns,
        (o) => {
          const spec = (o.spec ?? {}) as { finalizers?: string[] };
          spec.finalizers = (spec.finalizers ?? []).filter((f) => f !== 'kubernetes');
          o.spec = spec;
        },
        'namespace-controller',
      );
    }
    await this.core.commit();
  }

  /** What kube's service account and root CA publisher put in every new namespace. */
  private async namespaceDefaults(namespace: string): Promise<void> {
    const ns = this.core.slot('namespaces', '', namespace);
    if (!ns || ns.current.obj.metadata.deletionTimestamp) return;
    const ctx = { dryRun: false, fieldValidation: 'Ignore' as const };
    const sa = this.typeOf('serviceaccounts');
    if (sa && !this.core.slot('serviceaccounts', namespace, 'default')) {
      this.storeCreate(
        sa,
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } },
        'kube-controller-manager',
        ctx,
      );
    }
    const cm = this.typeOf('configmaps');
    if (cm && !this.core.slot('configmaps', namespace, 'kube-root-ca.crt')) {
      this.storeCreate(
        cm,
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: 'kube-root-ca.crt',
            namespace,
            annotations: {
              'kubernetes.io/description':
                'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
            },
          },
          data: { 'ca.crt': this.caPem },
        },
        'kube-controller-manager',
        ctx,
      );
    }
    await this.core.commit();
  }

  private storeCreate(
    type: ResourceType,
    obj: KubeObject,
    manager: string,
    ctx: { dryRun: boolean; fieldValidation: 'Ignore' },
  ): void {
    createObject(this.core, type, obj, obj.metadata.namespace, { fieldManager: manager, ...ctx });
  }
}
