'use client';

import Link from 'next/link';
import { useOverview, usePools } from '@/components/api';
import { ProblemList } from '@/components/common/ProblemList';
import { StatusMark } from '@/components/common/StatusMark';
import { Card, ErrorBanner, Loading, PageHeader, toneOf } from '@/components/common/ui';
import type { Health } from '@/lib/views/types';
import { CountCard } from './CountCard';
import { nearlyExhaustedPools } from './pool-problems';

const HEALTH_WORDS: Record<Health, string> = {
  ok: 'Healthy',
  warning: 'Needs attention',
  error: 'Something is broken',
  unknown: 'Health unknown',
};

const LINK = 'text-blue-800 underline-offset-2 hover:underline dark:text-blue-300';

/** The home page: counts and health of networks, nodes, pods and pools, and every problem. */
export function OverviewPage() {
  const overview = useOverview();
  const pools = usePools();

  if (overview.isLoading) return <Loading label="Loading the overview…" />;
  if (overview.error)
    return <ErrorBanner error={overview.error} title="The overview could not be loaded" />;
  const o = overview.data;
  if (!o) return null;

  const c = o.counts;
  const nearlyFull = nearlyExhaustedPools(pools.data?.items ?? []);
  const exhausted = (pools.data?.items ?? []).filter((p) => p.free === '0').length;
  const problems = [...o.problems, ...nearlyFull];
  const health: Health = o.health === 'ok' && nearlyFull.length > 0 ? 'warning' : o.health;

  return (
    <div className="space-y-5">
      <PageHeader
        title="Overview"
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusMark tone={toneOf(health)}>{HEALTH_WORDS[health]}</StatusMark>
            <span>
              {problems.length === 0
                ? 'No problem found with networks, pods, nodes or pools.'
                : `${problems.length} problem(s) found; each links to where it is fixed.`}
            </span>
          </span>
        }
      />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <CountCard
          title="Networks"
          value={`${c.networksReady} / ${c.networks}`}
          href="/networks"
          tone={c.networks === 0 ? 'neutral' : c.networksReady === c.networks ? 'ok' : 'warning'}
          status={
            c.networks === 0
              ? 'None yet'
              : c.networksReady === c.networks
                ? 'All ready'
                : `${c.networks - c.networksReady} not ready`
          }
        >
          SriovIBNetworks and SriovNetworks ready. {c.policies} node polic
          {c.policies === 1 ? 'y' : 'ies'}.
        </CountCard>
        <CountCard
          title="Nodes"
          value={`${c.nodesWithVfs} / ${c.nodes}`}
          href="/fabric"
          tone={c.nodesWithVfs > 0 ? 'ok' : 'warning'}
          status={c.nodesWithVfs > 0 ? `${c.nodesWithVfs} with VFs` : 'No VFs on any node'}
        >
          Nodes with SR-IOV VFs carved, of all nodes.
        </CountCard>
        <CountCard
          title="Pods"
          value={`${c.podsWithNetworks - c.podsWithProblems} / ${c.podsWithNetworks}`}
          href="/pods"
          tone={c.podsWithProblems > 0 ? 'error' : 'ok'}
          status={c.podsWithProblems > 0 ? `${c.podsWithProblems} failing` : 'None failing'}
        >
          Pods with secondary networks that are not failing.{' '}
          {c.podsWithProblems > 0 && (
            <Link href="/pods?status=problem" className={LINK}>
              Show the failing pods
            </Link>
          )}
        </CountCard>
        <CountCard
          title="IP pools"
          value={c.pools}
          href="/pools"
          tone={
            exhausted > 0
              ? 'error'
              : nearlyFull.length > 0 || c.staleAllocations > 0
                ? 'warning'
                : 'ok'
          }
          status={
            exhausted > 0
              ? `${exhausted} exhausted`
              : nearlyFull.length > 0
                ? `${nearlyFull.length} nearly exhausted`
                : 'Room to grow'
          }
        >
          {c.staleAllocations > 0 ? (
            <Link href="/pools" className={LINK}>
              {c.staleAllocations} stale allocation(s) to release
            </Link>
          ) : (
            'No stale allocations.'
          )}
        </CountCard>
      </div>
      <Card title={`Problems (${problems.length})`}>
        {problems.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">Nothing to fix.</p>
        ) : (
          <ProblemList problems={problems} />
        )}
      </Card>
    </div>
  );
}
