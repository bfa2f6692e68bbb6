'use client';

import Editor from '@monaco-editor/react';
import type * as MonacoNs from 'monaco-editor';
import { useEffect, useId, useImperativeHandle, useRef, useState } from 'react';
import { Loading } from '@/components/common/ui';
import type { EmbeddedField } from './markers';
import { toMarkers } from './markers';
import { type Monaco, registerModel, revealDiagnostic, updateModel } from './monaco-setup';
import { WithMonaco } from './WithMonaco';
import { yamlModelUri } from './schemas';
import { minimalReplacement } from './text-diff';
import type { YamlEditorProps } from './types';
import { monacoTheme, useColorScheme } from './useColorScheme';

/** Loads Monaco (local bundle) and then shows the editor; see YamlEditor in ./index. */
export default function YamlEditorImpl(props: YamlEditorProps) {
  return (
    <WithMonaco name="YAML editor">
      {(monaco) => <MountedYamlEditor {...props} monaco={monaco} />}
    </WithMonaco>
  );
}

function MountedYamlEditor({
  monaco,
  value,
  onChange,
  diagnostics,
  diagnosticsText,
  schema = 'any',
  modelId,
  readOnly = false,
  height = '100%',
  ariaLabel,
  onEditEmbedded,
  handleRef,
}: YamlEditorProps & { monaco: Monaco }) {
  const fallbackId = useId().replace(/[^a-zA-Z0-9]/g, '');
  const uri = yamlModelUri(schema, modelId ?? fallbackId);
  const editorRef = useRef<MonacoNs.editor.IStandaloneCodeEditor | null>(null);
  const applying = useRef(false);
  const [mounted, setMounted] = useState(false);
  const theme = monacoTheme(useColorScheme());
  const embeddedRef = useRef(onEditEmbedded);
  useEffect(() => {
    embeddedRef.current = onEditEmbedded;
  }, [onEditEmbedded]);

  useImperativeHandle(
    handleRef,
    () => ({
      reveal: (d) =>
        editorRef.current &&
        revealDiagnostic(editorRef.current, {
          line: d.line,
          column: d.column,
          endLine: d.endLine ?? d.line,
          endColumn: d.endColumn ?? d.column,
        }),
      focus: () => editorRef.current?.focus(),
    }),
    [],
  );

  // The providers find this model's diagnostics and lens handler through the registry.
  useEffect(
    () =>
      registerModel(uri, {
        diagnostics: [],
        versionId: -1,
        ...(onEditEmbedded
          ? { onEditEmbedded: (f: EmbeddedField) => embeddedRef.current?.(f) }
          : {}),
      }),
    [uri, onEditEmbedded !== undefined], // eslint-disable-line react-hooks/exhaustive-deps
  );

  // Outside changes (the form, a quick fix) arrive as a minimal edit, keeping cursor and undo.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!mounted || !model) return;
    const current = model.getValue();
    const change = minimalReplacement(current, value);
    if (!change) return;
    const start = model.getPositionAt(change.start);
    const end = model.getPositionAt(change.end);
    applying.current = true;
    try {
      model.pushStackElement();
      model.pushEditOperations(
        [],
        [
          {
            range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
            text: change.text,
          },
        ],
        () => null,
      );
      model.pushStackElement();
    } finally {
      applying.current = false;
    }
  }, [value, mounted, monaco]);

  // Markers only for the text they were computed for: stale positions would point at wrong lines.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!mounted || !model) return;
    if (diagnosticsText !== undefined && diagnosticsText !== model.getValue()) return;
    const list = diagnostics ?? [];
    monaco.editor.setModelMarkers(model, 'ibnet', toMarkers(list));
    updateModel(uri, { diagnostics: [...list], versionId: model.getVersionId() });
  }, [diagnostics, diagnosticsText, mounted, monaco, uri, value]);

  return (
    <div className="h-full min-h-0" data-testid="yaml-editor" data-model-uri={uri}>
      <Editor
        height={height}
        defaultLanguage="yaml"
        language="yaml"
        path={uri}
        defaultValue={value}
        theme={theme}
        loading={<Loading label="Starting the YAML editor…" />}
        options={{
          ariaLabel,
          readOnly,
          minimap: { enabled: false },
          fontSize: 13,
          tabSize: 2,
          insertSpaces: true,
          scrollBeyondLastLine: false,
          automaticLayout: true,
          fixedOverflowWidgets: true,
          codeLens: onEditEmbedded !== undefined,
          lightbulb: { enabled: 'on' as MonacoNs.editor.ShowLightbulbIconMode },
          quickSuggestions: { other: true, comments: false, strings: true },
          renderValidationDecorations: 'on',
          wordWrap: 'off',
        }}
        onMount={(editor) => {
          editorRef.current = editor;
          setMounted(true);
        }}
        onChange={(next) => {
          if (applying.current || next === undefined) return;
          onChange?.(next);
        }}
      />
    </div>
  );
}
