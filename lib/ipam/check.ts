import type { Issue } from '../diagnostics/types';
import type { HostLocalIpam, StaticIpam } from '../model';
import { formatPrefix, formatValue, parseAddress, parsePrefix } from './address';
import { checkWhereabouts } from './check-whereabouts';
import { parseHostLocalRanges } from './host-local-config';
import { issue, list, record, text } from './issues';
import { staticAddresses } from './static';

/** What the checks need to know about where the IPAM config is used. */
export interface IpamCheckContext {
  /** The network is attached on more than one node (host-local then hands out duplicates). */
  multiNode?: boolean;
  /** The NAD declares the `ips` capability, so pods can bring their own addresses. */
  ipsCapability?: boolean;
}

/**
 * Semantic checks of a parsed IPAM object: the mistakes that only show when a pod fails to
 * start, or that silently change which addresses are handed out. JSON syntax, unknown fields and
 * wrong types are the schemas' business and are skipped here; so are IPAM types other than
 * whereabouts, static and host-local. Each Issue's `path` points at the offending value inside
 * the IPAM object. Never throws.
 */
export function checkIpam(ipam: unknown, context: IpamCheckContext = {}): Issue[] {
  const cfg = record(ipam);
  if (!cfg) return [];

  switch (cfg.type) {
    case 'whereabouts':
      return [...checkWhereabouts(cfg), ...commonIssues(cfg)];
    case 'static':
      return [...checkStatic(cfg, context), ...commonIssues(cfg)];
    case 'host-local':
      return [...checkHostLocal(cfg, context), ...commonIssues(cfg)];
    default:
      return [];
  }
}

function checkStatic(cfg: Record<string, unknown>, context: IpamCheckContext): Issue[] {
  const { addresses, issues } = staticAddresses(cfg as StaticIpam);
  const listed = list(cfg.addresses).length;

  if (listed === 0 && !context.ipsCapability) {
    issues.push(
      issue(
        'warning',
        'ipam/static-no-addresses',
        ['addresses'],
        'static IPAM has no addresses, so the interface comes up without an IP. List addresses (e.g. {"address": "10.56.217.2/24"}), or declare the "ips" capability so pods can request their own.',
      ),
    );
  } else if (addresses.length > 0 && !context.ipsCapability) {
    issues.push(
      issue(
        'info',
        'ipam/static-shared',
        ['addresses'],
        'every pod attached to this network gets the same static addresses, so a second pod on the same link collides. For more than one pod, declare the "ips" capability and set addresses per pod, or use whereabouts.',
      ),
    );
  }
  return issues;
}

function checkHostLocal(cfg: Record<string, unknown>, context: IpamCheckContext): Issue[] {
  const { issues } = parseHostLocalRanges(cfg as HostLocalIpam);
  if (context.multiNode) {
    issues.push(
      issue(
        'warning',
        'ipam/host-local-multinode',
        ['type'],
        'host-local keeps its allocations on each node, so pods of this network on two nodes get the same addresses. Use whereabouts for a network that spans nodes, or give each node its own NAD with a disjoint range.',
      ),
    );
  }
  return issues;
}

/** routes and dns are handed to the interface the same way by every IPAM plugin. */
function commonIssues(cfg: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  list(cfg.routes).forEach((value, i) => {
    const route = record(value);
    if (route) issues.push(...routeIssues(route, ['routes', i]));
  });

  list(record(cfg.dns)?.nameservers).forEach((value, i) => {
    const written = text(value);
    if (written === undefined) return;
    const parsed = parseAddress(written);
    if (parsed.ok) return;
    issues.push(
      issue(
        'warning',
        'ipam/dns-nameserver-invalid',
        ['dns', 'nameservers', i],
        `nameserver "${written}" ${parsed.reason}; the pod's resolver cannot use it. Write a single address such as "10.0.0.53".`,
        parsed.suggestion,
      ),
    );
  });
  return issues;
}

function routeIssues(route: Record<string, unknown>, path: (string | number)[]): Issue[] {
  const dst = text(route.dst);
  if (dst === undefined) return [];
  const parsed = parsePrefix(dst);
  if (!parsed.ok) {
    return [
      issue(
        'error',
        'ipam/route-invalid',
        [...path, 'dst'],
        `route dst "${dst}" ${parsed.reason}; the plugin cannot read the config and the pod fails. Write a CIDR such as "10.0.0.0/8" (or "0.0.0.0/0" for the default route).`,
        parsed.suggestion,
      ),
    ];
  }

  const found: Issue[] = [];
  const prefix = parsed.value;
  if (prefix.address !== prefix.network) {
    const canonical = formatPrefix(prefix);
    found.push(
      issue(
        'error',
        'ipam/route-dst-host-bits',
        [...path, 'dst'],
        `route dst "${dst}" has host bits set; the kernel refuses such a route and the pod fails. Write "${canonical}".`,
        canonical,
      ),
    );
  }

  const gw = text(route.gw);
  if (gw === undefined) return found;
  const gateway = parseAddress(gw);
  if (!gateway.ok) {
    const message = `route gw "${gw}" ${gateway.reason}; the plugin cannot read the config and the pod fails. Write a single address.`;
    found.push(issue('error', 'ipam/route-invalid', [...path, 'gw'], message, gateway.suggestion));
  } else if (gateway.value.family !== prefix.family) {
    const shown = formatValue(gateway.value.family, gateway.value.value);
    const message = `route to ${formatPrefix(prefix)} goes through ${shown}, an IPv${gateway.value.family} address; a route's gw must be of the same family as its dst.`;
    found.push(issue('error', 'ipam/route-gateway-family', [...path, 'gw'], message));
  }
  return found;
}
