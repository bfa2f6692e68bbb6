import {
  DEFAULT_OPERATOR_NAMESPACE,
  NETWORKS_ANNOTATION,
  SRIOV_API_VERSION,
  WHEREABOUTS_API_VERSION,
  type IPPool,
  type KubeObject,
  type OverlappingRangeIPReservation,
  type SriovIBNetwork,
  type SriovNetworkNodePolicy,
} from '../../lib/model';

/** The second team namespace of the demo (ib-team is a system namespace of the cluster). */
export const BATCH_NAMESPACE = 'hpc-batch';
export const RESOURCE = 'mlnx_ib';
const IMAGE = 'registry.access.redhat.com/ubi9/ubi-minimal:9.6';

/** The InfiniBand policy: 8 VFs on every ConnectX-7 port of SR-IOV capable nodes. */
export function demoPolicy(operatorNamespace = DEFAULT_OPERATOR_NAMESPACE): SriovNetworkNodePolicy {
  return {
    apiVersion: SRIOV_API_VERSION,
    kind: 'SriovNetworkNodePolicy',
    metadata: { name: 'ib-ndr', namespace: operatorNamespace },
    spec: {
      resourceName: RESOURCE,
      nodeSelector: { 'feature.node.kubernetes.io/network-sriov.capable': 'true' },
      priority: 90,
      numVfs: 8,
      mtu: 4092,
      nicSelector: { vendor: '15b3', deviceID: '1021' },
      deviceType: 'netdevice',
      isRdma: true,
      linkType: 'ib',
    },
  };
}

function ibNetwork(
  namespace: string,
  name: string,
  spec: Omit<SriovIBNetwork['spec'], 'resourceName'>,
): SriovIBNetwork {
  return {
    apiVersion: SRIOV_API_VERSION,
    kind: 'SriovIBNetwork',
    metadata: { name, namespace },
    spec: { resourceName: RESOURCE, ...spec },
  };
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The demo's networks: whereabouts dual stack, static, host-local, a small pool, a named pool. */
export function demoNetworks(operatorNamespace = DEFAULT_OPERATOR_NAMESPACE): SriovIBNetwork[] {
  return [
    ibNetwork(operatorNamespace, 'ib-dual', {
      networkNamespace: 'ib-team',
      linkState: 'auto',
      capabilities: json({ infinibandGUID: true, ips: true }),
      ipam: json({
        type: 'whereabouts',
        ipRanges: [{ range: '192.168.10.0/24' }, { range: '2001:db8::/64' }],
      }),
    }),
    ibNetwork('ib-team', 'ib-static', {
      capabilities: json({ ips: true }),
      ipam: json({ type: 'static', addresses: [{ address: '192.168.30.10/24' }] }),
    }),
    ibNetwork('ib-team', 'ib-hostlocal', {
      ipam: json({
        type: 'host-local',
        subnet: '192.168.40.0/24',
        rangeStart: '192.168.40.10',
        rangeEnd: '192.168.40.50',
      }),
    }),
    ibNetwork(BATCH_NAMESPACE, 'ib-small', {
      ipam: json({ type: 'whereabouts', range: '192.168.20.0/28' }),
    }),
    ibNetwork(BATCH_NAMESPACE, 'ib-research', {
      ipam: json({ type: 'whereabouts', range: '192.168.10.0/24', network_name: 'research' }),
    }),
  ];
}

interface PodSpecInput {
  namespace: string;
  name: string;
  networks: string;
  node?: string;
  /** VFs the pod asks for itself (what network-resources-injector would otherwise add). */
  vfs?: number;
  labels?: Record<string, string>;
}

function pod(p: PodSpecInput): KubeObject {
  const vfs = p.vfs ?? 1;
  const resources = vfs > 0 ? { [`openshift.io/${RESOURCE}`]: String(vfs) } : {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      labels: { 'app.kubernetes.io/part-of': 'ibnet-demo', ...p.labels },
      annotations: { [NETWORKS_ANNOTATION]: p.networks },
    },
    spec: {
      ...(p.node ? { nodeSelector: { 'kubernetes.io/hostname': p.node } } : {}),
      containers: [
        {
          name: 'main',
          image: IMAGE,
          command: ['sleep', 'infinity'],
          resources: {
            requests: { cpu: '500m', memory: '1Gi', ...resources },
            limits: { memory: '1Gi', ...resources },
          },
        },
      ],
    },
  } as KubeObject;
}

/**
 * The demo's pods, in creation order (which decides nodes, VFs and addresses). `zeroGuidProbe`
 * adds the pod that lands on worker-2's unconfigured VF (only without an agent, which would
 * configure that VF).
 */
export function demoPods(zeroGuidProbe: boolean): KubeObject[] {
  const pods: KubeObject[] = [];
  if (zeroGuidProbe) {
    pods.push(
      pod({ namespace: 'ib-team', name: 'rdma-probe', networks: 'ib-dual', node: 'worker-2' }),
    );
  }
  for (let i = 0; i < 4; i++) {
    pods.push(
      pod({
        namespace: 'ib-team',
        name: `trainer-${i}`,
        networks: '[{"name": "ib-dual", "interface": "ib0"}]',
        labels: { app: 'trainer' },
      }),
    );
  }
  pods.push(
    pod({
      namespace: 'ib-team',
      name: 'trainer-pinned',
      networks:
        '[{"name": "ib-dual", "interface": "ib0", "infiniband-guid": "02:00:00:00:00:00:a1:01"}]',
      labels: { app: 'trainer' },
    }),
    pod({
      namespace: 'ib-team',
      name: 'static-a',
      networks: '[{"name": "ib-static", "ips": ["192.168.30.11/24"]}]',
    }),
    pod({ namespace: 'ib-team', name: 'static-b', networks: 'ib-static' }),
    pod({ namespace: 'ib-team', name: 'hostlocal-a', networks: 'ib-hostlocal', node: 'worker-0' }),
    pod({ namespace: 'ib-team', name: 'hostlocal-b', networks: 'ib-hostlocal', node: 'worker-1' }),
  );
  for (let i = 0; i < 11; i++) {
    pods.push(
      pod({
        namespace: BATCH_NAMESPACE,
        name: `solver-${i}`,
        networks: 'ib-small',
        labels: { app: 'solver' },
      }),
    );
  }
  pods.push(
    // The GUID request is dropped: ib-small does not declare the infinibandGUID capability.
    pod({
      namespace: BATCH_NAMESPACE,
      name: 'guid-pinned',
      networks: '[{"name": "ib-small", "infiniband-guid": "02:00:00:00:00:00:b2:01"}]',
    }),
    // ib-dual is rendered into ib-team only: Multus cannot find it here.
    pod({ namespace: BATCH_NAMESPACE, name: 'postproc', networks: 'ib-dual' }),
    pod({ namespace: BATCH_NAMESPACE, name: 'research-0', networks: 'ib-research' }),
  );
  return pods;
}

/** The container ID whereabouts recorded for the pod that vanished. */
export const VANISHED_CONTAINER =
  '5c1f0e5d2b8a4c7e9f30a6b1d2c3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1';
export const VANISHED_POD = `${BATCH_NAMESPACE}/solver-11`;

/**
 * What a pod left behind when it was force-deleted while its node was unreachable: the
 * whereabouts allocation (offset 1 of the /28) and its reservation, with no CNI DEL ever run.
 */
export function staleAllocation(
  whereaboutsNamespace: string,
): [IPPool, OverlappingRangeIPReservation] {
  return [
    {
      apiVersion: WHEREABOUTS_API_VERSION,
      kind: 'IPPool',
      metadata: { name: '192.168.20.0-28', namespace: whereaboutsNamespace },
      spec: {
        range: '192.168.20.0/28',
        allocations: { '1': { id: VANISHED_CONTAINER, podref: VANISHED_POD, ifname: 'net1' } },
      },
    },
    {
      apiVersion: WHEREABOUTS_API_VERSION,
      kind: 'OverlappingRangeIPReservation',
      metadata: { name: '192.168.20.1', namespace: whereaboutsNamespace },
      spec: { containerid: VANISHED_CONTAINER, podref: VANISHED_POD, ifname: 'net1' },
    },
  ];
}
