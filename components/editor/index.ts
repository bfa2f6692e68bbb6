'use client';

import dynamic from 'next/dynamic';
import { createElement } from 'react';
import { Loading } from '@/components/common/ui';
import type { DiffEditorProps, JsonEditorProps, YamlEditorProps } from './types';

export type { DiffEditorProps, EditorHandle, JsonEditorProps, YamlEditorProps } from './types';
export type { EmbeddedField } from './markers';
export { countBySeverity, describeCounts } from './markers';
export type { EmbeddedSchemaKey, YamlSchemaKey } from './schemas';
export { YamlEditError, getYamlValue, setYamlValue, toYaml } from './yaml-edit';

const loading = (label: string) =>
  function EditorLoading() {
    return createElement(Loading, { label });
  };

/**
 * Monaco YAML editor with the ibnet schemas (completion, hover, validation), ibnet diagnostics as
 * markers with quick fixes, and "Edit … as JSON" lenses. Monaco loads only when this renders.
 */
export const YamlEditor = dynamic<YamlEditorProps>(() => import('./YamlEditorImpl'), {
  ssr: false,
  loading: loading('Loading the YAML editor…'),
});

/** Monaco JSON editor for an embedded string (ipam, capabilities, metaPlugins) with its schema. */
export const JsonEditor = dynamic<JsonEditorProps>(() => import('./JsonEditorImpl'), {
  ssr: false,
  loading: loading('Loading the JSON editor…'),
});

/** Read-only Monaco diff (before on the left, after on the right) with a line count summary. */
export const DiffView = dynamic<DiffEditorProps>(() => import('./DiffEditorImpl'), {
  ssr: false,
  loading: loading('Loading the diff view…'),
});
