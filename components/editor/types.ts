import type { Ref } from 'react';
import type { Diagnostic } from '@/lib/diagnostics';
import type { EmbeddedField } from './markers';
import type { EmbeddedSchemaKey, YamlSchemaKey } from './schemas';

/** Moves the editor's cursor (1-based positions) and focus from outside. */
export interface EditorHandle {
  reveal(at: { line: number; column: number; endLine?: number; endColumn?: number }): void;
  focus(): void;
}

export interface YamlEditorProps {
  /** The text; the editor shows every change to it as a minimal edit (undo keeps working). */
  value: string;
  /** Called with the whole text after each edit the user makes in the editor. */
  onChange?: (value: string) => void;
  /** ibnet diagnostics shown as markers; their quick fixes become code actions (Ctrl+.). */
  diagnostics?: readonly Diagnostic[];
  /** The text `diagnostics` were computed for; markers wait until the editor shows that text. */
  diagnosticsText?: string;
  /** Schema for completion, hover and validation: one kind, or `any` (chosen by `kind:`). */
  schema?: YamlSchemaKey;
  /** Stable id of the model (part of its URI); one per editor on a page. */
  modelId?: string;
  readOnly?: boolean;
  height?: number | string;
  /** What a screen reader announces for the editor. */
  ariaLabel: string;
  /** Enables "Edit ipam as JSON" lenses above embedded JSON strings. */
  onEditEmbedded?: (field: EmbeddedField) => void;
  handleRef?: Ref<EditorHandle>;
}

export interface JsonEditorProps {
  /** The JSON text (the decoded value of the embedded string). */
  value: string;
  onChange?: (value: string) => void;
  /** Which schema checks it: the IPAM types, the capability keys, or chained plugins. */
  schema: EmbeddedSchemaKey;
  modelId?: string;
  readOnly?: boolean;
  height?: number | string;
  ariaLabel: string;
  /** Whether the network declares the `ips` capability (changes the static IPAM advice). */
  ipsCapability?: boolean;
  handleRef?: Ref<EditorHandle>;
}

export interface DiffEditorProps {
  /** Left side: what is there now (the cluster's version). */
  original: string;
  /** Right side: what it becomes. */
  modified: string;
  language?: 'yaml' | 'json';
  /** Stable id of the pair of models. */
  modelId?: string;
  height?: number | string;
  ariaLabel: string;
  /** Side by side (default) or one column. */
  sideBySide?: boolean;
}
