'use client';

import Editor from '@monaco-editor/react';
import type * as MonacoNs from 'monaco-editor';
import { useEffect, useId, useImperativeHandle, useRef, useState } from 'react';
import { Loading } from '@/components/common/ui';
import { ipamJsonDiagnostics } from './json-markers';
import { toMarkers } from './markers';
import { type Monaco, revealDiagnostic } from './monaco-setup';
import { WithMonaco } from './WithMonaco';
import { jsonModelUri } from './schemas';
import { minimalReplacement } from './text-diff';
import type { JsonEditorProps } from './types';
import { monacoTheme, useColorScheme } from './useColorScheme';

/** Loads Monaco (local bundle) and then shows a JSON editor; see JsonEditor in ./index. */
export default function JsonEditorImpl(props: JsonEditorProps) {
  return (
    <WithMonaco name="JSON editor">
      {(monaco) => <MountedJsonEditor {...props} monaco={monaco} />}
    </WithMonaco>
  );
}

function MountedJsonEditor({
  monaco,
  value,
  onChange,
  schema,
  modelId,
  readOnly = false,
  height = '100%',
  ariaLabel,
  ipsCapability,
  handleRef,
}: JsonEditorProps & { monaco: Monaco }) {
  const fallbackId = useId().replace(/[^a-zA-Z0-9]/g, '');
  const uri = jsonModelUri(schema, modelId ?? fallbackId);
  const editorRef = useRef<MonacoNs.editor.IStandaloneCodeEditor | null>(null);
  const applying = useRef(false);
  const [mounted, setMounted] = useState(false);
  const theme = monacoTheme(useColorScheme());

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

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!mounted || !model) return;
    const change = minimalReplacement(model.getValue(), value);
    if (change) {
      const start = model.getPositionAt(change.start);
      const end = model.getPositionAt(change.end);
      applying.current = true;
      try {
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
      } finally {
        applying.current = false;
      }
    }
    // The IPAM rules the JSON schema cannot express (ranges, excludes, gateways…).
    const diagnostics = schema === 'ipam' ? ipamJsonDiagnostics(value, { ipsCapability }) : [];
    monaco.editor.setModelMarkers(model, 'ibnet', toMarkers(diagnostics));
  }, [value, mounted, monaco, schema, ipsCapability]);

  return (
    <div className="h-full min-h-0" data-testid={`json-editor-${schema}`}>
      <Editor
        height={height}
        defaultLanguage="json"
        language="json"
        path={uri}
        defaultValue={value}
        theme={theme}
        loading={<Loading label="Starting the JSON editor…" />}
        options={{
          ariaLabel,
          readOnly,
          minimap: { enabled: false },
          fontSize: 13,
          tabSize: 2,
          scrollBeyondLastLine: false,
          automaticLayout: true,
          fixedOverflowWidgets: true,
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
