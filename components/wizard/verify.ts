import { parseHostLocalRanges, parseWhereaboutsRanges, staticAddresses } from '@/lib/ipam';
import type { HostLocalIpam, StaticIpam, WhereaboutsIpam } from '@/lib/model';
import type { Diagnosis, InterfaceView, PodDetail } from '@/lib/views/types';
import { readEmbeddedJson } from '@/components/networks/json-text';
import { requestedIps } from './objects';
import type { NetworkDraft, PodDraft } from './state';

export type Family = 'IPv4' | 'IPv6';

/** The family of an address as network-status reports it (bare, no prefix). */
export function familyOf(address: string): Family {
  return address.includes(':') ? 'IPv6' : 'IPv4';
}

const byFamily = (f: number): Family => (f === 6 ? 'IPv6' : 'IPv4');

/**
 * One entry per address the pod should get on this network, by family: one per whereabouts range
 * (dual stack: an IPv4 and an IPv6), one per static address (or per requested `ips` when the
 * network declares the capability), one per host-local range set; none without IPAM.
 */
export function expectedFamilies(network: NetworkDraft, pod: PodDraft): Family[] {
  const ipam = network.ipam === null ? undefined : readEmbeddedJson(network.ipam);
  if (!ipam || ipam.state !== 'object') return [];
  const cfg = ipam.value;
  switch (cfg.type) {
    case 'whereabouts':
      return parseWhereaboutsRanges(cfg as WhereaboutsIpam).ranges.map((r) => byFamily(r.family));
    case 'static': {
      const perPod = network.ips && pod.form === 'json' ? requestedIps(pod) : [];
      if (perPod.length > 0) return perPod.map((ip) => familyOf(ip.split('/')[0] ?? ip));
      return staticAddresses(cfg as StaticIpam).addresses.map((a) => byFamily(a.family));
    }
    case 'host-local':
      return parseHostLocalRanges(cfg as HostLocalIpam).rangeSets.flatMap((set) =>
        set[0] ? [byFamily(set[0].family)] : [],
      );
    default:
      return [];
  }
}

export type CheckState = 'ok' | 'waiting' | 'failed';

/** One line of the verification: what is expected and what the pod shows. */
export interface VerifyCheck {
  id: string;
  label: string;
  state: CheckState;
  /** What was found, e.g. the address, the MTU or `unknown`. */
  value?: string;
}

export interface Verification {
  /** The pod's interface on this network, once requested or attached. */
  view?: InterfaceView;
  checks: VerifyCheck[];
  /** The interface is attached with every expected address. */
  verified: boolean;
  /** Something failed: the diagnoses below say what and what to do. */
  stalled: boolean;
  /** Diagnoses of the interface and of the request that are not "attached". */
  diagnoses: Diagnosis[];
}

/** The interface of `detail` that uses the network `ref` (`namespace/name`). */
export function interfaceFor(detail: PodDetail, ref: string): InterfaceView | undefined {
  return detail.interfaces.find((v) => (v.requested?.network ?? v.attached?.network) === ref);
}

/**
 * Follows a pod until network-status shows the interface and every expected address. MTU and
 * device-info are shown as reported ("unknown" when the plugin leaves them out, as ib-sriov does).
 */
export function verifyPod(
  detail: PodDetail | undefined,
  ref: string,
  expected: readonly Family[],
  wantedIps: readonly string[] = [],
): Verification {
  const view = detail ? interfaceFor(detail, ref) : undefined;
  const attached = view?.attached;
  const diagnoses = [
    ...(detail?.requestProblems ?? []),
    ...(view?.diagnoses ?? []).filter((d) => d.code !== 'attached'),
  ];
  const failedPod = detail?.phase === 'Failed';
  const stalled =
    failedPod ||
    view?.status === 'failed' ||
    diagnoses.some((d) => d.severity === 'error' || d.severity === 'warning');

  const checks: VerifyCheck[] = [
    {
      id: 'interface',
      label: 'InfiniBand interface in network-status',
      state: attached ? 'ok' : stalled ? 'failed' : 'waiting',
      ...(attached ? { value: attached.interface ?? 'unnamed' } : {}),
    },
  ];

  // Each expected address takes one reported address of its family, in order.
  const left = [...(attached?.ips ?? [])];
  expected.forEach((family, i) => {
    const at = left.findIndex((ip) => familyOf(ip) === family);
    const found = at >= 0 ? left.splice(at, 1)[0] : undefined;
    checks.push({
      id: `address-${i}`,
      label: `${family} address`,
      state: found ? 'ok' : stalled ? 'failed' : 'waiting',
      ...(found ? { value: found } : {}),
    });
  });
  for (const wanted of wantedIps) {
    const bare = wanted.split('/')[0] ?? wanted;
    const found = attached?.ips.includes(bare) ?? false;
    checks.push({
      id: `requested-${bare}`,
      label: `Requested address ${bare}`,
      state: found ? 'ok' : stalled ? 'failed' : 'waiting',
      ...(found ? { value: bare } : {}),
    });
  }

  const addressesOk = checks.every((c) => c.state === 'ok');
  if (attached) {
    checks.push({
      id: 'mtu',
      label: 'MTU',
      state: 'ok',
      value: attached.mtu === 'unknown' ? 'unknown (not reported)' : String(attached.mtu),
    });
    const device = [
      attached.pciAddress && `PCI ${attached.pciAddress}`,
      attached.rdmaDevice && `RDMA ${attached.rdmaDevice}`,
      attached.pfPciAddress && `PF ${attached.pfPciAddress}`,
    ].filter(Boolean);
    checks.push({
      id: 'device-info',
      label: 'device-info',
      state: 'ok',
      value: device.length > 0 ? device.join(', ') : 'not reported',
    });
  }
  return {
    ...(view ? { view } : {}),
    checks,
    verified: attached !== undefined && addressesOk,
    stalled: stalled && !(attached !== undefined && addressesOk),
    diagnoses,
  };
}
