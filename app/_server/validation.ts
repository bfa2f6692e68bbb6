import type { Diagnostic } from '@/lib/views/types';
import type { ConsoleConfig } from './config';

/** Diagnostics for a network body: what the editor shows, checked again on the server. */
export function diagnose(_text: string, value: unknown, config: ConsoleConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (value === undefined) {
    out.push({
      ...at,
      severity: 'error',
      code: 'yaml/syntax',
      message: 'The YAML cannot be read; fix its syntax.',
    });
    return out;
  }
  const obj = value as { metadata?: { namespace?: string }; spec?: { networkNamespace?: string } };
  if (obj.spec?.networkNamespace && obj.metadata?.namespace !== config.operatorNamespace) {
    out.push({
      ...at,
      severity: 'error',
      code: 'network/network-namespace-outside-operator',
      message: `spec.networkNamespace may only be set on networks in the operator namespace ${config.operatorNamespace}; remove it or create the network there.`,
      path: ['spec', 'networkNamespace'],
    });
  }
  return out;
}
