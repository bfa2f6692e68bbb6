import type { Issue } from '../diagnostics/types';
import type { StaticIpam } from '../model';
import {
  familyBits,
  formatPrefix,
  formatValue,
  lastAddressOf,
  parseAddress,
  parsePrefix,
  prefixContains,
  type IpFamily,
} from './address';
import { issue, list, record, text } from './issues';

/** One address the static plugin configures on the interface. */
export interface StaticAddress {
  /** Bare address, e.g. `10.56.217.2`. */
  ip: string;
  /** Address with its prefix length, as configured: `10.56.217.2/24`. */
  address: string;
  /** The subnet the address lives in: `10.56.217.0/24`. */
  cidr: string;
  family: IpFamily;
  prefixLength: number;
  gateway?: string;
}

/**
 * The addresses the static plugin configures: the config's `addresses`, or the pod's own `ips`
 * when given (the caller passes them only when the NAD declares the `ips` capability; like the
 * plugin, a non-empty list replaces the config's addresses and their gateways). Issues point
 * into the IPAM object (`['addresses', i, 'address']`) or, for pod addresses, at `['ips', i]`.
 */
export function staticAddresses(
  cfg: StaticIpam,
  perPodIps?: readonly string[],
): { addresses: StaticAddress[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const addresses: StaticAddress[] = [];
  const fromPod = perPodIps !== undefined && perPodIps.length > 0;
  const entries = fromPod
    ? perPodIps.map((address, i) => ({ address, gateway: undefined, path: ['ips', i] }))
    : list(record(cfg)?.addresses).map((value, i) => {
        const fields = record(value) ?? {};
        return { address: fields.address, gateway: fields.gateway, path: ['addresses', i] };
      });

  const seen = new Map<string, number>();
  entries.forEach((entry, i) => {
    const addressPath = fromPod ? entry.path : [...entry.path, 'address'];
    const found = staticAddress(entry.address, addressPath, issues);
    if (!found) return;

    const earlier = seen.get(found.address);
    if (earlier !== undefined) {
      issues.push(
        issue(
          'warning',
          'ipam/static-address-duplicate',
          addressPath,
          `${found.address} is listed twice (also entry ${earlier}); the plugin fails adding the same address again. Remove one.`,
        ),
      );
    }
    seen.set(found.address, i);

    const gateway = fromPod ? undefined : staticGateway(entry.gateway, found, entry.path, issues);
    if (gateway !== undefined) found.gateway = gateway;
    addresses.push(found);
  });
  return { addresses, issues };
}

function staticAddress(
  raw: unknown,
  path: (string | number)[],
  issues: Issue[],
): StaticAddress | undefined {
  const written = text(raw);
  if (written === undefined) {
    if (raw === undefined || raw === '') {
      const message =
        'this address entry has no "address"; the static plugin refuses it. Set it to an address with its prefix length, e.g. "10.56.217.2/24".';
      issues.push(issue('error', 'ipam/static-address-missing', path, message));
    }
    return undefined;
  }

  const parsed = parsePrefix(written);
  if (!parsed.ok) {
    const bare = parseAddress(written);
    if (bare.ok) {
      const bits = familyBits(bare.value.family);
      issues.push(
        issue(
          'error',
          'ipam/static-address-not-cidr',
          path,
          `"${written}" has no prefix length; the static plugin needs one and refuses the config. Write "${written}/${bits}" for an address alone on its link, or the subnet's length, e.g. "${written}/24".`,
          `${written}/${bits}`,
        ),
      );
    } else {
      issues.push(
        issue(
          'error',
          'ipam/static-address-invalid',
          path,
          `"${written}" ${parsed.reason}; the static plugin refuses the config. Write an address with its prefix length, e.g. "10.56.217.2/24".`,
          parsed.suggestion,
        ),
      );
    }
    return undefined;
  }

  const prefix = parsed.value;
  const ip = formatValue(prefix.family, prefix.address);
  const hostBits = familyBits(prefix.family) - prefix.prefixLength;
  const edge =
    hostBits > 1 &&
    (prefix.address === prefix.network ||
      (prefix.family === 4 && prefix.address === lastAddressOf(prefix)));
  if (edge) {
    const what = prefix.address === prefix.network ? 'network' : 'broadcast';
    issues.push(
      issue(
        'warning',
        'ipam/static-address-network',
        path,
        `${written} is the ${what} address of ${formatPrefix(prefix)}, not a host address; pick an address inside the subnet, e.g. ${formatValue(prefix.family, prefix.network + 2n)}/${prefix.prefixLength}.`,
      ),
    );
  }
  return {
    ip,
    address: `${ip}/${prefix.prefixLength}`,
    cidr: formatPrefix(prefix),
    family: prefix.family,
    prefixLength: prefix.prefixLength,
  };
}

function staticGateway(
  raw: unknown,
  address: StaticAddress,
  entryPath: (string | number)[],
  issues: Issue[],
): string | undefined {
  const written = text(raw);
  if (written === undefined) return undefined;
  const path = [...entryPath, 'gateway'];
  const parsed = parseAddress(written);
  if (!parsed.ok) {
    issues.push(
      issue(
        'error',
        'ipam/gateway-invalid',
        path,
        `gateway "${written}" ${parsed.reason}; the static plugin refuses the config. Write a single address such as "10.56.217.1".`,
        parsed.suggestion,
      ),
    );
    return undefined;
  }

  const gateway = formatValue(parsed.value.family, parsed.value.value);
  if (parsed.value.family !== address.family) {
    issues.push(
      issue(
        'error',
        'ipam/gateway-family',
        path,
        `gateway ${gateway} is IPv${parsed.value.family} but address ${address.address} is IPv${address.family}; the default route cannot use it. Give each address a gateway of its own family.`,
      ),
    );
    return gateway;
  }
  const subnet = parsePrefix(address.cidr);
  if (subnet.ok && !prefixContains(subnet.value, parsed.value)) {
    issues.push(
      issue(
        'warning',
        'ipam/gateway-outside',
        path,
        `gateway ${gateway} is outside ${address.cidr}, so the pod cannot reach it directly and the default route fails. Use an address inside ${address.cidr}.`,
      ),
    );
  } else if (gateway === address.ip) {
    issues.push(
      issue(
        'warning',
        'ipam/gateway-is-address',
        path,
        `gateway ${gateway} is the interface's own address; routes through it go nowhere. Use the router's address.`,
      ),
    );
  }
  return gateway;
}
