'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { NetworkAttachmentDefinition } from '@/lib/model';
import type { NetworkDetail, NetworkPlural } from '@/lib/views/types';
import { useNetwork } from '@/components/api';
import { ProblemList } from '@/components/common/ProblemList';
import { StatusMark } from '@/components/common/StatusMark';
import {
  Badge,
  Card,
  CodeBlock,
  EmptyState,
  ErrorBanner,
  Loading,
  PageHeader,
  Tabs,
  toneOf,
} from '@/components/common/ui';
import { usePermission } from '@/components/common/usePermission';
import { DiffView } from '@/components/editor';
import { DeleteNetworkButton } from './DeleteNetworkButton';
import { ExportActions } from './ExportActions';
import { portableYaml } from './export';
import { LinkButton } from './LinkButton';
import { networkEditHref } from './links';
import { nadYaml } from './ReviewDialog';

/** Whether the cluster's NAD is what ibnet renders (config and the two annotations). */
export function nadMatches(
  inCluster: NetworkAttachmentDefinition | undefined,
  rendered: NetworkAttachmentDefinition | undefined,
): boolean {
  if (!inCluster || !rendered) return inCluster === rendered;
  const annotations = rendered.metadata.annotations ?? {};
  return (
    inCluster.spec?.config === rendered.spec?.config &&
    Object.entries(annotations).every(([k, v]) => inCluster.metadata.annotations?.[k] === v)
  );
}

function NadSection({ detail }: { detail: NetworkDetail }) {
  const { nadObject, renderedNad, nad } = detail;
  const same = nadMatches(nadObject, renderedNad);
  return (
    <div className="space-y-3" data-testid="nad-section">
      <p className="text-sm">
        <StatusMark
          tone={nad.state === 'present' ? 'ok' : nad.state === 'foreign' ? 'error' : 'warning'}
        >
          {nad.state}
        </StatusMark>{' '}
        NetworkAttachmentDefinition{' '}
        <code>
          {nad.namespace}/{nad.name}
        </code>
        {nad.owner ? ` (owned by ${nad.owner})` : ''}.
      </p>
      {nadObject && same && (
        <>
          <p className="text-sm text-emerald-800 dark:text-emerald-300">
            It matches what ibnet renders from this network.
          </p>
          <CodeBlock text={nadYaml(nadObject)} label="NAD YAML" />
        </>
      )}
      {nadObject && !same && renderedNad && (
        <>
          <p className="text-sm text-amber-800 dark:text-amber-300">
            The NAD in the cluster differs from what ibnet renders from this network: it was changed
            by hand, by another controller, or the agent has not caught up yet.
          </p>
          <DiffView
            original={nadYaml(nadObject)}
            modified={nadYaml(renderedNad)}
            modelId={`nad-${detail.namespace}-${detail.name}`}
            height={300}
            ariaLabel="NAD in the cluster (left) against the NAD ibnet renders (right)"
          />
        </>
      )}
      {!nadObject && (
        <>
          <p className="text-sm text-amber-800 dark:text-amber-300">
            There is no NAD yet; pods requesting {nad.name} in {nad.namespace} wait. This is what
            the agent will write:
          </p>
          {renderedNad ? (
            <CodeBlock text={nadYaml(renderedNad)} label="NAD YAML" />
          ) : (
            <p className="text-sm">The spec cannot be rendered; see the problems above.</p>
          )}
        </>
      )}
    </div>
  );
}

function PodsSection({ detail }: { detail: NetworkDetail }) {
  if (detail.pods.length === 0) {
    return (
      <EmptyState title="No pod uses this network">
        Pods request it with the annotation k8s.v1.cni.cncf.io/networks: {detail.nad.name}
      </EmptyState>
    );
  }
  return (
    <table className="w-full text-left text-sm" data-testid="pods-table">
      <caption className="sr-only">Pods using the network</caption>
      <thead className="text-xs">
        <tr>
          <th scope="col" className="py-1">
            Pod
          </th>
          <th scope="col">Node</th>
          <th scope="col">Phase</th>
          <th scope="col">Interface</th>
          <th scope="col">Addresses</th>
          <th scope="col">Attached</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {detail.pods.map((p) => (
          <tr key={`${p.namespace}/${p.name}`}>
            <th scope="row" className="py-1 font-normal">
              <Link
                href={`/pods/${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.name)}`}
                className="text-blue-800 hover:underline dark:text-blue-300"
              >
                {p.namespace}/{p.name}
              </Link>
            </th>
            <td>{p.node ?? '—'}</td>
            <td>{p.phase}</td>
            <td className="font-mono text-xs">{p.interface ?? '—'}</td>
            <td className="font-mono text-xs">{p.ips.join(', ') || '—'}</td>
            <td>
              <StatusMark tone={p.attached ? 'ok' : 'warning'}>
                {p.attached ? 'yes' : 'not yet'}
              </StatusMark>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function IpamSection({ detail }: { detail: NetworkDetail }) {
  const { ipam } = detail;
  if (ipam.ranges.length === 0) {
    return (
      <p className="text-sm">
        IPAM type <strong>{ipam.type}</strong>: no pool to show.
      </p>
    );
  }
  return (
    <table className="w-full text-left text-sm" data-testid="ipam-usage">
      <caption className="sr-only">Address usage per range</caption>
      <thead className="text-xs">
        <tr>
          <th scope="col" className="py-1">
            Range
          </th>
          <th scope="col">Pool</th>
          <th scope="col">Used</th>
          <th scope="col">Free</th>
          <th scope="col">Stale</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {ipam.ranges.map((r) => (
          <tr key={r.range}>
            <th scope="row" className="py-1 font-mono text-xs font-normal">
              {r.range}
            </th>
            <td className="text-xs">
              {r.pool ? (
                <Link
                  href={`/pools/${encodeURIComponent(r.poolNamespace ?? '')}/${encodeURIComponent(r.pool)}`}
                  className="text-blue-800 hover:underline dark:text-blue-300"
                >
                  {r.pool}
                </Link>
              ) : (
                '—'
              )}
            </td>
            <td className="tabular-nums">
              {r.used} ({r.usedPercent}%)
            </td>
            <td className="tabular-nums">{r.free}</td>
            <td className="tabular-nums">
              {r.stale > 0 ? <Badge tone="warning">{r.stale} stale</Badge> : 0}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Conditions({ detail }: { detail: NetworkDetail }) {
  // Ready is shown above; the other conditions, if any, are listed here.
  const conditions = (detail.object.status?.conditions ?? []).filter((c) => c.type !== 'Ready');
  if (conditions.length === 0) return null;
  return (
    <ul className="space-y-1 text-sm">
      {conditions.map((c, i) => (
        <li key={i}>
          <StatusMark tone={toneOf(c.status)}>
            {c.type}={c.status}
          </StatusMark>{' '}
          {c.reason && <strong>{c.reason}</strong>} {c.message}
          {c.lastTransitionTime && (
            <span className="text-xs text-slate-500"> · since {c.lastTransitionTime}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

function EventsSection({ detail }: { detail: NetworkDetail }) {
  if (detail.events.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">No events.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
      {detail.events.map((e, i) => (
        <li key={i} className="py-1">
          <StatusMark tone={e.type === 'Warning' ? 'warning' : 'info'}>{e.type}</StatusMark>{' '}
          <strong>{e.reason}</strong> {e.message}
          <span className="text-xs text-slate-500">
            {' '}
            {e.count > 1 ? `×${e.count} ` : ''}
            {e.lastSeen ?? ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** One network: status, the NAD (and how it differs from what ibnet renders), pods, pools, events. */
export function NetworkDetails({
  plural,
  namespace,
  name,
}: {
  plural: NetworkPlural;
  namespace: string;
  name: string;
}) {
  const network = useNetwork(plural, namespace, name);
  const canEdit = usePermission('update', plural, namespace);
  const [tab, setTab] = useState('nad');
  const yaml = useMemo(
    () =>
      network.data ? portableYaml(network.data.object as unknown as Record<string, unknown>) : '',
    [network.data],
  );

  if (network.isLoading) return <Loading label={`Loading ${namespace}/${name}…`} />;
  if (!network.data)
    return <ErrorBanner error={network.error} title={`${namespace}/${name} could not be loaded`} />;
  const d = network.data;
  const { ipam, capabilities } = d;
  const editDenied = canEdit.allowed
    ? undefined
    : (canEdit.reason ?? (canEdit.loading ? 'Checking your permissions…' : undefined));

  return (
    <div className="space-y-4">
      <PageHeader
        title={name}
        description={
          <>
            {d.kind} in {namespace} · NAD in {d.targetNamespace} ·{' '}
            <Link href="/networks" className="underline">
              all networks
            </Link>
          </>
        }
        actions={
          <>
            <ExportActions yaml={yaml} namespace={namespace} name={name} />
            <LinkButton
              href={networkEditHref(plural, namespace, name)}
              variant="primary"
              disabledReason={editDenied}
            >
              Edit
            </LinkButton>
            <DeleteNetworkButton
              plural={plural}
              namespace={namespace}
              name={name}
              targetNamespace={d.targetNamespace}
              resourceVersion={d.resourceVersion}
            />
          </>
        }
      />
      {editDenied && <p className="text-sm text-slate-600 dark:text-slate-400">{editDenied}</p>}

      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Status">
          <p className="text-sm" data-testid="ready-state">
            <StatusMark tone={toneOf(d.ready.status)}>
              {d.ready.status === 'True'
                ? 'Ready'
                : d.ready.status === 'False'
                  ? 'Not ready'
                  : 'Unknown'}
            </StatusMark>{' '}
            {d.ready.reason}
          </p>
          {d.ready.message && (
            <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{d.ready.message}</p>
          )}
          <div className="mt-2">
            <Conditions detail={d} />
          </div>
        </Card>
        <Card title="Spec">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-600 dark:text-slate-400">Resource</dt>
            <dd className="font-mono text-xs">{d.resourceName}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Link state</dt>
            <dd>{d.linkState ?? 'unset'}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Capabilities</dt>
            <dd>
              {[
                capabilities.infinibandGUID && 'per-pod GUID',
                capabilities.ips && 'per-pod IPs',
                capabilities.mac && 'per-pod MAC',
              ]
                .filter(Boolean)
                .join(', ') || 'none'}
            </dd>
            <dt className="text-slate-600 dark:text-slate-400">IPAM</dt>
            <dd>
              {ipam.type}
              {ipam.ranges.length > 0 && (
                <span className="block font-mono text-xs">
                  {ipam.ranges.map((r) => r.range).join(', ')}
                </span>
              )}
            </dd>
            <dt className="text-slate-600 dark:text-slate-400">Pods</dt>
            <dd>{d.podCount}</dd>
          </dl>
        </Card>
        <Card title={`Problems (${d.problems.length})`}>
          {d.problems.length === 0 ? (
            <p className="text-sm text-emerald-800 dark:text-emerald-300">None found.</p>
          ) : (
            <ProblemList problems={d.problems} />
          )}
        </Card>
      </div>

      <Tabs
        label="Network details"
        selected={tab}
        onSelect={setTab}
        tabs={[
          { id: 'nad', label: 'NAD', content: <NadSection detail={d} /> },
          { id: 'pods', label: `Pods (${d.pods.length})`, content: <PodsSection detail={d} /> },
          { id: 'ipam', label: 'IP addresses', content: <IpamSection detail={d} /> },
          {
            id: 'events',
            label: `Events (${d.events.length})`,
            content: <EventsSection detail={d} />,
          },
          { id: 'yaml', label: 'YAML', content: <CodeBlock text={yaml} label="network YAML" /> },
        ]}
      />
    </div>
  );
}
