'use client';

import { useMemo } from 'react';
import type { ObjectRef, PoolView } from '@/lib/views/types';
import { poolPreview } from '../pool-preview';

const groupDigits = (n: string) => n.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * The whereabouts pools this config allocates from, live: their size, what is in use already
 * (pools shared through network_name), and the first addresses the next pods get.
 */
export function PoolPanel({
  cfg,
  pools,
  self,
}: {
  cfg: Record<string, unknown>;
  pools: readonly PoolView[];
  self: ObjectRef;
}) {
  const preview = useMemo(() => poolPreview(cfg, pools, self), [cfg, pools, self]);
  return (
    <section
      aria-labelledby="wizard-pool-title"
      aria-live="polite"
      data-testid="pool-preview"
      className="rounded-md border border-slate-200 p-3 dark:border-slate-700"
    >
      <h3 id="wizard-pool-title" className="text-sm font-semibold">
        Pools and first addresses
      </h3>
      {preview.ranges.length > 0 && (
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">The IP pools of this network</caption>
          <thead className="text-xs text-slate-600 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Range
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                IPPool
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Pool size
              </th>
              <th scope="col" className="py-1 font-medium">
                In use now
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.ranges.map((r) => (
              <tr key={r.pool} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1 pr-3 font-mono">
                  {r.cidr} <span className="font-sans text-xs text-slate-500">({r.family})</span>
                </td>
                <td className="py-1 pr-3 font-mono text-xs">{r.pool}</td>
                <td className="py-1 pr-3" data-testid="pool-size">
                  {groupDigits(r.size)} address{r.size === '1' ? '' : 'es'}
                </td>
                <td className="py-1">
                  {r.inUse}
                  {r.sharedWith.length > 0 && (
                    <span className="block text-xs text-slate-600 dark:text-slate-400">
                      shared with {r.sharedWith.map((s) => `${s.namespace}/${s.name}`).join(', ')}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.blocked && (
        <p className="mt-2 text-sm text-red-800 dark:text-red-300">
          Nothing can be handed out: {preview.blocked}
        </p>
      )}
      {preview.nextPods.length > 0 && (
        <div className="mt-2">
          <p className="text-xs text-slate-600 dark:text-slate-400">
            The next pods get (addresses already allocated in the cluster are skipped):
          </p>
          <ol className="font-mono text-sm" data-testid="first-addresses">
            {preview.nextPods.map((ips, i) => (
              <li key={i}>
                pod {i + 1}: {ips.join(', ')}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
