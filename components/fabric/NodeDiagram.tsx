import { StatusMark } from '@/components/common/StatusMark';
import type { FabricNode, PolicyRow } from '@/lib/views/types';
import { PfPanel } from './PfPanel';

function syncTone(status: string | undefined) {
  if (status === 'Succeeded') return 'ok' as const;
  if (status === 'Failed') return 'error' as const;
  if (status === 'InProgress') return 'warning' as const;
  return 'neutral' as const;
}

/** A node drawn as a box with its ports hanging off it, each port with its VFs. */
export function NodeDiagram({
  node,
  policies,
  highlighted,
}: {
  node: FabricNode;
  policies: PolicyRow[];
  highlighted: boolean;
}) {
  const headingId = `node-${node.name}-heading`;
  const vfs = node.pfs.reduce((n, pf) => n + pf.vfs.length, 0);
  const used = node.pfs.reduce((n, pf) => n + pf.vfs.filter((v) => v.pod).length, 0);
  return (
    <section
      id={node.name}
      aria-labelledby={headingId}
      tabIndex={-1}
      className={`scroll-mt-4 rounded-lg border bg-white p-4 shadow-sm focus:outline-none dark:bg-slate-900 ${
        highlighted
          ? 'border-blue-600 ring-2 ring-blue-600/40 dark:border-blue-400'
          : 'border-slate-200 dark:border-slate-700'
      }`}
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 id={headingId} className="font-mono text-base font-semibold">
          {node.name}
        </h2>
        <StatusMark tone={node.ready === true ? 'ok' : node.ready === false ? 'error' : 'neutral'}>
          {node.ready === true ? 'Ready' : node.ready === false ? 'Not ready' : 'Readiness unknown'}
        </StatusMark>
        <StatusMark tone={syncTone(node.syncStatus)}>
          {node.syncStatus ? `Sync ${node.syncStatus}` : 'No node state'}
        </StatusMark>
        <span className="text-sm text-slate-600 dark:text-slate-400">
          {node.pfs.length} port(s), {used} of {vfs} VFs in use
        </span>
      </header>
      {node.lastSyncError && (
        <p className="mt-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100">
          <span className="font-semibold">Last sync error: </span>
          <span className="font-mono break-all">{node.lastSyncError}</span>
        </p>
      )}
      {node.resources.length > 0 && (
        <ul
          className="mt-2 flex flex-wrap gap-2 text-xs"
          aria-label={`Device resources of ${node.name}`}
        >
          {node.resources.map((r) => (
            <li
              key={r.resource}
              className="rounded border border-slate-200 px-2 py-0.5 dark:border-slate-700"
            >
              <span className="font-mono">{r.resource}</span>: {r.requested} requested of{' '}
              {r.allocatable} allocatable
            </li>
          ))}
        </ul>
      )}
      {node.pfs.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
          {node.syncStatus
            ? 'The node state lists no SR-IOV capable port.'
            : 'No SriovNetworkNodeState for this node: the SR-IOV config daemon (or the ibnet agent) has not reported it.'}
        </p>
      ) : (
        // The left rail is the node's bus; each port hangs off it.
        <div className="mt-3 space-y-4 border-l-4 border-slate-300 pl-4 dark:border-slate-600">
          {node.pfs.map((pf) => (
            <div key={pf.pciAddress} className="relative">
              <span
                aria-hidden="true"
                className="absolute top-8 -left-4 h-0.5 w-4 bg-slate-300 dark:bg-slate-600"
              />
              <PfPanel pf={pf} node={node.name} policies={policies} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
