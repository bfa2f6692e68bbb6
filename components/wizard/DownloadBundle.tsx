'use client';

import { useQuery } from '@tanstack/react-query';
import { RESOURCE_NAME_ANNOTATION } from '@/lib/model';
import { api, queryKeys, useSession } from '@/components/api';
import { Button } from '@/components/common/ui';
import { downloadYaml } from '@/components/networks/ExportActions';
import { portableObject } from '@/components/networks/export';
import { bundleYaml, fullResourceName, policyObject, testPodObject } from './objects';
import type { WizardState } from './state';
import type { WizardModel } from './useWizardModel';

/** The objects the wizard made, as the cluster holds them when it can read them. */
function useMadeObjects(state: WizardState, model: WizardModel): unknown[] {
  // Read only what was made; the live stream refreshes these keys like any other view's.
  const op = model.operatorNamespace;
  const image = useSession().data?.testPodImage;
  const policy = useQuery({
    queryKey: queryKeys.policy(op, state.policy.name),
    queryFn: () => api.policy(op, state.policy.name),
    enabled: state.policy.made,
  });
  const network = useQuery({
    queryKey: queryKeys.network('sriovibnetworks', model.home, state.network.name),
    queryFn: () => api.network('sriovibnetworks', model.home, state.network.name),
    enabled: state.network.made,
  });
  const objects: unknown[] = [];
  if (state.policy.made) {
    objects.push(
      policy.data
        ? portableObject(policy.data.object as unknown as Record<string, unknown>)
        : policyObject(state.policy, model.operatorNamespace),
    );
  }
  if (state.network.made) {
    objects.push(
      network.data
        ? portableObject(network.data.object as unknown as Record<string, unknown>)
        : model.network,
    );
  }
  if (state.pod.made) {
    const resource =
      network.data?.nadObject?.metadata.annotations?.[RESOURCE_NAME_ANNOTATION] ??
      fullResourceName(state.network.resourceName);
    objects.push(testPodObject(state, resource, { image }));
  }
  return objects;
}

/**
 * Everything the wizard created, as one multi-document YAML to keep in Git: the policy, the
 * network (without status and server fields) and the test pod.
 */
export function DownloadBundle({ state, model }: { state: WizardState; model: WizardModel }) {
  const objects = useMadeObjects(state, model);
  const yaml = bundleYaml(objects);
  const kinds = objects.map((o) => (o as { kind?: string }).kind ?? 'object').join(', ');
  return (
    <section
      aria-labelledby="wizard-download"
      className="rounded-md bg-slate-50 p-3 dark:bg-slate-800/60"
    >
      <h3 id="wizard-download" className="text-sm font-semibold">
        Keep it in Git
      </h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {objects.length === 0
          ? 'The wizard has not created anything yet.'
          : `One YAML file with the ${objects.length} object${objects.length === 1 ? '' : 's'} the wizard made (${kinds}), without status or server fields, ready for kubectl apply -f.`}
      </p>
      <Button
        className="mt-2"
        disabledReason={objects.length === 0 ? 'Nothing made yet' : undefined}
        onClick={() => downloadYaml(yaml, `ibnet-wizard-${state.network.name || 'network'}.yaml`)}
      >
        Download all as YAML
      </Button>
    </section>
  );
}
