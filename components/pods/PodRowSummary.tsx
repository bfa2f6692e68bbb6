'use client';

import { useQuery } from '@tanstack/react-query';
import { api, queryKeys } from '@/components/api';
import type { PodRow } from '@/lib/views/types';

/** The first thing wrong with a pod, in the back end's words, fetched only for rows at rest. */
export function PodRowSummary({ row, settled }: { row: PodRow; settled: boolean }) {
  const needsWhy = row.state === 'problem' || row.state === 'pending';
  const detail = useQuery({
    queryKey: queryKeys.pod(row.namespace, row.name),
    queryFn: () => api.pod(row.namespace, row.name),
    enabled: needsWhy && settled,
    staleTime: 15_000,
  });

  if (row.state === 'none') return <span>Asks for no secondary network</span>;
  if (row.state === 'ok') {
    return (
      <span>
        {row.attached === 1 ? 'Its network is attached' : `All ${row.attached} networks attached`}
      </span>
    );
  }

  const counts = `${row.attached} of ${row.requested} attached`;
  const diagnoses = [
    ...(detail.data?.requestProblems ?? []),
    ...(detail.data?.interfaces.flatMap((i) => i.diagnoses) ?? []),
  ];
  const worst =
    diagnoses.find((d) => d.severity === 'error') ??
    diagnoses.find((d) => d.severity === 'warning') ??
    diagnoses.find((d) => d.code === 'pending');
  if (!worst) return <span>{counts}</span>;
  return (
    <span title={`${worst.detail}${worst.action ? ` ${worst.action}` : ''}`}>
      <span className="font-medium">{worst.title}</span>
      <span className="text-slate-600 dark:text-slate-400"> · {counts}</span>
    </span>
  );
}
