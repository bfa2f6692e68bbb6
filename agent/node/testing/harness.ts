import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, lstat, readFile, readdir, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, RESOURCES, sleep } from '../../../lib/kube';
import {
  DEFAULT_OPERATOR_NAMESPACE,
  SRIOV_API_VERSION,
  type SriovNetworkNodePolicy,
  type SriovNetworkNodeState,
} from '../../../lib/model';
import { type NodeAgentOptions, type RunningNodeAgent, startNodeAgent } from '../agent';

/**
 * Helpers for the node configurator's integration tests. They meet a node only as the agent
 * does: through its sysfs root, its `ip` command and the API server.
 */

export const NS = DEFAULT_OPERATOR_NAMESPACE;
const BIN = fileURLToPath(new URL('../../../cli/bin/ibnet.js', import.meta.url));

export async function adminClient(kubeconfig: string): Promise<KubeClient> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return KubeClient.fromKubeConfig(kc, 'ibnet-test');
}

/** A policy for InfiniBand VFs selecting every SR-IOV capable node. */
export function ibPolicy(
  name: string,
  spec: Partial<SriovNetworkNodePolicy['spec']> & { numVfs: number },
): SriovNetworkNodePolicy {
  return {
    apiVersion: SRIOV_API_VERSION,
    kind: 'SriovNetworkNodePolicy',
    metadata: { name, namespace: NS },
    spec: {
      resourceName: name.replaceAll('-', '_'),
      nodeSelector: { 'feature.node.kubernetes.io/network-sriov.capable': 'true' },
      nicSelector: { vendor: '15b3' },
      linkType: 'ib',
      ...spec,
    },
  };
}

export async function applyPolicy(client: KubeClient, policy: SriovNetworkNodePolicy) {
  const ref = RESOURCES.sriovnetworknodepolicies;
  try {
    const live = await client.get<SriovNetworkNodePolicy>(ref, policy.metadata.name ?? '', NS);
    return await client.replace(ref, { ...policy, metadata: live.metadata });
  } catch {
    return client.create(ref, policy);
  }
}

export async function deletePolicy(client: KubeClient, name: string): Promise<void> {
  await client.delete(RESOURCES.sriovnetworknodepolicies, name, NS);
}

export function getState(client: KubeClient, node: string): Promise<SriovNetworkNodeState> {
  return client.get<SriovNetworkNodeState>(RESOURCES.sriovnetworknodestates, node, NS);
}

/** Polls the node state until `check` accepts it; fails with the last status seen. */
export async function waitForState(
  client: KubeClient,
  node: string,
  what: string,
  check: (s: SriovNetworkNodeState) => boolean,
  timeoutMs = 60_000,
): Promise<SriovNetworkNodeState> {
  const end = Date.now() + timeoutMs;
  let last: SriovNetworkNodeState | undefined;
  for (;;) {
    last = await getState(client, node).catch(() => undefined);
    if (last && check(last)) return last;
    if (Date.now() > end) {
      throw new Error(
        `timed out waiting for ${node}: ${what}; last status: ${JSON.stringify(last?.status ?? null).slice(0, 1500)}`,
      );
    }
    await sleep(100);
  }
}

/** The settled outcome of a sync: Succeeded or Failed, not InProgress. */
export const settled = (s: SriovNetworkNodeState) =>
  s.status?.syncStatus === 'Succeeded' || s.status?.syncStatus === 'Failed';

export function pfStatus(state: SriovNetworkNodeState, pci: string) {
  return state.status?.interfaces?.find((i) => i.pciAddress === pci);
}

/** VF GUIDs of a PF by VF index. */
export function guidsOf(state: SriovNetworkNodeState, pci: string): Record<number, string> {
  return Object.fromEntries(
    (pfStatus(state, pci)?.Vfs ?? []).map((vf) => [vf.vfID, vf.guid ?? 'none']),
  );
}

/** An `ip` that appends each call to a log, then runs the node's real one. */
export async function loggedIp(
  dir: string,
  realIp: string,
): Promise<{ command: string; calls(): Promise<string[]> }> {
  const log = join(dir, 'ip-calls.log');
  const command = join(dir, 'ip-logged');
  await writeFile(log, '');
  await writeFile(command, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realIp}' "$@"\n`);
  await chmod(command, 0o755);
  return {
    command,
    calls: async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean),
  };
}

/**
 * Everything a sysfs tree shows: each path with its link target or its content and mtime. The
 * driver FIFOs are listed by name only (reading them would take the kernel's input).
 */
export async function snapshotTree(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const st = await lstat(path);
      const rel = path.slice(root.length);
      if (st.isSymbolicLink()) out.push(`${rel} -> ${await readlink(path)}`);
      else if (st.isDirectory()) await walk(path);
      else if (st.isFIFO()) out.push(`${rel} (fifo)`);
      else out.push(`${rel} = ${(await readFile(path, 'utf8')).trim()} @${st.mtimeMs}`);
    }
  };
  await walk(root);
  return out;
}

/** Starts an in-process agent for a fabric node with a logged `ip`. */
export async function startAgent(
  client: KubeClient,
  node: { name: string; sysfsRoot: string; ipCommand: string },
  extra: Partial<NodeAgentOptions> = {},
): Promise<RunningNodeAgent> {
  return startNodeAgent({
    client,
    nodeName: node.name,
    sysfsRoot: node.sysfsRoot,
    ipCommand: node.ipCommand,
    resyncSeconds: 0,
    retryBackoff: { initialMs: 200, maxMs: 2_000, factor: 2, jitter: 0.1 },
    ...extra,
  });
}

/** Resolves once the agent has finished a sync (successfully or not). */
export async function firstSync(agent: RunningNodeAgent, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (!agent.lastSync()) {
    if (Date.now() > end) throw new Error(`no sync finished within ${timeoutMs} ms`);
    await sleep(50);
  }
  return agent.lastSync();
}

/** `ibnet agent node` as a real process; resolves its exit code when stopped. */
export function spawnNodeAgent(args: string[]): {
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | NodeJS.Signals>;
} {
  const child = spawn(process.execPath, [BIN, 'agent', 'node', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    child,
    output: () => output,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
