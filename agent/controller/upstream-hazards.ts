import type { SriovNetworkLike } from '../../lib/model';
import { parseJsonText } from '../../lib/render';

/**
 * Ways the SR-IOV Network Operator's template mangles a network that ibnet renders faithfully,
 * worth a warning while the operator is in charge.
 *
 * NOTE: the operator deletes every whitespace character from the ipam text, even inside string
 * values, and its template breaks on a `'` in it.
 */
export function upstreamRenderingHazards(network: SriovNetworkLike): string[] {
  const ipam = network.spec.ipam;
  if (!ipam) return [];
  const hazards: string[] = [];
  if (ipam.includes("'")) {
    hazards.push(
      "spec.ipam contains a ' (single quote), which breaks the SR-IOV Network Operator's template",
    );
  }
  const parsed = parseJsonText(ipam);
  if (parsed.ok) {
    const spaced = stringsWithWhitespace(parsed.value);
    if (spaced.length > 0) {
      hazards.push(
        `the SR-IOV Network Operator strips whitespace inside spec.ipam string values (${spaced
          .slice(0, 3)
          .map((s) => JSON.stringify(s))
          .join(', ')}), so its NAD differs from what was written`,
      );
    }
  }
  return hazards;
}

function stringsWithWhitespace(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (/\s/.test(value)) found.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) stringsWithWhitespace(v, found);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/\s/.test(k)) found.push(k);
      stringsWithWhitespace(v, found);
    }
  }
  return found;
}
