'use client';

import Link from 'next/link';
import { useState } from 'react';
import { usePod } from '@/components/api';
import { StatusMark, ToneIcon } from '@/components/common/StatusMark';
import {
  Card,
  EmptyState,
  ErrorBanner,
  Loading,
  PageHeader,
  Tabs,
  toneOf,
} from '@/components/common/ui';
import { ApiError } from '@/components/api';
import type { Diagnosis } from '@/lib/views/types';
import { STATE_LABELS } from '../filters';
import { InterfaceFacts, interfaceNetwork } from '../InterfaceFacts';
import { AnnotationsView } from './AnnotationsView';
import { IpAddrView } from './IpAddrView';
import { PodEvents } from './PodEvents';
import { PodNetInfoView } from './PodNetInfoView';

/** Mistakes of the networks annotation: each one, then what to do (said once). */
function RequestProblems({ problems }: { problems: Diagnosis[] }) {
  const actions = [...new Set(problems.flatMap((d) => (d.action ? [d.action] : [])))];
  return (
    <div className="space-y-2 text-sm">
      <ul className="space-y-1">
        {problems.map((d, i) => (
          <li key={i} className="flex gap-2">
            <span
              className={
                d.severity === 'error'
                  ? 'mt-0.5 text-red-700 dark:text-red-400'
                  : 'mt-0.5 text-amber-700 dark:text-amber-400'
              }
            >
              <ToneIcon tone={d.severity === 'error' ? 'error' : 'warning'} />
            </span>
            <span className="break-words">
              <span className="sr-only">{d.severity}: </span>
              {d.detail}
            </span>
          </li>
        ))}
      </ul>
      {actions.map((a) => (
        <p key={a}>
          <span className="font-medium">What to do: </span>
          {a}
        </p>
      ))}
    </div>
  );
}

/** One pod: its interfaces requested against attached, the diagnoses, and how it looks inside. */
export function PodDetailPage({ namespace, name }: { namespace: string; name: string }) {
  const pod = usePod(namespace, name);
  const [tab, setTab] = useState('ip');

  if (pod.isLoading) return <Loading label={`Loading pod ${namespace}/${name}…`} />;
  if (pod.error instanceof ApiError && pod.error.code === 'not-found') {
    return (
      <EmptyState title={`Pod ${namespace}/${name} does not exist (any more)`}>
        <Link href="/pods" className="text-blue-800 underline dark:text-blue-300">
          Back to all pods
        </Link>
      </EmptyState>
    );
  }
  if (pod.error)
    return <ErrorBanner error={pod.error} title={`Pod ${namespace}/${name} could not be loaded`} />;
  const p = pod.data;
  if (!p) return null;

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link
          href="/pods"
          className="text-blue-800 underline-offset-2 hover:underline dark:text-blue-300"
        >
          Pods
        </Link>
        <span aria-hidden="true"> / </span>
        <Link
          href={`/pods?namespace=${encodeURIComponent(p.namespace)}`}
          className="text-blue-800 underline-offset-2 hover:underline dark:text-blue-300"
        >
          {p.namespace}
        </Link>
      </nav>
      <PageHeader
        title={
          <span className="break-all">
            <span className="text-slate-500 dark:text-slate-400">{p.namespace}/</span>
            {p.name}
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <StatusMark tone={p.state === 'none' ? 'neutral' : toneOf(p.state)}>
              {STATE_LABELS[p.state]}
            </StatusMark>
            <span>
              {p.attached} of {p.requested} requested network(s) attached
            </span>
            <span>Phase {p.phase}</span>
            <span>
              Node{' '}
              {p.node ? (
                <Link
                  href={`/fabric#${encodeURIComponent(p.node)}`}
                  className="font-mono text-blue-800 underline dark:text-blue-300"
                >
                  {p.node}
                </Link>
              ) : (
                'not scheduled'
              )}
            </span>
            {p.createdAt && <span>Created {new Date(p.createdAt).toLocaleString()}</span>}
            {p.testPod && <span>Test pod created by ibnet</span>}
          </span>
        }
      />
      {p.requestProblems.length > 0 && (
        <Card title="The networks annotation has mistakes">
          <RequestProblems problems={p.requestProblems} />
        </Card>
      )}
      <section aria-labelledby="interfaces-heading" className="space-y-3">
        <h2 id="interfaces-heading" className="text-base font-semibold">
          Interfaces
        </h2>
        {p.interfaces.length === 0 ? (
          <EmptyState title="No secondary interface">
            The pod asks for no network in k8s.v1.cni.cncf.io/networks, and Multus reports none.
          </EmptyState>
        ) : (
          <div className="grid gap-3">
            {p.interfaces.map((view, i) => (
              <Card
                key={i}
                title={
                  view.attached?.interface ?? view.requested?.interface ?? interfaceNetwork(view)
                }
              >
                <InterfaceFacts view={view} node={p.node} />
              </Card>
            ))}
          </div>
        )}
      </section>
      <Tabs
        label="Inside the pod"
        selected={tab}
        onSelect={setTab}
        tabs={[
          { id: 'ip', label: 'ip a (derived)', content: <IpAddrView interfaces={p.interfaces} /> },
          {
            id: 'podnetinfo',
            label: '/etc/podnetinfo/annotations',
            content: <PodNetInfoView pod={p} />,
          },
          { id: 'annotations', label: 'Annotations', content: <AnnotationsView pod={p} /> },
          {
            id: 'events',
            label: `Events (${p.events.length})`,
            content: <PodEvents events={p.events} />,
          },
        ]}
      />
    </div>
  );
}
