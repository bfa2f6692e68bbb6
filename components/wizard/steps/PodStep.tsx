'use client';

import { useId, useMemo } from 'react';
import { formatGuid } from '@/lib/annotations';
import { validate } from '@/lib/diagnostics';
import { RESOURCE_NAME_ANNOTATION } from '@/lib/model';
import type { NetworkDetail } from '@/lib/views/types';
import { useCreateTestPod, useFabric, useNetwork, useSession } from '@/components/api';
import { Button, CodeBlock } from '@/components/common/ui';
import { DiagnosticsPanel } from '@/components/networks/DiagnosticsPanel';
import { RadioGroup, TextField, inputClass } from '@/components/networks/fields';
import {
  bundleYaml,
  fullResourceName,
  networksAnnotation,
  requestedIps,
  testPodName,
  testPodObject,
} from '../objects';
import type { AnnotationForm, PodDraft, WizardState } from '../state';
import { stepBlockers } from '../step-check';
import type { UpdateWizard } from '../useWizardState';
import type { WizardModel } from '../useWizardModel';
import { WriteButton } from '../WriteButton';

/** A random GUID with the first byte 02, never all zeros or all ff. */
function randomGuid(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  bytes[0] = 0x02;
  return formatGuid(bytes);
}

interface StepProps {
  state: WizardState;
  update: UpdateWizard;
  model: WizardModel;
  goTo: (step: number) => void;
}

/** Step 6: the pod's network request (short or JSON form), the pod YAML, and the test pod. */
export function PodStep(props: StepProps) {
  if (!props.state.network.made) return <PodForm {...props} />;
  return <PodFormWithNetwork {...props} />;
}

function PodFormWithNetwork(props: StepProps) {
  const detail = useNetwork('sriovibnetworks', props.model.home, props.state.network.name);
  return <PodForm {...props} detail={detail.data} />;
}

function PodForm({ state, update, model, goTo, detail }: StepProps & { detail?: NetworkDetail }) {
  const id = useId();
  const n = state.network;
  const pod = state.pod;
  const fabric = useFabric();
  const create = useCreateTestPod();
  const set = (patch: Partial<PodDraft>) => update((s) => ({ ...s, pod: { ...s.pod, ...patch } }));

  // The prefix is the cluster's: read it from the NAD the controller wrote, when there is one.
  const resource =
    detail?.nadObject?.metadata.annotations?.[RESOURCE_NAME_ANNOTATION] ??
    fullResourceName(n.resourceName || '<resource>');
  const annotation = networksAnnotation(n, pod);
  const image = useSession().data?.testPodImage;
  const podObject = useMemo(
    () => testPodObject({ network: n, pod }, resource, { image }),
    [n, pod, resource, image],
  );
  const podYaml = bundleYaml([podObject]);
  const podFindings = useMemo(
    () =>
      validate(bundleYaml([model.network, podObject]), {
        operatorNamespace: model.operatorNamespace,
      }).filter((d) => d.document === 1),
    [model.network, podObject, model.operatorNamespace],
  );
  const nodes = (fabric.data?.nodes ?? [])
    .map((node) => {
      const r = node.resources.find((x) => x.resource === resource);
      return { name: node.name, free: r ? Math.max(0, r.allocatable - r.requested) : 0 };
    })
    .filter((x) => x.free > 0 || x.name === pod.node);
  const ready = detail?.ready.status === 'True' && detail.nad.state === 'present';
  const blockers = [
    ...(!n.made ? ['Create the network first (step 5).'] : []),
    ...(n.made && !ready ? ['Wait until the network is Ready (step 5).'] : []),
    ...stepBlockers('pod', state, model.diagnostics),
    ...podFindings.filter((d) => d.severity === 'error').map((d) => d.message),
  ];

  const submit = () => {
    const name = testPodName();
    create.mutate(
      {
        namespace: n.namespace,
        name,
        networks: annotation,
        resources: { [resource]: 1 },
        ...(pod.node ? { node: pod.node } : {}),
      },
      {
        onSuccess: () => {
          update((s) => ({ ...s, pod: { ...s.pod, name, made: true } }));
          goTo(7);
        },
      },
    );
  };

  return (
    <>
      <RadioGroup<AnnotationForm>
        legend="How the pod asks for the network (k8s.v1.cni.cncf.io/networks)"
        name={`${id}-form`}
        value={pod.form}
        onChange={(form) => set({ form })}
        options={[
          {
            value: 'short',
            label: 'Short form',
            description: `A comma list of names, optionally with @interface: ${n.name || '<name>'}@ib1. Enough when the pod needs nothing per pod.`,
          },
          {
            value: 'json',
            label: 'JSON form',
            description:
              'A JSON list of objects: the only form that can carry an infiniband-guid or ips for this pod.',
          },
        ]}
      />

      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <TextField
          label="Interface name in the pod (optional)"
          value={pod.interface}
          onCommit={(v) => set({ interface: v.trim() })}
          placeholder="ib1"
          help="At most 15 characters; left empty, Multus names it net1."
        />
        <div>
          <label htmlFor={`${id}-node`} className="block text-sm font-medium">
            Node (optional)
          </label>
          <select
            id={`${id}-node`}
            className={`mt-1 ${inputClass}`}
            value={pod.node}
            onChange={(e) => set({ node: e.target.value })}
          >
            <option value="">Any node with a free VF (the scheduler picks)</option>
            {nodes.map((node) => (
              <option key={node.name} value={node.name}>
                {node.name} — {node.free} VF{node.free === 1 ? '' : 's'} free
              </option>
            ))}
          </select>
        </div>
      </div>

      {pod.form === 'json' && (
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
          <div>
            <TextField
              label="GUID for the VF (infiniband-guid)"
              value={pod.guid}
              onCommit={(guid) => set({ guid: guid.trim() })}
              placeholder="02:00:00:00:00:00:00:01"
              disabled={!n.guid}
              disabledReason="Needs the infinibandGUID capability (step 4); without it Multus drops the GUID."
              help="Eight bytes in hex. The VF gets it as node and port GUID."
            />
            {n.guid && (
              <Button variant="ghost" className="mt-1" onClick={() => set({ guid: randomGuid() })}>
                Suggest a GUID
              </Button>
            )}
          </div>
          <TextField
            label="Addresses for this pod (ips)"
            value={pod.ips}
            onCommit={(ips) => set({ ips })}
            placeholder="192.168.10.50/24, 2001:db8::50/64"
            disabled={!n.ips}
            disabledReason="Needs the ips capability (step 4); without it Multus drops the addresses."
            help="Each with its prefix length. Only static IPAM uses them; whereabouts ignores them."
          />
        </div>
      )}

      <div>
        <p className="text-sm font-medium">The annotation</p>
        <CodeBlock text={annotation} label="annotation value" />
        {requestedIps(pod).length > 0 && !n.ips && (
          <p className="text-xs text-slate-600">The addresses are left out: no ips capability.</p>
        )}
      </div>
      {podFindings.length > 0 && (
        <DiagnosticsPanel diagnostics={podFindings} label="Findings for the pod" />
      )}
      <div>
        <p className="text-sm font-medium">The test pod</p>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Unprivileged, labelled ibnet.io/test-pod, and gone within the hour; it requests one VF of{' '}
          {resource}. Copy it to run it yourself, or let the console create it.
        </p>
        <CodeBlock text={podYaml} label="pod YAML" />
      </div>

      <WriteButton
        verb="create"
        resource="pods"
        namespace={n.namespace}
        label="Create the test pod"
        busyLabel="Creating the test pod…"
        busy={create.isPending}
        blockers={blockers}
        error={create.error}
        onClick={submit}
      />
    </>
  );
}
