import { type KubeClient, RESOURCES } from '../../lib/kube';
import {
  type Condition,
  type InterfaceExt,
  SRIOV_API_VERSION,
  type SriovNetworkNodeState,
  type VirtualFunction,
} from '../../lib/model';
import type { DesiredInterface } from '../../lib/policy';
import type { SysfsPf } from './sysfs';

/**
 * PFs whose VF count ibnet has set on this node, comma-separated PCI addresses. Only these are
 * put back to 0 VFs when no policy selects them any more: VFs someone else made are left alone.
 */
export const CONFIGURED_PFS_ANNOTATION = 'ibnet.io/configured-pfs';

export type SpecInterface = NonNullable<
  NonNullable<SriovNetworkNodeState['spec']>['interfaces']
>[number];
export type NodeStateStatus = NonNullable<SriovNetworkNodeState['status']>;

/** Drops undefined fields so that what is compared is what the API server stores. */
function clean<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/** A desired interface as `spec.interfaces[]`, the way the operator writes it. */
export function specInterface(want: DesiredInterface): SpecInterface {
  return clean({
    pciAddress: want.pciAddress,
    numVfs: want.numVfs,
    mtu: want.mtu,
    name: want.name,
    linkType: want.linkType,
    externallyManaged: want.externallyManaged || undefined,
    vfGroups: want.vfGroups.map((g) =>
      clean({
        resourceName: g.resourceName,
        deviceType: g.deviceType,
        vfRange: g.vfRange,
        policyName: g.policyName,
        mtu: g.mtu,
        isRdma: g.isRdma,
      }),
    ),
  });
}

function statusVf(vf: SysfsPf['vfs'][number]): VirtualFunction {
  return clean({
    name: vf.netdev,
    mac: vf.mac,
    driver: vf.driver,
    pciAddress: vf.pciAddress,
    vendor: vf.vendor,
    deviceID: vf.deviceID,
    mtu: vf.mtu,
    vfID: vf.index,
    guid: vf.guid,
  });
}

/** A PF as `status.interfaces[]`, with the upstream field names (`totalvfs`, `Vfs`). */
export function statusInterface(pf: SysfsPf, externallyManaged = false): InterfaceExt {
  return clean({
    name: pf.netdev,
    mac: pf.mac,
    driver: pf.driver,
    pciAddress: pf.pciAddress,
    vendor: pf.vendor,
    deviceID: pf.deviceID,
    mtu: pf.mtu,
    numVfs: pf.numVfs,
    linkSpeed: pf.linkSpeed,
    linkType: pf.linkType,
    externallyManaged: externallyManaged || undefined,
    totalvfs: pf.totalVfs,
    Vfs: pf.vfs.length > 0 ? pf.vfs.map(statusVf) : undefined,
  });
}

/** Key-order-independent equality of JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function configuredPfsOf(state: SriovNetworkNodeState | undefined): Set<string> {
  const text = state?.metadata.annotations?.[CONFIGURED_PFS_ANNOTATION] ?? '';
  return new Set(text.split(',').filter(Boolean));
}

/** API access for one node's SriovNetworkNodeState; every method writes only on a difference. */
export class NodeStateWriter {
  constructor(
    private readonly client: KubeClient,
    readonly name: string,
    readonly namespace: string,
    private readonly fieldManager: string,
    /** The Node's uid, to make the Node the state's owner on creation. */
    private readonly ownerUid: () => string | undefined = () => undefined,
  ) {}

  /**
   * Creates the state, or patches `spec.interfaces` and the configured-PFs annotation when they
   * differ from `current`. Returns the object as stored, or `current` when nothing was written.
   */
  async ensureSpec(
    current: SriovNetworkNodeState | undefined,
    interfaces: SpecInterface[],
    configuredPfs: Set<string>,
  ): Promise<SriovNetworkNodeState> {
    const annotation = [...configuredPfs].sort().join(',');
    if (!current) {
      const uid = this.ownerUid();
      return this.client.create<SriovNetworkNodeState>(
        RESOURCES.sriovnetworknodestates,
        {
          apiVersion: SRIOV_API_VERSION,
          kind: 'SriovNetworkNodeState',
          metadata: {
            name: this.name,
            namespace: this.namespace,
            labels: { 'app.kubernetes.io/managed-by': 'ibnet' },
            annotations: annotation ? { [CONFIGURED_PFS_ANNOTATION]: annotation } : undefined,
            // The Node owns its state: when the node is deleted, so is the state.
            ownerReferences: uid
              ? [{ apiVersion: 'v1', kind: 'Node', name: this.name, uid }]
              : undefined,
          },
          spec: { interfaces },
        },
        { fieldManager: this.fieldManager },
      );
    }
    const currentAnnotation = current.metadata.annotations?.[CONFIGURED_PFS_ANNOTATION] ?? '';
    const sameSpec = sameJson(current.spec?.interfaces ?? [], interfaces);
    if (sameSpec && currentAnnotation === annotation) return current;
    return this.client.patch<SriovNetworkNodeState>(
      RESOURCES.sriovnetworknodestates,
      this.name,
      this.namespace,
      {
        metadata: { annotations: { [CONFIGURED_PFS_ANNOTATION]: annotation || null } },
        spec: { interfaces },
      },
      'merge',
      { fieldManager: this.fieldManager },
    );
  }

  /** Writes the whole status through `/status` when it differs from `current`'s. */
  async writeStatus(
    current: SriovNetworkNodeState,
    status: NodeStateStatus,
  ): Promise<SriovNetworkNodeState> {
    const was = current.status ?? {};
    const fields = ['interfaces', 'syncStatus', 'lastSyncError', 'conditions'] as const;
    if (fields.every((f) => sameJson(was[f], status[f]))) return current;
    return this.client.patch<SriovNetworkNodeState>(
      RESOURCES.sriovnetworknodestates,
      this.name,
      this.namespace,
      { status },
      'merge',
      { fieldManager: this.fieldManager, subresource: 'status' },
    );
  }
}

export function conditionOf(
  state: SriovNetworkNodeState | undefined,
  type: string,
): Condition | undefined {
  return state?.status?.conditions?.find((c) => c.type === type);
}
