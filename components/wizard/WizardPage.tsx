'use client';

import { type ReactNode, useState } from 'react';
import { Button, CopyButton, PageHeader } from '@/components/common/ui';
import { STEP_DOCS } from './docs';
import { DEFAULT_STATE, STEPS, STEP_COUNT, type StepId } from './state';
import { stepBlockers } from './step-check';
import { StepFrame } from './StepFrame';
import { StepNav } from './StepNav';
import { ClusterStep } from './steps/ClusterStep';
import { IpamStep } from './steps/IpamStep';
import { LinkStep } from './steps/LinkStep';
import { NetworkStep } from './steps/NetworkStep';
import { PodStep } from './steps/PodStep';
import { ReviewStep } from './steps/ReviewStep';
import { VerifyStep } from './steps/VerifyStep';
import { useWizardModel } from './useWizardModel';
import { useWizardState } from './useWizardState';

const INTROS: Record<StepId, string> = {
  cluster:
    'Before a network can work, the cluster needs the SR-IOV kinds, something that configures the nodes and renders networks, nodes with InfiniBand ports, and a node policy that carves VFs out of them.',
  network:
    'A SriovIBNetwork becomes a NetworkAttachmentDefinition (NAD) that pods request by name. Choose its name, the namespace of the pods that use it, and the VFs it hands out.',
  ipam: 'IPAM decides which IP addresses the InfiniBand interface gets. The pools and the first addresses update as you type.',
  link: 'How the VF link behaves when a pod attaches, and what a pod may ask for itself.',
  review:
    'Everything the network will be, checked by ibnet and by the API server, before anything is stored. Create it and watch the NAD appear.',
  pod: 'A small pod that asks for the network proves it works end to end: a VF, the interface, the addresses.',
  verify:
    'The pod is followed until Multus reports the interface and every address in its network-status annotation.',
};

/**
 * The guided setup: from an empty cluster to a pod whose InfiniBand interface and addresses are
 * verified. Every choice lives in the page's URL, so the wizard can be left and resumed.
 */
export function WizardPage() {
  const { state, update, goTo } = useWizardState();
  const model = useWizardModel(state);
  const [moved, setMoved] = useState(false);
  const step = STEPS[state.step - 1] ?? STEPS[0];
  const blockers = stepBlockers(step.id, state, model.diagnostics);

  const open = (n: number) => {
    setMoved(true);
    goTo(n);
  };
  const done = new Set<number>();
  if (state.policy.made) done.add(1);
  STEPS.forEach((s, i) => {
    if (
      i + 1 < state.step &&
      i > 0 &&
      i < 4 &&
      stepBlockers(s.id, state, model.diagnostics).length === 0
    )
      done.add(i + 1);
  });
  if (state.network.made) done.add(5);
  if (state.pod.made) done.add(6);

  const props = { state, update, model };
  const content: Record<StepId, ReactNode> = {
    cluster: (
      <ClusterStep state={state} update={update} operatorNamespace={model.operatorNamespace} />
    ),
    network: <NetworkStep {...props} />,
    ipam: <IpamStep {...props} />,
    link: <LinkStep {...props} />,
    review: <ReviewStep {...props} />,
    pod: <PodStep {...props} goTo={open} />,
    verify: <VerifyStep {...props} />,
  };

  return (
    <div>
      <PageHeader
        title="Set up an InfiniBand network"
        description="From a cluster without networks to a pod whose InfiniBand interface and addresses are verified. Your choices are kept in this page’s address: bookmark it to come back later."
        actions={
          <>
            <CopyButton
              text={typeof window === 'undefined' ? '' : window.location.href}
              label="Copy the link to resume"
            />
            <Button
              variant="ghost"
              onClick={() => {
                setMoved(true);
                update(() => DEFAULT_STATE);
              }}
            >
              Start over
            </Button>
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 md:grid-cols-[13rem_minmax(0,1fr)]">
        <StepNav current={state.step} done={done} onOpen={open} />
        <StepFrame
          index={state.step}
          title={step.title}
          intro={INTROS[step.id]}
          docs={STEP_DOCS[step.id]}
          blockers={blockers}
          focusOnOpen={moved}
          {...(state.step > 1 ? { onBack: () => open(state.step - 1) } : {})}
          {...(state.step < STEP_COUNT ? { onNext: () => open(state.step + 1) } : {})}
        >
          {content[step.id]}
        </StepFrame>
      </div>
    </div>
  );
}
