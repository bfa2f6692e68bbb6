import { clone, getPath, isPlainObject, type KubeObject, nowTimestamp } from './object';
import {
  ALL_VERBS,
  grKey,
  type JsonSchema,
  type PrinterColumnDef,
  type ResourceType,
  type Subresource,
} from './resources';
import type { Store } from './store';
import type { Slot, StoreEvent } from './store-types';
import type { WorkQueue } from './work-queue';
import { deleteObject } from './deletion';
import { CRD_CLEANUP, CRD_KEY, updateObject } from './writes';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: JsonSchema };
  subresources?: { status?: unknown; scale?: unknown };
  additionalPrinterColumns?: PrinterColumnDef[];
}

interface CrdSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: {
    kind: string;
    listKind?: string;
    plural: string;
    singular?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions: CrdVersion[];
}

/** The resource types a CustomResourceDefinition serves, one per served version. */
export function typesFromCrd(crd: KubeObject): ResourceType[] {
  const spec = crd.spec as CrdSpec;
  const storage = spec.versions.find((v) => v.storage)?.name ?? spec.versions[0]?.name ?? 'v1';
  return spec.versions
    .filter((v) => v.served !== false)
    .map((v) => {
      const subresources: Subresource[] = [];
      if (v.subresources?.status !== undefined) {
        subresources.push({ name: 'status', verbs: ['get', 'patch', 'update'] });
      }
      return {
        group: spec.group,
        version: v.name,
        kind: spec.names.kind,
        listKind: spec.names.listKind ?? `${spec.names.kind}List`,
        plural: spec.names.plural,
        singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
        namespaced: spec.scope === 'Namespaced',
        shortNames: spec.names.shortNames ?? [],
        categories: spec.names.categories ?? [],
        verbs: ALL_VERBS,
        subresources,
        schema: v.schema?.openAPIV3Schema,
        printerColumns: v.additionalPrinterColumns,
        custom: true,
        storageVersion: storage,
      };
    });
}

/**
 * Serves custom resources as CRDs come and go: registers their types the moment a CRD is
 * committed (before the creating request answers), marks it Established, and on deletion removes
 * every custom resource before letting the CRD go.
 */
export class CrdController {
  private unsubscribe?: () => void;

  constructor(
    private readonly store: Store,
    private readonly queue: WorkQueue,
  ) {}

  start(): void {
    for (const slot of this.store.core.slots(CRD_KEY)) this.register(slot.current.obj);
    this.unsubscribe = this.store.core.onEvent((e) => this.observe(e));
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private register(crd: KubeObject): void {
    const spec = crd.spec as CrdSpec | undefined;
    if (!spec?.names?.plural || !spec.group) return;
    const types = typesFromCrd(crd);
    const existing = this.store.registry.versionsOf(
      grKey({ group: spec.group, plural: spec.names.plural }),
    );
    if (existing.some((t) => !types.some((n) => n.version === t.version))) {
      this.store.registry.remove(spec.group, spec.names.plural);
    }
    for (const t of types) this.store.registry.add(t);
  }

  private observe(e: StoreEvent): void {
    if (e.storageKey !== CRD_KEY) return;
    const crd = e.entry.obj;
    const spec = crd.spec as CrdSpec;
    if (e.type === 'DELETED') {
      this.store.registry.remove(spec.group, spec.names.plural);
      return;
    }
    this.register(crd);
    const slot = this.store.core.slot(CRD_KEY, '', crd.metadata.name ?? '');
    if (!slot) return;
    if (crd.metadata.deletionTimestamp) {
      this.queue.add(`crd-cleanup:${crd.metadata.name}`, () => this.cleanup(slot));
    } else if (!established(crd)) {
      this.queue.add(`crd-status:${crd.metadata.name}`, () => this.markEstablished(slot));
    }
  }

  private async markEstablished(slot: Slot): Promise<void> {
    const type = this.store.registry.storageType(CRD_KEY);
    if (!type || slot.current.obj.metadata.deletionTimestamp) return;
    const crd = clone(slot.current.obj);
    const spec = crd.spec as CrdSpec;
    const now = nowTimestamp();
    const condition = (t: string, reason: string, message: string) => ({
      type: t,
      status: 'True',
      lastTransitionTime: now,
      reason,
      message,
    });
    crd.status = {
      conditions: [
        condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
        condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
      ],
      acceptedNames: clone(spec.names),
      storedVersions: [spec.versions.find((v) => v.storage)?.name ?? ''],
    };
    updateObject(this.store.core, type, slot, crd, {
      fieldManager: 'kube-apiserver',
      dryRun: false,
      fieldValidation: 'Ignore',
      subresource: 'status',
    });
    await this.store.core.commit();
  }

  /** Deletes every custom resource of a deleted CRD, then its cleanup finalizer. */
  private async cleanup(slot: Slot): Promise<void> {
    const crd = slot.current.obj;
    const spec = crd.spec as CrdSpec;
    const key = grKey({ group: spec.group, plural: spec.names.plural });
    const type = this.store.registry.storageType(key);
    let remaining = 0;
    if (type) {
      for (const s of this.store.core.slots(key)) {
        remaining++;
        if (!s.current.obj.metadata.deletionTimestamp) {
          deleteObject(this.store.core, type, s.namespace, s.name, {
            propagationPolicy: 'Background',
          });
        }
      }
    }
    if (remaining === 0) {
      const crdType = this.store.registry.storageType(CRD_KEY);
      if (!crdType) return;
      const next = clone(crd);
      next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP);
      updateObject(this.store.core, crdType, slot, next, {
        fieldManager: 'kube-apiserver',
        dryRun: false,
        fieldValidation: 'Ignore',
      });
    } else {
      // Custom resources with finalizers of their own keep the CRD until they are gone.
      setTimeout(
        () => this.queue.add(`crd-cleanup:${crd.metadata.name}`, () => this.cleanup(slot)),
        200,
      ).unref();
    }
    await this.store.core.commit();
  }
}

function established(crd: KubeObject): boolean {
  const conditions = getPath(crd, ['status', 'conditions']);
  return (
    Array.isArray(conditions) &&
    conditions.some((c) => isPlainObject(c) && c.type === 'Established' && c.status === 'True')
  );
}
