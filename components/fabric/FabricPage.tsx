'use client';

import { useEffect, useState } from 'react';
import { useFabric, usePolicies } from '@/components/api';
import { ProblemList } from '@/components/common/ProblemList';
import { ToneIcon } from '@/components/common/StatusMark';
import { Card, EmptyState, ErrorBanner, Loading, PageHeader } from '@/components/common/ui';
import type { FabricNode } from '@/lib/views/types';
import { GUID_STATES } from './guid-states';
import { NodeDiagram } from './NodeDiagram';

function hasProblem(node: FabricNode): boolean {
  return (
    node.syncStatus === 'Failed' ||
    node.pfs.some((pf) => pf.vfs.some((v) => v.guidState !== 'ok' && v.guidState !== 'none'))
  );
}

function Legend() {
  return (
    <ul
      aria-label="Legend"
      className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300"
    >
      {Object.entries(GUID_STATES).map(([key, s]) => (
        <li key={key} className="flex items-center gap-1" title={s.meaning}>
          <ToneIcon tone={s.tone} />
          {s.label}
        </li>
      ))}
      <li className="flex items-center gap-1">
        <span
          aria-hidden="true"
          className="inline-block h-3 w-4 rounded-sm ring-2 ring-blue-500/60 ring-inset"
        />
        VF in use by a pod
      </li>
    </ul>
  );
}

/** Hash of the URL (`/fabric#worker-1`), followed as it changes. */
function useHash(): string {
  const [hash, setHash] = useState('');
  useEffect(() => {
    const read = () => setHash(decodeURIComponent(window.location.hash.slice(1)));
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);
  return hash;
}

/**
 * The fabric as the nodes report it: node → port → VF → pod. Zero and duplicate GUIDs and failed
 * syncs stand out in colour, icon and words; pods and policies are a click away.
 */
export function FabricPage() {
  const fabric = useFabric();
  const policies = usePolicies();
  const hash = useHash();
  const [onlyProblems, setOnlyProblems] = useState(false);

  // A link to one node (`/fabric#worker-1`) lands there once the drawing exists.
  const loaded = fabric.isSuccess;
  useEffect(() => {
    if (!loaded || !hash) return;
    const target = document.getElementById(hash);
    target?.scrollIntoView({ block: 'start' });
    target?.focus({ preventScroll: true });
  }, [loaded, hash]);

  if (fabric.isLoading) return <Loading label="Loading the fabric…" />;
  if (fabric.error)
    return <ErrorBanner error={fabric.error} title="The fabric could not be loaded" />;
  const view = fabric.data;
  if (!view) return null;

  const nodes = onlyProblems ? view.nodes.filter(hasProblem) : view.nodes;
  const pfs = view.nodes.flatMap((n) => n.pfs);
  const vfs = pfs.flatMap((pf) => pf.vfs);
  const count = (state: string) => vfs.filter((v) => v.guidState === state).length;
  const guidWords = [
    count('zero') > 0 ? `${count('zero')} zero GUID(s)` : '',
    count('duplicate') > 0 ? `${count('duplicate')} VF(s) with a duplicate GUID` : '',
    count('invalid') > 0 ? `${count('invalid')} invalid GUID(s)` : '',
  ].filter(Boolean);
  return (
    <div className="space-y-4">
      <PageHeader
        title="Fabric"
        description={`${view.nodes.length} node(s), ${pfs.length} port(s), ${vfs.filter((v) => v.pod).length} of ${vfs.length} VFs in use, as the nodes' SriovNetworkNodeStates report them.${guidWords.length > 0 ? ` Attention: ${guidWords.join(', ')}.` : ''}`}
      />
      {view.problems.length > 0 && (
        <Card title={`${view.problems.length} fabric problem(s)`}>
          <ProblemList problems={view.problems} />
        </Card>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Legend />
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={onlyProblems}
            onChange={(e) => setOnlyProblems(e.target.checked)}
          />
          Only nodes with problems
        </label>
      </div>
      {view.nodes.length > 1 && (
        <nav aria-label="Nodes" className="flex flex-wrap gap-2 text-sm">
          {view.nodes.map((n) => (
            <a
              key={n.name}
              href={`#${encodeURIComponent(n.name)}`}
              className="rounded border border-slate-300 px-2 py-0.5 font-mono hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
            >
              {n.name}
              {hasProblem(n) && <span className="sr-only"> (has problems)</span>}
              {hasProblem(n) && (
                <ToneIcon tone="error" className="ml-1 text-red-700 dark:text-red-400" />
              )}
            </a>
          ))}
        </nav>
      )}
      {nodes.length === 0 ? (
        <EmptyState title={onlyProblems ? 'No node has a fabric problem' : 'No nodes'}>
          {onlyProblems
            ? 'Every GUID is set and unique, and every node synced.'
            : 'The cluster reports no nodes.'}
        </EmptyState>
      ) : (
        nodes.map((n) => (
          <NodeDiagram
            key={n.name}
            node={n}
            policies={policies.data?.items ?? []}
            highlighted={hash === n.name}
          />
        ))
      )}
    </div>
  );
}
