import { validate } from '@/lib/diagnostics';
import type { Diagnostic } from '@/lib/views/types';
import type { ConsoleConfig } from './config';

/**
 * Diagnostics for a network body: the same validator the editor runs in the browser, run again
 * on the server so that nothing unchecked reaches the cluster.
 */
export function diagnose(text: string, config: ConsoleConfig): Diagnostic[] {
  return validate(text, { operatorNamespace: config.operatorNamespace });
}
