import Link from 'next/link';
import type { ReactNode } from 'react';
import { StatusMark } from '@/components/common/StatusMark';
import { toneOf } from '@/components/common/ui';
import type { InterfaceView } from '@/lib/views/types';
import { Diagnoses } from './Diagnoses';

const STATUS_WORDS: Record<InterfaceView['status'], string> = {
  attached: 'Attached',
  pending: 'Pending',
  failed: 'Not attached',
  problem: 'Attached with a problem',
};

/** A value, or a word saying why there is none, in a quieter style. */
function Value({ children, missing }: { children?: ReactNode; missing: string }) {
  if (children === undefined || children === null || children === '') {
    return <span className="text-slate-500 italic dark:text-slate-400">{missing}</span>;
  }
  return <span className="font-mono break-all">{children}</span>;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

function NodeLink({ node }: { node?: string }) {
  if (!node) return <Value missing="not scheduled" />;
  return (
    <Link
      href={`/fabric#${encodeURIComponent(node)}`}
      className="font-mono text-blue-800 underline-offset-2 hover:underline dark:text-blue-300"
    >
      {node}
    </Link>
  );
}

/** A problem that only warns (a dropped GUID request) is not shown as a failure. */
function statusTone(view: InterfaceView) {
  if (view.status === 'problem' && !view.diagnoses.some((d) => d.severity === 'error')) {
    return 'warning' as const;
  }
  return toneOf(view.status);
}

/** The network a request names or the attachment reports, as `namespace/name`. */
export function interfaceNetwork(view: InterfaceView): string {
  return view.requested?.network ?? view.attached?.network ?? 'unknown network';
}

/**
 * One interface of a pod, requested next to attached: network, names, addresses, MAC, MTU
 * ("unknown" when the plugin did not report it), GUID and device-info, then the diagnoses.
 */
export function InterfaceFacts({ view, node }: { view: InterfaceView; node?: string }) {
  const { requested, attached } = view;
  const network = interfaceNetwork(view);
  const requestedName = requested?.interface;
  const attachedName = attached?.interface;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <StatusMark tone={statusTone(view)}>{STATUS_WORDS[view.status]}</StatusMark>
        <span className="font-mono text-sm font-medium break-all">{network}</span>
      </div>
      {attached ? (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 md:grid-cols-4">
          <Fact label="Interface (requested → attached)">
            <Value missing="—">{`${requestedName ?? (requested ? 'any' : 'not requested')} → ${attachedName ?? '?'}`}</Value>
          </Fact>
          <Fact label="Addresses">
            {attached.ips.length === 0 ? (
              <Value missing="none reported" />
            ) : (
              <ul className="font-mono">
                {attached.ips.map((ip) => (
                  <li key={ip} className="break-words">
                    {ip}
                  </li>
                ))}
              </ul>
            )}
            {requested?.ips && requested.ips.length > 0 && (
              <span className="block text-xs text-slate-500">
                requested {requested.ips.join(', ')}
              </span>
            )}
          </Fact>
          <Fact label="MAC">
            <Value missing="unknown (not reported)">{attached.mac}</Value>
          </Fact>
          <Fact label="MTU">
            {attached.mtu === 'unknown' ? (
              <Value missing="unknown (not reported by the plugin)" />
            ) : (
              <Value missing="">{String(attached.mtu)}</Value>
            )}
          </Fact>
          <Fact label="GUID">
            <Value missing="unknown">{attached.guid}</Value>
            {requested?.guid && (
              <span className="block text-xs text-slate-500">requested {requested.guid}</span>
            )}
          </Fact>
          <Fact label="PCI address (VF)">
            <Value missing="not reported">{attached.pciAddress}</Value>
          </Fact>
          <Fact label="RDMA device">
            <Value missing="not reported">{attached.rdmaDevice}</Value>
          </Fact>
          <Fact label="Node / PF">
            <NodeLink node={node} />
            {attached.pfPciAddress && (
              <span className="block font-mono text-xs text-slate-500">
                PF {attached.pfPciAddress}
              </span>
            )}
          </Fact>
        </dl>
      ) : (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 md:grid-cols-4">
          <Fact label="Interface requested">
            <Value missing="any">{requestedName}</Value>
          </Fact>
          {requested?.ips && (
            <Fact label="Addresses requested">
              <Value missing="">{requested.ips.join(', ')}</Value>
            </Fact>
          )}
          {requested?.guid && (
            <Fact label="GUID requested">
              <Value missing="">{requested.guid}</Value>
            </Fact>
          )}
          <Fact label="Node">
            <NodeLink node={node} />
          </Fact>
        </dl>
      )}
      <Diagnoses diagnoses={view.diagnoses.filter((d) => d.code !== 'attached')} />
    </div>
  );
}
