'use client';

import Link from 'next/link';
import { useState } from 'react';
import { StatusMark } from '@/components/common/StatusMark';
import { Button } from '@/components/common/ui';
import { pageHref } from '@/lib/views/paths';
import type { PoolView } from '@/lib/views/types';
import { ReleaseAllocation } from './ReleaseAllocation';
import { STALE_REASONS } from './stale-reasons';

/** Rows shown before "show more": an IPv6 pool can hold thousands. */
const PAGE = 300;

function podLink(podref: string) {
  const [namespace = '', name = ''] = podref.split('/');
  return (
    <Link
      href={pageHref.pod(namespace, name)}
      className="text-blue-800 underline-offset-2 hover:underline dark:text-blue-300"
    >
      {podref}
    </Link>
  );
}

/** Each allocation of a pool with its pod; stale ones first, marked with why, and releasable. */
export function AllocationsTable({ pool }: { pool: PoolView }) {
  const [shown, setShown] = useState(PAGE);
  const rows = [...pool.allocations].sort((a, b) => Number(b.stale) - Number(a.stale));
  if (rows.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No address is allocated from this pool.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Allocations of {pool.range}, stale first</caption>
        <thead className="text-xs text-slate-600 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-3 font-semibold">
              Address
            </th>
            <th scope="col" className="py-1 pr-3 font-semibold">
              Pod
            </th>
            <th scope="col" className="py-1 pr-3 font-semibold">
              Interface
            </th>
            <th scope="col" className="py-1 pr-3 font-semibold">
              Container
            </th>
            <th scope="col" className="py-1 pr-3 font-semibold">
              State
            </th>
            <th scope="col" className="py-1 font-semibold">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, shown).map((a) => (
            <tr
              key={a.offset}
              data-address={a.address}
              className={`border-t border-slate-100 align-top dark:border-slate-800 ${a.stale ? 'bg-amber-50/70 dark:bg-amber-950/30' : ''}`}
            >
              <td className="py-1.5 pr-3 font-mono">{a.address}</td>
              <td className="py-1.5 pr-3 font-mono text-xs break-all">
                {a.podref ? (
                  a.stale && a.staleReason === 'pod-gone' ? (
                    a.podref
                  ) : (
                    podLink(a.podref)
                  )
                ) : (
                  <span className="text-slate-500 italic">not recorded</span>
                )}
              </td>
              <td className="py-1.5 pr-3 font-mono text-xs">{a.ifname ?? '—'}</td>
              <td className="py-1.5 pr-3 font-mono text-xs" title={a.containerId}>
                {a.containerId.slice(0, 12) || '—'}
              </td>
              <td className="py-1.5 pr-3">
                {a.stale ? (
                  <div>
                    <StatusMark tone="warning">Stale</StatusMark>
                    {a.staleReason && (
                      <p className="mt-0.5 text-xs text-slate-700 dark:text-slate-300">
                        {STALE_REASONS[a.staleReason]}
                      </p>
                    )}
                  </div>
                ) : (
                  <StatusMark tone="ok">In use</StatusMark>
                )}
              </td>
              <td className="py-1.5">
                {a.stale && (
                  <div className="flex justify-end">
                    <ReleaseAllocation pool={pool} allocation={a} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown && (
        <Button className="mt-2" onClick={() => setShown((n) => n + PAGE)}>
          Show {Math.min(PAGE, rows.length - shown)} more of {rows.length - shown}
        </Button>
      )}
    </div>
  );
}
