export { applyEdits, applyQuickFix, formatDiagnostic } from './apply';
export type { KnownNetwork, ValidateOptions } from './context';
export { knownNetworkFrom } from './known-networks';
export { LineIndex } from './positions';
export type { Diagnostic, Issue, QuickFix, Severity, TextEdit } from './types';
export { validate } from './validate';
