import type { Issue } from '../diagnostics/types';
import type { WhereaboutsIpam } from '../model';
import { familyBits, formatValue, parseAddress, type IpAddress } from './address';
import { issue, text } from './issues';
import type { WhereaboutsRange } from './types';
import { parseWhereaboutsRanges } from './whereabouts-config';

/** Semantic findings for a whereabouts IPAM object (paths relative to it). */
export function checkWhereabouts(cfg: Record<string, unknown>): Issue[] {
  const { ranges, issues } = parseWhereaboutsRanges(cfg as WhereaboutsIpam);
  issues.push(...gatewayIssues(cfg, ranges), ...duplicateRanges(ranges));

  if (text(cfg.node_slice_size) !== undefined) {
    issues.push(
      issue(
        'info',
        'ipam/node-slices-not-previewed',
        ['node_slice_size'],
        'node_slice_size turns on whereabouts node slices (each node allocates from its own slice of the range); ibnet previews addresses as if from the whole range.',
      ),
    );
  }
  return issues;
}

/** One gateway for every range: its family, whether a range holds it, whether pods can get it. */
function gatewayIssues(cfg: Record<string, unknown>, ranges: WhereaboutsRange[]): Issue[] {
  const written = text(cfg.gateway);
  if (written === undefined) return [];
  const path = ['gateway'];

  const parsed = parseAddress(written);
  let gateway: IpAddress;
  if (parsed.ok) {
    gateway = parsed.value;
  } else {
    const decimal = parsed.leadingZeros ? parseAddress(parsed.suggestion ?? '') : undefined;
    if (!decimal?.ok) {
      const message = `gateway "${written}" ${parsed.reason}; whereabouts refuses the config. Write a single address such as "192.168.10.1".`;
      return [issue('error', 'ipam/gateway-invalid', path, message, parsed.suggestion)];
    }
    gateway = decimal.value;
  }

  const found: Issue[] = [];
  if (!parsed.ok) {
    const message = `gateway "${written}" has numbers with leading zeros; whereabouts reads them as decimal, other tools as octal. Write "${parsed.suggestion}".`;
    found.push(issue('error', 'ipam/address-leading-zeros', path, message, parsed.suggestion));
  }

  const shown = formatValue(gateway.family, gateway.value);
  const families = new Set(ranges.map((r) => r.family));
  const sameFamily = ranges.filter((r) => r.family === gateway.family);
  if (sameFamily.length === 0 && ranges.length > 0) {
    const other = [...families].map((f) => `IPv${f}`).join(' and ');
    const message = `gateway ${shown} is IPv${gateway.family} but every range is ${other}; the default route cannot use it. Use an address from the range, or leave gateway out.`;
    found.push(issue('error', 'ipam/gateway-family', path, message));
    return found;
  }
  if (families.size > 1) {
    const otherFamily = gateway.family === 4 ? 6 : 4;
    const message = `whereabouts has one gateway for all ranges, so the IPv${otherFamily} address also gets the IPv${gateway.family} gateway ${shown}. Leave "gateway" out and give each family its default route in "routes" (e.g. {"dst": "${otherFamily === 6 ? '::/0' : '0.0.0.0/0'}", "gw": "…"}).`;
    found.push(issue('warning', 'ipam/gateway-family', path, message));
  }

  const inside = sameFamily.filter((r) => {
    const size = 1n << BigInt(familyBits(r.family) - r.prefixLength);
    return gateway.value >= r.network && gateway.value < r.network + size;
  });
  if (inside.length === 0) {
    const cidrs = sameFamily.map((r) => r.cidr).join(', ');
    const message = `gateway ${shown} is outside ${cidrs}, so pods cannot reach it directly and the default route fails. Use an address inside the range.`;
    found.push(issue('warning', 'ipam/gateway-outside', path, message));
    return found;
  }

  const handedOut = inside.find(
    (r) =>
      gateway.value >= r.first &&
      gateway.value <= r.last &&
      !r.excludes.some(
        (e) => e.family === r.family && gateway.value >= e.first && gateway.value <= e.last,
      ),
  );
  if (handedOut) {
    const bits = familyBits(gateway.family);
    const where =
      handedOut.path.length === 0
        ? 'the top-level "exclude"'
        : `"exclude" of ipRanges[${handedOut.path[1]}]`;
    const message = `gateway ${shown} lies among the addresses whereabouts hands out from ${handedOut.cidr}, so a pod may get the gateway's address. Add "${shown}/${bits}" to ${where}, or start the range after it with range_start.`;
    found.push(issue('warning', 'ipam/gateway-allocatable', path, message));
  }
  return found;
}

function duplicateRanges(ranges: WhereaboutsRange[]): Issue[] {
  const seen = new Map<string, WhereaboutsRange>();
  const found: Issue[] = [];
  for (const range of ranges) {
    const earlier = seen.get(range.poolName);
    if (earlier) {
      found.push(
        issue(
          'warning',
          'ipam/range-duplicate',
          [...range.path, 'range'],
          `${range.cidr} is listed twice, so both entries share IPPool ${range.poolName} and each pod takes two addresses from it. Remove one entry or merge their settings.`,
        ),
      );
    } else {
      seen.set(range.poolName, range);
    }
  }
  return found;
}
