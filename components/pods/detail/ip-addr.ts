import { parseAddress, parsePrefix, prefixContains } from '@/lib/ipam/address';
import type { AttachedInterface, NetworkKind, NetworkRow } from '@/lib/views/types';

/** The link layer of an attachment, from the kind of network that renders its NAD. */
export type LinkLayer = 'infiniband' | 'ether' | 'unknown';

/** Where an address's prefix length comes from: a range of the network's IPAM. */
export interface PrefixSource {
  length: number;
  /** The IPAM range that contains the address, e.g. `192.168.10.0/24`. */
  range: string;
}

/** What the console knows about a network's NAD: its kind and its IPAM ranges. */
export interface NetworkFacts {
  kind?: NetworkKind;
  ranges: string[];
}

/** Indexes the network list by the NAD each network renders (`targetNamespace/name`). */
export function networkFactsByNad(rows: readonly NetworkRow[]): Map<string, NetworkFacts> {
  const facts = new Map<string, NetworkFacts>();
  for (const row of rows) {
    facts.set(`${row.targetNamespace}/${row.name}`, {
      kind: row.kind,
      ranges: row.ipam.ranges.map((r) => r.range),
    });
  }
  return facts;
}

/** Reads `10.0.0.0/24` or whereabouts' `10.0.0.10-10.0.0.20/24` as a prefix. */
function rangeAsPrefix(range: string) {
  const slash = range.lastIndexOf('/');
  const dash = range.lastIndexOf('-', slash);
  const text = dash > 0 && slash > dash ? range.slice(dash + 1) : range;
  const parsed = parsePrefix(text);
  return parsed.ok ? parsed.value : undefined;
}

/** The prefix length an address gets from the first IPAM range that contains it. */
export function prefixOf(ip: string, ranges: readonly string[]): PrefixSource | undefined {
  const address = parseAddress(ip);
  if (!address.ok) return undefined;
  for (const range of ranges) {
    const prefix = rangeAsPrefix(range);
    if (prefix && prefixContains(prefix, address.value)) {
      return { length: prefix.prefixLength, range };
    }
  }
  return undefined;
}

/** Bytes of an IPoIB hardware address that Kubernetes never sees: QPN flags and subnet prefix. */
const UNKNOWN_IPOIB_HEAD = Array.from({ length: 12 }, () => 'xx').join(':');

export interface IpAddrBlock {
  /** Lines as `ip a` would print them, limited to what is known. */
  lines: string[];
  /** What was left out or is uncertain, and why. */
  notes: string[];
}

/**
 * What `ip a` inside the pod would show for one attachment, derived only from what Multus and the
 * node state report: the interface name, addresses (with the prefix of the IPAM range that holds
 * them), the hardware address and the MTU when known. Nothing is guessed; every gap is a note.
 */
export function ipAddrBlock(
  attached: AttachedInterface,
  facts: NetworkFacts | undefined,
): IpAddrBlock {
  const name = attached.interface ?? '?';
  const notes: string[] = [];
  const lines: string[] = [];

  if (attached.mtu === 'unknown') {
    lines.push(`${name}:`);
    notes.push(
      `MTU of ${name} is unknown: the plugin did not report it (ib-sriov-cni never does). Run "ip link show ${name}" in the pod to read it.`,
    );
  } else {
    lines.push(`${name}: mtu ${attached.mtu}`);
  }

  const link: LinkLayer =
    facts?.kind === 'SriovIBNetwork'
      ? 'infiniband'
      : facts?.kind === 'SriovNetwork'
        ? 'ether'
        : 'unknown';
  if (link === 'infiniband') {
    if (attached.guid) {
      lines.push(`    link/infiniband ${UNKNOWN_IPOIB_HEAD}:${attached.guid.toLowerCase()}`);
      notes.push(
        `The last 8 bytes of the hardware address are the port GUID the node state reports for VF ${attached.pciAddress ?? '?'}; the first 12 (queue pair number and subnet prefix) are not reported to Kubernetes and show as xx.`,
      );
      if (/^[0:]+$/.test(attached.guid)) {
        notes.push(
          'That GUID is all zeros: the VF is not configured, and ib-sriov-cni refuses such a VF.',
        );
      }
    } else {
      lines.push('    link/infiniband');
      notes.push(
        `The GUID of ${name} is unknown: no node state lists the VF ${attached.pciAddress ?? 'of this attachment'}.`,
      );
    }
  } else if (link === 'ether') {
    lines.push(`    link/ether ${attached.mac ?? ''}`.trimEnd());
    if (!attached.mac) notes.push(`The MAC of ${name} was not reported by the plugin.`);
  } else {
    notes.push(
      `The link type of ${name} is unknown: its NAD ${attached.network} is not rendered by a network the console knows.`,
    );
  }

  for (const ip of attached.ips) {
    const family = ip.includes(':') ? 'inet6' : 'inet';
    const prefix = prefixOf(ip, facts?.ranges ?? []);
    if (prefix) {
      lines.push(
        `    ${family} ${ip}/${prefix.length} scope global${family === 'inet' ? ` ${name}` : ''}`,
      );
    } else {
      lines.push(`    ${family} ${ip}/? scope global${family === 'inet' ? ` ${name}` : ''}`);
      notes.push(
        `The prefix of ${ip} is unknown: Multus reports bare addresses, and no IPAM range of ${attached.network} the console can read contains it.`,
      );
    }
  }
  if (attached.ips.length === 0) notes.push(`${name} has no address reported.`);
  return { lines, notes };
}
