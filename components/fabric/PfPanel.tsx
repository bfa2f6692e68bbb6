import Link from 'next/link';
import { pageHref } from '@/lib/views/paths';
import type { FabricPf, PolicyRow } from '@/lib/views/types';
import { pfModel } from './devices';
import { VfTile } from './VfTile';

function Usage({ used, numVfs, totalvfs }: { used: number; numVfs: number; totalvfs?: number }) {
  const percent = numVfs > 0 ? Math.round((used * 100) / numVfs) : 0;
  return (
    <div className="mt-2">
      <p className="text-xs">
        <span className="font-semibold">{used}</span> of {numVfs} VFs in use
        {totalvfs !== undefined && <span className="text-slate-500"> · {totalvfs} possible</span>}
      </p>
      <div
        role="meter"
        aria-label="VFs in use"
        aria-valuemin={0}
        aria-valuemax={numVfs}
        aria-valuenow={used}
        className="mt-1 h-1.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
      >
        <div className="h-full bg-blue-600 dark:bg-blue-400" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

/** One InfiniBand (or Ethernet) port: the PF's facts, the policies carving it, and its VFs. */
export function PfPanel({
  pf,
  node,
  policies,
}: {
  pf: FabricPf;
  node: string;
  policies: PolicyRow[];
}) {
  const used = pf.vfs.filter((v) => v.pod).length;
  const carving = policies.filter(
    (p) => pf.resourceNames.includes(p.resourceName) && p.nodes.includes(node),
  );
  const label = `${pf.name ?? pf.pciAddress} on ${node}`;
  return (
    <div
      className="flex flex-col gap-3 lg:flex-row lg:items-start"
      role="group"
      aria-label={`Port ${label}`}
    >
      {/* The PF box; the connector line to the VFs is drawn by its right border on wide screens. */}
      <div className="relative w-full shrink-0 rounded-md border-2 border-slate-400 bg-white p-3 text-sm lg:w-64 dark:border-slate-500 dark:bg-slate-900">
        <p className="font-mono font-semibold">{pf.name ?? 'unnamed PF'}</p>
        <p className="font-mono text-xs text-slate-600 dark:text-slate-400">{pf.pciAddress}</p>
        <p className="mt-1 text-xs">{pfModel(pf.vendor, pf.deviceID)}</p>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-xs">
          <dt className="text-slate-500">Link</dt>
          <dd>
            {pf.linkType ?? 'unknown'}
            {pf.linkSpeed && <span className="text-slate-500"> · {pf.linkSpeed}</span>}
          </dd>
          <dt className="text-slate-500">MTU</dt>
          <dd>{pf.mtu ?? 'unknown'}</dd>
          <dt className="text-slate-500">Resource</dt>
          <dd className="break-all">{pf.resourceNames.join(', ') || 'none'}</dd>
          <dt className="text-slate-500">Policy</dt>
          <dd>
            {carving.length === 0 ? (
              <span className="text-slate-500 italic">none</span>
            ) : (
              carving.map((p) => (
                <Link
                  key={`${p.namespace}/${p.name}`}
                  href={pageHref.policy(p.namespace, p.name)}
                  className="mr-1 text-blue-800 underline-offset-2 hover:underline dark:text-blue-300"
                >
                  {p.name}
                </Link>
              ))
            )}
          </dd>
        </dl>
        <Usage used={used} numVfs={pf.numVfs} totalvfs={pf.totalvfs} />
        <span
          aria-hidden="true"
          className="absolute top-8 -right-3 hidden h-0.5 w-3 bg-slate-400 lg:block dark:bg-slate-500"
        />
      </div>
      {pf.vfs.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-3 text-sm text-slate-600 lg:flex-1 dark:border-slate-600 dark:text-slate-400">
          No VFs: no policy selects this port, or the node has not applied one yet.
        </p>
      ) : (
        <ul
          aria-label={`VFs of ${label}`}
          className="grid flex-1 grid-cols-[repeat(auto-fill,minmax(13rem,1fr))] gap-2 rounded-md border-l-2 border-slate-400 pl-3 dark:border-slate-500"
        >
          {pf.vfs.map((vf) => (
            <VfTile key={vf.pciAddress} vf={vf} />
          ))}
        </ul>
      )}
    </div>
  );
}
