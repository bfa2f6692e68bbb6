import { createHash } from 'node:crypto';
import type { KubeObject } from '../../lib/model';
import type { ResolvedNode } from './config';

export const KUBELET_VERSION = 'v1.32.5';
export const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane';

/** Stable hex IDs per node (machine ID, boot ID): the same every run. */
function idOf(node: string, what: string, length = 32): string {
  return createHash('sha256').update(`${what}/${node}`).digest('hex').slice(0, length);
}

function uuidOf(node: string, what: string): string {
  const h = idOf(node, what);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The labels a worker with ConnectX cards carries after node-feature-discovery has run. */
export function nodeLabels(node: ResolvedNode): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': node.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': node.controlPlane ? 'sr630-v3' : 'sr675-v3',
    'node.openshift.io/os_id': 'rhcos',
  };
  if (node.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node-role.kubernetes.io/master'] = '';
  } else {
    labels['node-role.kubernetes.io/worker'] = '';
  }
  if (node.pfs.length > 0) {
    labels['feature.node.kubernetes.io/network-sriov.capable'] = 'true';
    labels['feature.node.kubernetes.io/pci-15b3.present'] = 'true';
    labels['feature.node.kubernetes.io/rdma.available'] = 'true';
  }
  return { ...labels, ...node.labels };
}

/** A Ready node as kubelet registers and reports it. */
export function nodeObject(node: ResolvedNode, now: string): KubeObject & Record<string, unknown> {
  const cpu = node.controlPlane ? 16 : 64;
  const memoryKi = node.controlPlane ? 65_536_000 : 527_958_936;
  const heartbeat = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels: nodeLabels(node),
      annotations: {
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        'machineconfiguration.openshift.io/state': 'Done',
      },
    },
    spec: node.controlPlane ? { taints: [{ key: CONTROL_PLANE_TAINT, effect: 'NoSchedule' }] } : {},
    status: {
      capacity: {
        cpu: String(cpu),
        'ephemeral-storage': '936284160Ki',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${memoryKi}Ki`,
        pods: '250',
      },
      allocatable: {
        cpu: `${cpu * 1000 - 500}m`,
        'ephemeral-storage': '862868020107',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${memoryKi - 1_148_976}Ki`,
        pods: '250',
      },
      conditions: [
        heartbeat(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        heartbeat(
          'DiskPressure',
          'False',
          'KubeletHasNoDiskPressure',
          'kubelet has no disk pressure',
        ),
        heartbeat(
          'PIDPressure',
          'False',
          'KubeletHasSufficientPID',
          'kubelet has sufficient PID available',
        ),
        heartbeat('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: node.internalIp },
        { type: 'Hostname', address: node.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: idOf(node.name, 'machine'),
        systemUUID: uuidOf(node.name, 'system'),
        bootID: uuidOf(node.name, 'boot'),
        kernelVersion: '5.14.0-570.19.1.el9_6.x86_64',
        osImage: 'Red Hat Enterprise Linux CoreOS 9.6.20250610-0 (Plow)',
        containerRuntimeVersion: 'cri-o://1.32.5-2.rhaos4.19.git1a2b3c4.el9',
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}
