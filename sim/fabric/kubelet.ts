import type { KubeObject, NetworkAttachmentDefinition } from '../../lib/model';
import { NETWORK_STATUS_ANNOTATION, RESOURCE_NAME_ANNOTATION } from '../../lib/model';
import type { Store } from '../apiserver/store';
import type { ResolvedNode } from './config';
import type { DevicePlugin } from './device-plugin';
import { EventRecorder, kubeNow } from './events';
import type { IpamPlugins } from './ipam';
import type { SimKernel } from './kernel';
import { podRequests } from './multus';
import type { CacheEvent, ObjectCache } from './object-cache';
import type { NodeBook, PodRecord, RecordStore } from './pod-records';
import { admissionFailedStatus, hexId, unschedulableStatus, type PodObject } from './pod-status';
import { Sandboxes } from './sandbox';
import { podDemand, schedule, type SchedulingNode } from './scheduler';

/** One simulated node as the pod machinery sees it. */
export interface KubeletNode {
  node: ResolvedNode;
  kernel?: SimKernel;
  book: NodeBook;
  records: RecordStore;
}

export interface PodMachineryDeps {
  store: Store;
  pods: ObjectCache<PodObject>;
  nads: ObjectCache<NetworkAttachmentDefinition>;
  nodeObjects: ObjectCache<KubeObject>;
  nodes: Map<string, KubeletNode>;
  devicePlugin: DevicePlugin;
  ipam: IpamPlugins;
}

type Work = { kind: 'pod'; key: string } | { kind: 'release'; record: PodRecord };

const MAX_BACKOFF_MS = 30_000;

/**
 * kube-scheduler, kubelet and Multus for the simulated nodes, in one ordered work loop so that
 * runs repeat: schedules pods by their device resources, admits them (allocating VFs), runs each
 * requested network's CNI ADD, writes network-status and the pod status, records the events users
 * know, retries failures with backoff, and runs DEL when a pod is deleted.
 */
export class PodMachinery {
  private readonly queue: Work[] = [];
  private readonly queued = new Set<string>();
  private readonly records = new Map<string, PodRecord>();
  /** Pods created with a network-status already on them: imported state, left alone. */
  private readonly foreign = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly backoff = new Map<string, number>();
  private readonly unschedulable = new Map<string, string>();
  private readonly events: EventRecorder;
  private readonly sandboxes: Sandboxes;
  private worker?: Promise<void>;
  private stopped = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly d: PodMachineryDeps) {
    this.events = new EventRecorder(d.store);
    this.sandboxes = new Sandboxes(d.store, d.nads, d.nodes, d.ipam, this.events);
  }

  /** Restores the records of pods that survived a restart, then starts reacting. */
  async start(): Promise<void> {
    for (const [, n] of this.d.nodes) {
      for (const rec of await n.records.load()) {
        const pod = this.d.pods.list().find((p) => p.metadata.uid === rec.uid);
        if (!pod) {
          this.enqueue({ kind: 'release', record: rec });
          continue;
        }
        this.records.set(rec.uid, rec);
        n.book.holdDevices(rec.uid, rec.devices);
        if (rec.podIP) n.book.holdPodIP(rec.uid, rec.podIP);
        for (const a of rec.attachments) {
          this.d.ipam.restore(
            a.conf.ipam,
            this.sandboxes.ipamRequest(rec, a.ifname, a.cniName),
            a.ips,
          );
        }
      }
    }
    this.unsubscribe.push(
      this.d.pods.on((e) => this.onPod(e)),
      this.d.nads.on(() => this.requeuePending()),
      this.d.nodeObjects.on(() => this.requeueUnschedulable()),
      this.d.devicePlugin.onChange(() => this.requeueUnschedulable()),
    );
    for (const pod of this.d.pods.list()) this.enqueue({ kind: 'pod', key: keyOf(pod) });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribe) u();
    for (const t of this.timers.values()) clearTimeout(t);
    await this.worker;
  }

  /** Resolves when no work is queued or running (retries waiting on a timer do not count). */
  async settle(): Promise<void> {
    while (this.worker) await this.worker;
  }

  /** The pod holding a VF on a node (`namespace/name`), if any. */
  holderOf(node: string, pci: string): string | undefined {
    const uid = this.d.nodes.get(node)?.book.holderOf(pci);
    const rec = uid ? this.records.get(uid) : undefined;
    return rec ? `${rec.namespace}/${rec.name}` : undefined;
  }

  private onPod(e: CacheEvent<PodObject>): void {
    const uid = e.object.metadata.uid ?? '';
    const key = keyOf(e.object);
    if (e.type === 'DELETED') {
      this.cancelRetry(key);
      this.backoff.delete(key);
      this.unschedulable.delete(key);
      this.foreign.delete(uid);
      const rec = this.records.get(uid);
      if (rec) this.enqueue({ kind: 'release', record: rec });
      return;
    }
    // A pod waiting to be retried changed because of our own status write: the timer decides.
    if (e.type === 'MODIFIED' && this.timers.has(key)) return;
    this.enqueue({ kind: 'pod', key });
  }

  private requeuePending(): void {
    for (const pod of this.d.pods.list()) {
      const rec = this.records.get(pod.metadata.uid ?? '');
      if (rec?.phase === 'running' || rec?.phase === 'failed') continue;
      this.cancelRetry(keyOf(pod));
      this.enqueue({ kind: 'pod', key: keyOf(pod) });
    }
  }

  private requeueUnschedulable(): void {
    for (const key of this.unschedulable.keys()) {
      this.cancelRetry(key);
      this.enqueue({ kind: 'pod', key });
    }
  }

  private enqueue(work: Work): void {
    if (this.stopped) return;
    if (work.kind === 'pod') {
      if (this.queued.has(work.key)) return;
      this.queued.add(work.key);
    }
    this.queue.push(work);
    this.worker ??= this.drain().finally(() => (this.worker = undefined));
  }

  private async drain(): Promise<void> {
    // Let a burst of watch events queue up first, so pods are handled in creation order.
    await new Promise((r) => setImmediate(r));
    for (let work = this.queue.shift(); work; work = this.queue.shift()) {
      if (this.stopped) return;
      if (work.kind === 'pod') {
        this.queued.delete(work.key);
        // A retry is already scheduled (this came from our own write): its timer decides.
        if (this.timers.has(work.key)) continue;
      }
      try {
        if (work.kind === 'release') await this.release(work.record);
        else await this.handle(work.key);
      } catch {
        // A write refused by the API server (pod gone, namespace terminating): try again later.
        if (work.kind === 'pod') this.retryLater(work.key);
      }
    }
  }

  /** Tries the pod again after a doubling delay (1 s up to 30 s), as kubelet and the scheduler back off. */
  private retryLater(key: string): void {
    if (this.stopped) return;
    const delay = Math.min((this.backoff.get(key) ?? 500) * 2, MAX_BACKOFF_MS);
    this.backoff.set(key, delay);
    this.cancelRetry(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.enqueue({ kind: 'pod', key });
    }, delay);
    timer.unref();
    this.timers.set(key, timer);
  }

  private cancelRetry(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  private async handle(key: string): Promise<void> {
    const [namespace = '', name = ''] = key.split('/');
    const pod = this.d.pods.get(namespace, name);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const uid = pod.metadata.uid ?? '';
    const rec = this.records.get(uid);
    if (rec?.phase === 'running' || rec?.phase === 'failed' || this.foreign.has(uid)) return;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    if (!rec && pod.metadata.annotations?.[NETWORK_STATUS_ANNOTATION] !== undefined) {
      this.foreign.add(uid);
      return;
    }

    let nodeName = pod.spec?.nodeName;
    let scheduledNow = false;
    if (!nodeName) {
      const scheduler = pod.spec?.schedulerName;
      if (scheduler && scheduler !== 'default-scheduler') return;
      const demand = this.demandOf(pod);
      const result = schedule(pod, this.schedulingNodes(), demand);
      if ('message' in result) return this.unschedulableNow(pod, key, result.message);
      this.unschedulable.delete(key);
      nodeName = result.node;
      scheduledNow = true;
      await this.events.record(pod, {
        type: 'Normal',
        reason: 'Scheduled',
        message: `Successfully assigned ${key} to ${nodeName}`,
        source: 'default-scheduler',
      });
      this.records.set(uid, this.newRecord(pod, nodeName, demand));
    }
    // The binding is written with the pod's first status update, or alone when no kubelet here
    // will write one (a Node object without a simulated node behind it).
    const bind = scheduledNow ? nodeName : undefined;
    const node = this.d.nodes.get(nodeName);
    if (!node) {
      if (bind) await this.sandboxes.bind(pod, bind);
      return;
    }
    const record = this.records.get(uid) ?? this.newRecord(pod, nodeName, this.demandOf(pod));
    this.records.set(uid, record);
    if (!(await this.admit(pod, record, node, bind))) return;
    if (await this.sandboxes.run(pod, record, node, bind)) {
      this.cancelRetry(key);
      this.backoff.delete(key);
    } else {
      this.retryLater(key);
    }
  }

  private newRecord(pod: PodObject, node: string, demand: Record<string, number>): PodRecord {
    const uid = pod.metadata.uid ?? '';
    return {
      uid,
      namespace: pod.metadata.namespace ?? '',
      name: pod.metadata.name ?? '',
      node,
      demand,
      sandboxId: hexId(uid, 'sandbox'),
      phase: 'pending',
      attachments: [],
    };
  }

  /** Device resources per network-resources-injector: one per requested NAD with a resource. */
  private demandOf(pod: PodObject): Record<string, number> {
    const injected: Record<string, number> = {};
    let requests: ReturnType<typeof podRequests>;
    try {
      requests = podRequests(pod);
    } catch {
      requests = [];
    }
    for (const r of requests) {
      const nad = this.d.nads.get(r.namespace || pod.metadata.namespace || '', r.name);
      const resource = nad?.metadata.annotations?.[RESOURCE_NAME_ANNOTATION];
      if (resource) injected[resource] = (injected[resource] ?? 0) + 1;
    }
    return podDemand(pod, injected);
  }

  private schedulingNodes(): SchedulingNode[] {
    const used = new Map<string, Record<string, number>>();
    const pods = new Map<string, number>();
    for (const rec of this.records.values()) {
      if (rec.phase === 'failed') continue;
      const u = used.get(rec.node) ?? {};
      for (const [r, n] of Object.entries(rec.demand)) u[r] = (u[r] ?? 0) + n;
      used.set(rec.node, u);
      pods.set(rec.node, (pods.get(rec.node) ?? 0) + 1);
    }
    return this.d.nodeObjects.list().map((obj) => {
      const name = obj.metadata.name ?? '';
      const spec = (
        obj as { spec?: { taints?: SchedulingNode['taints']; unschedulable?: boolean } }
      ).spec;
      const taints = [...(spec?.taints ?? [])];
      if (spec?.unschedulable)
        taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
      return {
        name,
        labels: obj.metadata.labels ?? {},
        taints,
        allocatable: this.d.devicePlugin.resources(name),
        used: used.get(name) ?? {},
        pods: pods.get(name) ?? 0,
      };
    });
  }

  private async unschedulableNow(pod: PodObject, key: string, message: string): Promise<void> {
    const { namespace = '', name = '' } = pod.metadata;
    this.retryLater(key);
    if (this.unschedulable.get(key) !== message) {
      await this.d.store.patch(
        'pods',
        name,
        { status: unschedulableStatus(pod, message, kubeNow()) },
        { namespace, type: 'merge', subresource: 'status', fieldManager: 'default-scheduler' },
      );
    }
    this.unschedulable.set(key, message);
    await this.events.record(pod, {
      type: 'Warning',
      reason: 'FailedScheduling',
      message,
      source: 'default-scheduler',
    });
  }

  /** Kubelet admission: the pod's devices, or a Failed pod when the node does not have them. */
  private async admit(
    pod: PodObject,
    rec: PodRecord,
    node: KubeletNode,
    bind: string | undefined,
  ): Promise<boolean> {
    if (rec.devices) return true;
    const result = node.book.allocateDevices(rec.uid, rec.demand, (r) =>
      this.d.devicePlugin.pool(node.node.name, r),
    );
    if ('devices' in result) {
      rec.devices = result.devices;
      return true;
    }
    rec.phase = 'failed';
    if (bind) await this.sandboxes.bind(pod, bind);
    const now = kubeNow();
    await this.d.store.patch(
      'pods',
      rec.name,
      { status: admissionFailedStatus(pod, result.message, now) },
      { namespace: rec.namespace, type: 'merge', subresource: 'status', fieldManager: 'kubelet' },
    );
    await this.events.record(pod, {
      type: 'Warning',
      reason: 'UnexpectedAdmissionError',
      message: result.message,
      source: 'kubelet',
      host: node.node.name,
    });
    return false;
  }

  /** CNI DEL and the node's bookkeeping for a pod that is gone. */
  private async release(rec: PodRecord): Promise<void> {
    await this.sandboxes.release(rec);
    this.records.delete(rec.uid);
    // Freed VFs and addresses may be what a waiting pod needs.
    this.requeuePending();
  }
}

function keyOf(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}
