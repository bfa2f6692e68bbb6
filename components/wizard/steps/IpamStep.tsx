'use client';

import { useMemo, useState } from 'react';
import type { Diagnostic } from '@/lib/diagnostics';
import { usePools } from '@/components/api';
import { Button } from '@/components/common/ui';
import { JsonEditor } from '@/components/editor';
import { IpamField } from '@/components/networks/IpamField';
import { prettyJson, readEmbeddedJson } from '@/components/networks/json-text';
import type { WizardState } from '../state';
import type { UpdateWizard } from '../useWizardState';
import type { WizardModel } from '../useWizardModel';
import { YamlPanel } from '../YamlPanel';
import { PoolPanel } from './PoolPanel';

/** Which IPAM to pick, in the words of the domain; shown above the choice itself. */
function IpamAdvice() {
  return (
    <div className="rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800/60">
      <p className="font-medium">Which one?</p>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-700 dark:text-slate-300">
        <li>
          <strong>whereabouts (recommended)</strong> when no DHCP server serves the fabric, which is
          the usual case: it hands out addresses from cluster-wide pools (IPPool objects), so two
          pods on different nodes never get the same one.
        </li>
        <li>
          <strong>Dual stack</strong>: give whereabouts one IPv4 and one IPv6 range under{' '}
          <code>ipRanges</code>; every pod gets one address from each.
        </li>
        <li>
          <strong>One range for several networks</strong>: networks whose whereabouts config has the
          same range and the same <code>network_name</code> share one pool and never hand out the
          same address twice; a different <code>network_name</code> keeps a separate pool for the
          same range.
        </li>
        <li>
          <strong>static</strong> for fixed addresses: every pod gets the listed ones, or brings its
          own when the network declares the <code>ips</code> capability (step 4).
        </li>
        <li>
          <strong>DHCP does not work on InfiniBand</strong>: the ib-sriov plugin refuses it and
          every pod on the network would fail to start.
        </li>
        <li>
          <strong>No IPAM</strong> when the pods only use RDMA verbs and need no IP address.
        </li>
      </ul>
    </div>
  );
}

/** Step 3: how the interface gets its addresses, with the pools and first addresses live. */
export function IpamStep({
  state,
  update,
  model,
}: {
  state: WizardState;
  update: UpdateWizard;
  model: WizardModel;
}) {
  const n = state.network;
  const [jsonOpen, setJsonOpen] = useState(false);
  const [yamlOpen, setYamlOpen] = useState(false);
  const [reveal, setReveal] = useState<Diagnostic | undefined>();
  const pools = usePools();
  const embedded = useMemo(
    () => (n.ipam === null ? ({ state: 'absent' } as const) : readEmbeddedJson(n.ipam)),
    [n.ipam],
  );
  const self = useMemo(
    () => ({ kind: 'SriovIBNetwork', namespace: model.home, name: n.name }),
    [model.home, n.name],
  );
  const setIpam = (ipam: string | null) =>
    update((s) => ({ ...s, network: { ...s.network, ipam } }));
  const jsonText = embedded.state === 'object' ? prettyJson(embedded.value) : (n.ipam ?? '');

  return (
    <>
      <IpamAdvice />
      <IpamField
        kind="SriovIBNetwork"
        state={embedded}
        onChange={(text) => setIpam(text ?? null)}
        diagnostics={model.diagnostics}
        ipsCapability={n.ips}
        onReveal={(d) => {
          setYamlOpen(true);
          setReveal(d);
        }}
        onEditJson={() => setJsonOpen((open) => !open)}
      />
      {jsonOpen && (
        <div className="space-y-1">
          <div className="flex items-center justify-between">
            <p className="text-sm font-medium">The IPAM as JSON</p>
            <Button variant="ghost" onClick={() => setJsonOpen(false)}>
              Close the JSON editor
            </Button>
          </div>
          <div className="h-60 rounded-md border border-slate-200 dark:border-slate-700">
            <JsonEditor
              value={jsonText}
              onChange={(text) => setIpam(text.trim() === '' ? null : text)}
              schema="ipam"
              modelId="wizard-ipam"
              ipsCapability={n.ips}
              height="100%"
              ariaLabel="IPAM configuration as JSON"
            />
          </div>
        </div>
      )}
      {embedded.state === 'object' && embedded.value.type === 'whereabouts' && (
        <PoolPanel cfg={embedded.value} pools={pools.data?.items ?? []} self={self} />
      )}
      <YamlPanel
        yaml={model.networkYaml}
        diagnostics={model.diagnostics}
        diagnosticsText={model.diagnosticsText}
        open={yamlOpen}
        onToggle={setYamlOpen}
        reveal={reveal}
      />
    </>
  );
}
