import type { NetworkAttachmentDefinition, NetworkStatus } from '../../lib/model';
import { NETWORK_STATUS_ANNOTATION } from '../../lib/model';
import type { Store } from '../apiserver/store';
import { pluginAdd, pluginDel, type PluginCall } from './cni';
import { kubeNow, type EventRecorder } from './events';
import { CniError, type IpamPlugins } from './ipam';
import type { KubeletNode } from './kubelet';
import {
  defaultEntry,
  delegateError,
  MultusError,
  podRequests,
  resolveDelegates,
  runtimeConfig,
  statusEntry,
  type Delegate,
} from './multus';
import type { ObjectCache } from './object-cache';
import type { PodRecord } from './pod-records';
import { containerCreatingStatus, runningStatus, type PodObject } from './pod-status';

/** Kubelet's sandbox setup with Multus as the CNI: attaching and detaching a pod's networks. */
export class Sandboxes {
  constructor(
    private readonly store: Store,
    private readonly nads: ObjectCache<NetworkAttachmentDefinition>,
    private readonly nodes: Map<string, KubeletNode>,
    private readonly ipam: IpamPlugins,
    private readonly events: EventRecorder,
  ) {}

  ipamRequest(rec: PodRecord, ifname: string, network: string, ips?: string[]) {
    return {
      node: rec.node,
      podref: `${rec.namespace}/${rec.name}`,
      containerId: rec.sandboxId,
      ifname,
      network,
      ...(ips ? { ips } : {}),
    };
  }

  private callFor(rec: PodRecord, node: KubeletNode, d: Delegate, deviceID?: string): PluginCall {
    const runtime = runtimeConfig(d);
    return {
      ipam: this.ipamRequest(rec, d.ifname, d.cniName, runtime.ips),
      kernel: node.kernel,
      ...(deviceID ? { deviceID } : {}),
      runtime,
    };
  }

  /**
   * Creates the sandbox: the default network, then each delegate's CNI ADD in order. On success
   * writes network-status, the Running status and the AddedInterface events; on failure undoes
   * what was added, shows ContainerCreating with the events kubelet and Multus record, and
   * returns false.
   */
  async run(pod: PodObject, rec: PodRecord, node: KubeletNode, bind: string | undefined) {
    const now = kubeNow();
    rec.startTime ??= now;
    rec.podIP ??= node.book.allocatePodIP(rec.uid);
    const done: { d: Delegate; call: PluginCall; result: Awaited<ReturnType<typeof pluginAdd>> }[] =
      [];
    try {
      const delegates = resolveDelegates(pod, podRequests(pod), (ns, n) => this.nads.get(ns, n));
      const handed = new Map<string, number>();
      for (const d of delegates) {
        const i = d.resource ? (handed.get(d.resource) ?? 0) : 0;
        if (d.resource) handed.set(d.resource, i + 1);
        const deviceID = d.resource ? rec.devices?.[d.resource]?.[i] : undefined;
        const call = this.callFor(rec, node, d, deviceID);
        try {
          done.push({ d, call, result: await pluginAdd(this.ipam, d.conf, call) });
        } catch (err) {
          if (err instanceof CniError) throw delegateError(pod, d, err.message);
          throw err;
        }
      }
    } catch (err) {
      if (!(err instanceof MultusError)) throw err;
      for (const { d, call, result } of done.reverse())
        await pluginDel(this.ipam, d.conf, call, result);
      await this.failed(pod, rec, node, err, bind);
      return false;
    }

    const statuses: NetworkStatus[] = [
      defaultEntry(rec.podIP),
      ...done.map(({ d, result }) => statusEntry(d, result)),
    ];
    rec.attachments = done.map(({ d, call, result }) => ({
      network: d.network,
      ifname: d.ifname,
      cniName: d.cniName,
      conf: d.conf,
      ...(call.deviceID ? { deviceID: call.deviceID } : {}),
      ips: result.ips.map((a) => a.ip),
      ...(result.guidBefore ? { guidBefore: result.guidBefore } : {}),
    }));
    rec.phase = 'running';
    await node.records.save(rec);

    await this.store.patch(
      'pods',
      rec.name,
      {
        metadata: {
          annotations: { [NETWORK_STATUS_ANNOTATION]: JSON.stringify(statuses, null, 4) },
        },
        ...(bind ? { spec: { nodeName: bind } } : {}),
      },
      { namespace: rec.namespace, type: 'merge', fieldManager: 'multus' },
    );
    await this.store.patch(
      'pods',
      rec.name,
      { status: runningStatus(pod, node.node.internalIp, rec.podIP, rec.startTime, now) },
      { namespace: rec.namespace, type: 'merge', subresource: 'status', fieldManager: 'kubelet' },
    );
    const added = [
      {
        ifname: 'eth0',
        ips: [`${rec.podIP}/${node.book.podPrefixLength}`],
        from: 'ovn-kubernetes',
      },
      ...done.map(({ d, result }) => ({
        ifname: d.ifname,
        ips: result.ips.map((a) => a.address),
        from: d.network,
      })),
    ];
    for (const a of added) {
      await this.events.record(pod, {
        type: 'Normal',
        reason: 'AddedInterface',
        message: `Add ${a.ifname} [${a.ips.join(' ')}] from ${a.from}`,
        source: 'multus',
        host: node.node.name,
      });
    }
    return true;
  }

  private async failed(
    pod: PodObject,
    rec: PodRecord,
    node: KubeletNode,
    err: MultusError,
    bind: string | undefined,
  ): Promise<void> {
    const host = node.node.name;
    if (bind) await this.bind(pod, bind);
    if (
      bind !== undefined ||
      pod.status?.phase !== 'Pending' ||
      !pod.status.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'True')
    ) {
      await this.store.patch(
        'pods',
        rec.name,
        {
          status: containerCreatingStatus(
            pod,
            node.node.internalIp,
            rec.startTime ?? kubeNow(),
            kubeNow(),
          ),
        },
        { namespace: rec.namespace, type: 'merge', subresource: 'status', fieldManager: 'kubelet' },
      );
    }
    if (err.noNetworkFound) {
      await this.events.record(pod, {
        type: 'Warning',
        reason: 'NoNetworkFound',
        message: err.noNetworkFound,
        source: 'multus',
        host,
      });
    }
    await this.events.record(pod, {
      type: 'Warning',
      reason: 'FailedCreatePodSandBox',
      message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${rec.sandboxId}": plugin type="multus" name="multus-cni-network" failed (add): ${err.message}`,
      source: 'kubelet',
      host,
    });
  }

  /** Writes the scheduler's decision (what the pods/binding subresource does). */
  async bind(pod: PodObject, node: string): Promise<void> {
    await this.store.patch(
      'pods',
      pod.metadata.name ?? '',
      { spec: { nodeName: node } },
      { namespace: pod.metadata.namespace, type: 'merge', fieldManager: 'default-scheduler' },
    );
  }

  /** CNI DEL for every attachment, then the node's devices and addresses go back. */
  async release(rec: PodRecord): Promise<void> {
    const node = this.nodes.get(rec.node);
    for (const a of [...rec.attachments].reverse()) {
      const call: PluginCall = {
        ipam: this.ipamRequest(rec, a.ifname, a.cniName),
        kernel: node?.kernel,
        ...(a.deviceID ? { deviceID: a.deviceID } : {}),
        runtime: {},
      };
      await pluginDel(this.ipam, a.conf, call, a).catch(() => undefined);
    }
    node?.book.release(rec.uid);
    await node?.records.remove(rec.uid);
    this.events.forget(rec.uid);
  }
}
