import { pageHref } from '@/lib/views/paths';
import type { PoolView, Problem } from '@/lib/views/types';
import { NEAR_EXHAUSTION_PERCENT } from '../pools/UtilizationBar';

/**
 * Pools close to running out, as problems. Exhausted pools are already reported by the server
 * (per network range), so only the nearly full ones are added here.
 */
export function nearlyExhaustedPools(pools: readonly PoolView[]): Problem[] {
  return pools
    .filter((p) => p.free !== '0' && p.usedPercent >= NEAR_EXHAUSTION_PERCENT)
    .sort((a, b) => b.usedPercent - a.usedPercent)
    .map((p) => ({
      severity: 'warning' as const,
      code: 'pool/nearly-exhausted',
      title: `Pool ${p.range} is ${p.usedPercent}% used: ${p.free} address${p.free === '1' ? '' : 'es'} left`,
      detail: `${p.stale > 0 ? `${p.stale} of its ${p.used} allocations are stale and can be released. ` : ''}New pods on ${p.networks.map((n) => n.name).join(', ') || 'its networks'} fail once it is full.`,
      href: pageHref.pool(p.namespace, p.name),
      object: { kind: 'IPPool', namespace: p.namespace, name: p.name },
    }));
}
