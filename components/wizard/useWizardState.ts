'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { STEP_COUNT, decodeWizardState, encodeWizardState, type WizardState } from './state';

export type UpdateWizard = (change: (state: WizardState) => WizardState) => void;

export interface WizardStateHandle {
  state: WizardState;
  /** Changes choices; the URL follows without a new history entry. */
  update: UpdateWizard;
  /** Moves to a step (1-based); the step change is a history entry, so Back returns to it. */
  goTo: (step: number) => void;
}

/**
 * The wizard's choices, kept in the page's query string: a saved or shared URL resumes the wizard
 * at the same step with the same choices, and the browser's Back button walks back the steps.
 */
export function useWizardState(): WizardStateHandle {
  const params = useSearchParams();
  const [state, setState] = useState(() =>
    decodeWizardState(new URLSearchParams(params.toString())),
  );
  const stepChanged = useRef(false);

  useEffect(() => {
    const query = encodeWizardState(state).toString();
    const url = query ? `${window.location.pathname}?${query}` : window.location.pathname;
    if (url === `${window.location.pathname}${window.location.search}`) return;
    if (stepChanged.current) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    stepChanged.current = false;
  }, [state]);

  useEffect(() => {
    const onPop = () => setState(decodeWizardState(new URLSearchParams(window.location.search)));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const update = useCallback<UpdateWizard>((change) => setState(change), []);
  const goTo = useCallback((step: number) => {
    stepChanged.current = true;
    setState((s) => ({ ...s, step: Math.min(Math.max(step, 1), STEP_COUNT) }));
  }, []);
  return { state, update, goTo };
}
