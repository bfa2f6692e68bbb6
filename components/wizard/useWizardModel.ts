'use client';

import { useDeferredValue, useMemo } from 'react';
import { validate, type Diagnostic } from '@/lib/diagnostics';
import { DEFAULT_OPERATOR_NAMESPACE, type SriovIBNetwork } from '@/lib/model';
import { useAccess } from '@/components/api';
import { bundleYaml, networkObject, objectNamespace } from './objects';
import type { WizardState } from './state';

/** What every step derives from the choices: the network object, its YAML and its findings. */
export interface WizardModel {
  operatorNamespace: string;
  network: SriovIBNetwork;
  networkYaml: string;
  /** ibnet's diagnostics of `networkYaml` (computed off the typing path). */
  diagnostics: Diagnostic[];
  /** The YAML text `diagnostics` were computed for (they lag a keystroke behind). */
  diagnosticsText: string;
  /** Namespace the SriovIBNetwork object is stored in. */
  home: string;
  /** `namespace/name` of the NAD pods request. */
  nadRef: string;
}

export function useWizardModel(state: WizardState): WizardModel {
  const access = useAccess();
  const operatorNamespace = access.data?.operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE;
  const network = useMemo(
    () => networkObject(state.network, operatorNamespace),
    [state.network, operatorNamespace],
  );
  const networkYaml = useMemo(() => bundleYaml([network]), [network]);
  const diagnosticsText = useDeferredValue(networkYaml);
  const diagnostics = useMemo(
    () => validate(diagnosticsText, { operatorNamespace }),
    [diagnosticsText, operatorNamespace],
  );
  return {
    operatorNamespace,
    network,
    networkYaml,
    diagnostics,
    diagnosticsText,
    home: objectNamespace(state.network, operatorNamespace),
    nadRef: `${state.network.namespace}/${state.network.name}`,
  };
}
