'use client';

import { useNetworks } from '@/components/api';
import { CodeBlock } from '@/components/common/ui';
import type { InterfaceView } from '@/lib/views/types';
import { ipAddrBlock, networkFactsByNad } from './ip-addr';

/**
 * What `ip a` in the pod would print for its attached secondary interfaces, derived from the
 * network-status, the node state and the network's IPAM, with every unknown said out loud.
 */
export function IpAddrView({ interfaces }: { interfaces: InterfaceView[] }) {
  const networks = useNetworks();
  const facts = networkFactsByNad(networks.data?.items ?? []);
  const attached = interfaces.flatMap((i) => (i.attached ? [i.attached] : []));
  if (attached.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No secondary interface is attached, so ip a would show only lo and the default network.
      </p>
    );
  }
  const blocks = attached.map((a) => ipAddrBlock(a, facts.get(a.network)));
  const text = blocks.map((b) => b.lines.join('\n')).join('\n');
  const notes = [...new Set(blocks.flatMap((b) => b.notes))];
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Derived, not read from the pod: interface index, flags and queue settings are not reported
        to Kubernetes and are left out; lo and the default network are not shown. Prefixes come from
        the IPAM range that holds each address.
      </p>
      <CodeBlock text={text} label="ip a output" />
      {notes.length > 0 && (
        <ul
          className="list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300"
          aria-label="What is not known"
        >
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
