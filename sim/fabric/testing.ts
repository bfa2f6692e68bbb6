import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, RESOURCES } from '../../lib/kube';
import type { KubeObject, NetworkAttachmentDefinition } from '../../lib/model';
import type { Cluster } from '../cluster';
import { resolveSettings } from './config';
import type { FabricNode } from './fabric';
import { bootedHardware, kernelPaths } from './hardware';
import { SimKernel } from './kernel';

/** Helpers for the fabric's tests: a lone node kernel, the `ip` stand-in, waiting, fixtures. */

export const STANDIN = fileURLToPath(new URL('./ip-standin.mjs', import.meta.url));

/** Polls until `check` returns something other than undefined/false; fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) {
      throw new Error(
        `timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface IpRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs an `ip` executable (the stand-in or a node's wrapper) as a child process. */
export function runIp(command: string, args: string[]): Promise<IpRun> {
  return new Promise((resolve) => {
    execFile(command, args, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** One simulated node's kernel on its own, in a temporary folder (no cluster needed). */
export async function startLoneKernel(): Promise<{
  kernel: SimKernel;
  root: string;
  ip: (...args: string[]) => Promise<IpRun>;
  stop: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'ibnet-kernel-'));
  const node = resolveSettings({ nodes: 1 }).nodes[0];
  if (!node) throw new Error('no node');
  const root = join(dir, 'sys');
  const kernel = new SimKernel(bootedHardware(node), dir, root, true);
  await kernel.start(false);
  const state = kernelPaths(dir).kernel;
  return {
    kernel,
    root,
    ip: (...args) =>
      runIp(process.execPath, [STANDIN, '--sysfs-root', root, '--state', state, ...args]),
    stop: async () => {
      await kernel.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The virtfn links a PF has, sorted by VF index. */
export async function virtfns(root: string, pf: string): Promise<string[]> {
  const names = await readdir(join(root, 'bus/pci/devices', pf));
  return names
    .filter((n) => /^virtfn\d+$/.test(n))
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
}

export async function readText(path: string): Promise<string> {
  return (await readFile(path, 'utf8')).trim();
}

/** An admin client over HTTPS, as kubectl and the console use the cluster. */
export async function adminClient(cluster: Cluster): Promise<KubeClient> {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  return KubeClient.fromKubeConfig(kc, 'fabric-test');
}

/**
 * Plays the node configurator on a node: VFs with GUIDs on the PFs, and the node state whose
 * vfGroups the device plugin reads.
 */
export async function configureNode(
  client: KubeClient,
  node: FabricNode,
  pfs: { pci: string; numVfs: number; resource: string; zeroGuid?: number[] }[],
): Promise<void> {
  for (const pf of pfs) {
    // The PF's own GUID, locally administered, with the VF number in the last byte.
    const base = node.kernel.hw.pfs.find((p) => p.config.pciAddress === pf.pci)?.config.guid;
    const bytes = (base ?? '00:00:00:00:00:00:00:00').split(':').slice(1, 7);
    const guids = Array.from({ length: pf.numVfs }, (_, i) => ({
      guid: ['02', ...bytes, (i + 1).toString(16).padStart(2, '0')].join(':'),
      applied: !(pf.zeroGuid ?? []).includes(i),
    }));
    await node.kernel.provision(pf.pci, guids);
  }
  const state = {
    apiVersion: 'sriovnetwork.openshift.io/v1',
    kind: 'SriovNetworkNodeState',
    metadata: { name: node.name, namespace: 'openshift-sriov-network-operator' },
    spec: {
      interfaces: pfs.map((pf) => ({
        pciAddress: pf.pci,
        numVfs: pf.numVfs,
        vfGroups: [
          {
            resourceName: pf.resource,
            deviceType: 'netdevice',
            vfRange: `0-${pf.numVfs - 1}`,
            isRdma: true,
          },
        ],
      })),
    },
  };
  await client.create(RESOURCES.sriovnetworknodestates, state as KubeObject);
}

/** A NAD as the operator renders an ib-sriov network (or another plugin type). */
export function nad(
  namespace: string,
  name: string,
  plugin: Record<string, unknown>,
  resource?: string,
): NetworkAttachmentDefinition {
  return {
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: {
      name,
      namespace,
      ...(resource ? { annotations: { 'k8s.v1.cni.cncf.io/resourceName': resource } } : {}),
    },
    spec: { config: JSON.stringify({ cniVersion: '1.0.0', name, ...plugin }) },
  };
}

/** A pod asking for networks (and, when given, device resources in its own requests). */
export function pod(
  namespace: string,
  name: string,
  networks?: string,
  opts: { resources?: Record<string, number>; node?: string } = {},
): KubeObject {
  const res = Object.fromEntries(
    Object.entries(opts.resources ?? {}).map(([k, v]) => [k, String(v)]),
  );
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      ...(networks !== undefined
        ? { annotations: { 'k8s.v1.cni.cncf.io/networks': networks } }
        : {}),
    },
    spec: {
      ...(opts.node ? { nodeSelector: { 'kubernetes.io/hostname': opts.node } } : {}),
      containers: [
        { name: 'main', image: 'example/app:1', resources: { requests: res, limits: res } },
      ],
    },
  } as KubeObject;
}

export interface PodView extends KubeObject {
  spec: { nodeName?: string };
  status: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: { state: Record<string, { reason?: string }> }[];
  };
}

/** Waits until the pod is Running and returns it. */
export function waitRunning(client: KubeClient, namespace: string, name: string): Promise<PodView> {
  return waitFor(`pod ${namespace}/${name} to run`, async () => {
    const p = await client.get<PodView>(RESOURCES.pods, name, namespace);
    return p.status.phase === 'Running' ? p : undefined;
  });
}

/** The pod's network-status entries (Multus' annotation), parsed. */
export function networkStatus(p: KubeObject): Record<string, unknown>[] {
  const text = p.metadata.annotations?.['k8s.v1.cni.cncf.io/network-status'];
  return text ? (JSON.parse(text) as Record<string, unknown>[]) : [];
}

export interface EventView extends KubeObject {
  reason: string;
  message: string;
  type: string;
  count: number;
  source: { component: string; host?: string };
  involvedObject: { name: string };
}

/** Waits for an event about the pod with this reason, and returns it. */
export function waitEvent(
  client: KubeClient,
  namespace: string,
  podName: string,
  reason: string,
): Promise<EventView> {
  return waitFor(`a ${reason} event for ${namespace}/${podName}`, async () => {
    const list = await client.list<EventView>(RESOURCES.events, { namespace });
    return list.items.find((e) => e.involvedObject.name === podName && e.reason === reason);
  });
}
