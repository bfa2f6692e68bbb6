import { fabricView } from './fabric';
import type { ClusterSnapshot } from './kube';
import { networkRows } from './networks';
import { pageHref } from './paths';
import { analyzePod, effectiveRow, nadContext } from './pod-analysis';
import { staleByPool } from './pools';
import type { Health, OverviewView, Problem } from './types';

/** How many pod problems the overview lists one by one before it summarizes. */
const POD_PROBLEMS_SHOWN = 20;

/** Counts and health of everything the user can see, with the problems and where to fix them. */
export function overviewView(snapshot: ClusterSnapshot): OverviewView {
  const rows = networkRows(snapshot);
  const fabric = fabricView(snapshot);
  const problems: Problem[] = rows.flatMap((r) => r.problems);

  let podsWithNetworks = 0;
  const podProblems: Problem[] = [];
  const nads = nadContext(snapshot.nads, snapshot.nadNamespaces);
  for (const pod of snapshot.pods) {
    const row = effectiveRow(analyzePod(pod), nads);
    if (row.requested > 0) podsWithNetworks++;
    if (row.state !== 'problem') continue;
    podProblems.push({
      severity: 'error',
      code: 'pod/not-attached',
      title: `Pod ${row.namespace}/${row.name}: ${row.attached} of ${row.requested} networks attached`,
      detail: 'Open the pod to see why each missing network did not attach.',
      href: pageHref.pod(row.namespace, row.name),
      object: { kind: 'Pod', namespace: row.namespace, name: row.name },
    });
  }
  problems.push(...podProblems.slice(0, POD_PROBLEMS_SHOWN));
  if (podProblems.length > POD_PROBLEMS_SHOWN) {
    problems.push({
      severity: 'error',
      code: 'pod/more',
      title: `${podProblems.length - POD_PROBLEMS_SHOWN} more pods with network problems`,
      detail: 'Filter the pod list by status "problem" to see them all.',
      href: '/pods?status=problem',
    });
  }
  problems.push(...fabric.problems);

  const staleAllocations = [...staleByPool(snapshot).values()].reduce((n, l) => n + l.length, 0);
  const health: Health = problems.some((p) => p.severity === 'error')
    ? 'error'
    : problems.some((p) => p.severity === 'warning')
      ? 'warning'
      : 'ok';

  return {
    counts: {
      networks: rows.length,
      networksReady: rows.filter((r) => r.ready.status === 'True').length,
      pods: snapshot.pods.length,
      podsWithNetworks,
      podsWithProblems: podProblems.length,
      nodes: fabric.nodes.length,
      nodesWithVfs: fabric.nodes.filter((n) => n.pfs.some((pf) => pf.vfs.length > 0)).length,
      pools: snapshot.pools.length,
      staleAllocations,
      policies: snapshot.policies.length,
    },
    health,
    problems,
  };
}
