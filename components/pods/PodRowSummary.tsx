'use client';

import { useQuery } from '@tanstack/react-query';
import { api } from '@/components/api';
import { ToneIcon } from '@/components/common/StatusMark';
import type { Diagnosis, PodDetail, PodRow } from '@/lib/views/types';

/** The diagnosis that matters most: errors, then warnings, then "still pending". */
export function worstDiagnosis(detail: PodDetail): Diagnosis | undefined {
  const all = [...detail.requestProblems, ...detail.interfaces.flatMap((i) => i.diagnoses)];
  return (
    all.find((d) => d.severity === 'error') ??
    all.find((d) => d.severity === 'warning') ??
    all.find((d) => d.code === 'pending')
  );
}

/**
 * The first thing wrong with a pod, in the back end's words. Fetched only for rows at rest, and
 * keyed by what the row says (state and counts), so the live stream does not refetch every
 * visible row on each pod event: a new row state gives a new key.
 */
export function PodRowSummary({ row, settled }: { row: PodRow; settled: boolean }) {
  const summary = useQuery({
    queryKey: [
      'pod-summary',
      row.namespace,
      row.name,
      row.uid ?? '',
      row.state,
      row.attached,
      row.requested,
    ],
    queryFn: () => api.pod(row.namespace, row.name).then((d) => worstDiagnosis(d) ?? null),
    enabled: settled && row.state !== 'none',
    staleTime: 30_000,
  });

  if (row.state === 'none') return <span>Asks for no secondary network</span>;
  const counts =
    row.state === 'ok'
      ? row.attached === 1
        ? 'its network is attached'
        : `all ${row.attached} networks attached`
      : `${row.attached} of ${row.requested} attached`;
  const worst = summary.data;
  if (!worst) return <span>{counts.charAt(0).toUpperCase() + counts.slice(1)}</span>;
  return (
    <span title={`${worst.detail}${worst.action ? ` What to do: ${worst.action}` : ''}`}>
      {worst.severity === 'warning' && (
        <span className="mr-1 text-amber-700 dark:text-amber-400">
          <ToneIcon tone="warning" />
          <span className="sr-only">Warning: </span>
        </span>
      )}
      <span className="font-medium">{worst.title}</span>
      <span className="text-slate-600 dark:text-slate-400"> · {counts}</span>
    </span>
  );
}
