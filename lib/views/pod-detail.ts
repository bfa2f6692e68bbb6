import { parseGuid } from '../annotations/guid';
import type { NetworkRequest } from '../annotations/networks';
import type { NetworkStatus } from '../model';
import { eventsFor } from './events';
import { type ClusterSnapshot, type PodLike, canSeeNamespace } from './kube';
import { capabilitiesOf } from './networks';
import { pageHref } from './paths';
import { analyzePod, effectiveRow, nadContext } from './pod-analysis';
import {
  type SnapshotIndex,
  indexSnapshot,
  nadResource,
  resourceAvailability,
} from './snapshot-index';
import type { AttachedInterface, Diagnosis, InterfaceView, PodDetail } from './types';

type Request = NetworkRequest & { network: string };

/**
 * A pod's requested networks side by side with what Multus attached, each difference diagnosed
 * in plain words with what to do about it.
 */
export function podDetail(pod: PodLike, snapshot: ClusterSnapshot): PodDetail {
  const index = indexSnapshot(snapshot);
  const analysis = analyzePod(pod);
  const interfaces: InterfaceView[] = analysis.pairs.map(({ request, status }) =>
    interfaceView(pod, request, status, snapshot, index),
  );
  for (const status of analysis.unrequested) {
    interfaces.push({
      attached: attachedOf(status, pod, snapshot),
      status: 'attached',
      diagnoses: [
        {
          code: 'not-requested',
          severity: 'info',
          title: 'Attached without a request',
          detail: `Multus reports ${status.name} on ${status.interface ?? 'an interface'}, but the pod's networks annotation does not ask for it (a default or cluster-wide network).`,
        },
      ],
    });
  }

  const requestProblems: Diagnosis[] = analysis.annotationProblems.map((p) => ({
    code: 'invalid-request',
    severity: p.severity === 'error' ? 'error' : p.severity === 'warning' ? 'warning' : 'info',
    title: 'The networks annotation has a mistake',
    detail: p.message,
    action:
      'Fix the k8s.v1.cni.cncf.io/networks annotation and re-create the pod (networks cannot be added to a running pod).',
  }));

  const annotations = pod.metadata.annotations ?? {};
  const row = effectiveRow(analysis, nadContext(snapshot.nads, snapshot.nadNamespaces));
  // A diagnosed error (no VF, bad GUID, …) means the pod will not get its network by waiting.
  const blocked = interfaces.some((i) => i.diagnoses.some((d) => d.severity === 'error'));
  return {
    ...row,
    state: blocked && row.state === 'pending' ? 'problem' : row.state,
    resourceVersion: pod.metadata.resourceVersion,
    interfaces,
    requestProblems,
    annotations: {
      networks: annotations['k8s.v1.cni.cncf.io/networks'],
      networkStatus:
        annotations['k8s.v1.cni.cncf.io/network-status'] ??
        annotations['k8s.v1.cni.cncf.io/networks-status'],
    },
    events: eventsFor(index, 'Pod', pod.metadata.namespace, pod.metadata.name ?? ''),
  };
}

function interfaceView(
  pod: PodLike,
  request: Request,
  status: NetworkStatus | undefined,
  snapshot: ClusterSnapshot,
  index: SnapshotIndex,
): InterfaceView {
  const [nadNamespace = '', nadName = ''] = request.network.split('/');
  const nad = index.nads.get(request.network);
  const visible = canSeeNamespace(snapshot.nadNamespaces, nadNamespace);
  const diagnoses: Diagnosis[] = [];
  const requested = {
    network: request.network,
    namespace: nadNamespace,
    name: nadName,
    interface: request.interface,
    ips: request.ips,
    guid: request.infinibandGuid,
    mac: request.mac,
  };

  if (request.infinibandGuid !== undefined) {
    const guid = parseGuid(request.infinibandGuid);
    if (!guid.ok) {
      diagnoses.push({
        code: 'invalid-guid',
        severity: 'error',
        title: 'The requested GUID is not valid',
        detail: guid.message,
        action: 'Request a unique, non-zero GUID in the form 02:00:00:00:00:00:00:01.',
      });
    }
  }

  if (nad) {
    const caps = capabilitiesOf(nad.spec?.config);
    const network = index.networksByNad.get(request.network);
    const href = network
      ? pageHref.network(
          network.kind,
          network.metadata.namespace ?? '',
          network.metadata.name ?? '',
        )
      : undefined;
    if (request.infinibandGuid !== undefined && !caps.infinibandGUID) {
      diagnoses.push(capabilityMissing('infinibandGUID', 'GUID', request.network, href));
    }
    if (request.ips !== undefined && !caps.ips) {
      diagnoses.push(capabilityMissing('ips', 'IP addresses', request.network, href));
    }
  }

  if (status) {
    diagnoses.unshift({
      code: 'attached',
      severity: 'ok',
      title: 'Attached',
      detail: `Multus attached ${request.network} as ${status.interface ?? 'an interface'}${status.ips?.length ? ` with ${status.ips.join(', ')}` : ''}.`,
    });
    const worst = diagnoses.some((d) => d.severity === 'error' || d.severity === 'warning');
    return {
      requested,
      attached: attachedOf(status, pod, snapshot),
      status: worst ? 'problem' : 'attached',
      diagnoses,
    };
  }

  if (!nad && visible) {
    diagnoses.push(nadMissing(request, nadNamespace, nadName, snapshot, index));
  }

  const resource = nad ? nadResource(nad) : undefined;
  if (resource && !pod.spec?.nodeName) {
    const vf = resourceAvailability(snapshot, resource);
    if (vf.allocatable - vf.inUse <= 0) {
      diagnoses.push({
        code: 'no-free-vf',
        severity: 'error',
        title: 'No free VF on any node',
        detail:
          vf.nodes === 0
            ? `No node advertises ${resource}: no SriovNetworkNodePolicy has created VFs for it, or the device plugin is not running.`
            : `${vf.nodes} node(s) advertise ${vf.allocatable} of ${resource} and pods hold ${vf.inUse}; the pod cannot be scheduled until one is freed.`,
        action:
          vf.nodes === 0
            ? `Create a SriovNetworkNodePolicy with resourceName ${resource.slice(resource.indexOf('/') + 1)} for the nodes with InfiniBand cards, and check that the device plugin runs.`
            : 'Free VFs (delete pods that hold them) or raise numVfs in the SriovNetworkNodePolicy for this resource.',
        href: pageHref.policies(),
      });
    }
  }

  const phase = pod.status?.phase ?? 'Unknown';
  const blocking = diagnoses.some((d) => d.severity === 'error');
  if (!blocking && phase === 'Pending') {
    diagnoses.push({
      code: 'pending',
      severity: 'info',
      title: 'Still pending',
      detail:
        'The pod has not started yet; Multus reports attachments once the pod sandbox is created.',
      action: 'Wait, or look at the pod events if it stays pending.',
    });
    return { requested, status: 'pending', diagnoses };
  }
  if (!blocking) {
    const warning = eventsFor(index, 'Pod', pod.metadata.namespace, pod.metadata.name ?? '').find(
      (e) => e.type === 'Warning',
    );
    diagnoses.push({
      code: 'attach-failed',
      severity: 'error',
      title: 'Not attached',
      detail: `The pod is ${phase}, but Multus reports no attachment for ${request.network}.${warning ? ` Last warning: ${warning.reason}: ${warning.message}` : ''}`,
      action:
        'Check the pod events (FailedCreatePodSandBox) and the CNI configuration of the NAD, then re-create the pod.',
    });
  }
  return { requested, status: 'failed', diagnoses };
}

function capabilityMissing(
  capability: string,
  what: string,
  network: string,
  href: string | undefined,
): Diagnosis {
  return {
    code: 'capability-missing',
    severity: 'warning',
    title: `Requested ${what} are dropped`,
    detail: `The pod asks for specific ${what}, but the NAD ${network} does not declare the "${capability}" capability, so Multus silently drops the request.`,
    action: `Add "${capability}": true to the capabilities of the network and re-create the pod.`,
    href,
  };
}

function nadMissing(
  request: Request,
  namespace: string,
  name: string,
  snapshot: ClusterSnapshot,
  index: SnapshotIndex,
): Diagnosis {
  const elsewhere = snapshot.nads
    .filter((n) => n.metadata.name === name && n.metadata.namespace !== namespace)
    .map((n) => n.metadata.namespace);
  const network = snapshot.networks.find(
    (n) =>
      n.metadata.name === name && (n.spec.networkNamespace || n.metadata.namespace) !== namespace,
  );
  const owner = index.networksByNad.get(request.network);
  let detail = `The pod looks for the NetworkAttachmentDefinition "${name}" in namespace "${namespace}", and there is none.`;
  let action = `Create the network with networkNamespace: ${namespace}, or name the right namespace in the request (${elsewhere[0] ?? 'ns'}/${name}).`;
  if (owner) {
    detail += ` The network ${owner.kind} ${owner.metadata.namespace}/${owner.metadata.name} should render it; it is not rendered yet.`;
    action =
      'Look at the Ready condition of the network; the agent or the SR-IOV operator renders the NAD.';
  } else if (elsewhere.length > 0) {
    detail += ` A NAD of that name exists in ${elsewhere.join(', ')}: Multus only looks in the pod's namespace unless the request names another.`;
  } else if (network) {
    detail += ` The network ${network.metadata.namespace}/${name} renders its NAD into "${network.spec.networkNamespace || network.metadata.namespace}".`;
  }
  return {
    code: 'nad-missing',
    severity: 'error',
    title: 'Network missing in the namespace',
    detail,
    action,
    href: owner
      ? pageHref.network(owner.kind, owner.metadata.namespace ?? '', owner.metadata.name ?? '')
      : undefined,
  };
}

function attachedOf(
  status: NetworkStatus,
  pod: PodLike,
  snapshot: ClusterSnapshot,
): AttachedInterface {
  const pci = status['device-info']?.pci;
  const pciAddress = pci?.['pci-address'];
  return {
    network: status.name,
    interface: status.interface,
    ips: status.ips ?? [],
    mac: status.mac,
    // ib-sriov reports no MTU: say so rather than guess.
    mtu: status.mtu ?? 'unknown',
    pciAddress,
    rdmaDevice: pci?.['rdma-device'],
    pfPciAddress: pci?.['pf-pci-address'],
    guid: pciAddress ? vfGuid(snapshot, pod.spec?.nodeName, pciAddress) : undefined,
  };
}

/** The GUID the node state reports for the VF at `pciAddress` on `node`. */
function vfGuid(snapshot: ClusterSnapshot, node: string | undefined, pciAddress: string) {
  if (!node) return undefined;
  const state = snapshot.nodeStates.find((s) => s.metadata.name === node);
  for (const pf of state?.status?.interfaces ?? []) {
    const vf = pf.Vfs?.find((v) => v.pciAddress === pciAddress);
    if (vf) return vf.guid;
  }
  return undefined;
}
