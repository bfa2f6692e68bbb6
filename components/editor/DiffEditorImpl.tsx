'use client';

import { DiffEditor } from '@monaco-editor/react';
import { useId } from 'react';
import { Loading } from '@/components/common/ui';
import { WithMonaco } from './WithMonaco';
import { lineChanges } from './text-diff';
import type { DiffEditorProps } from './types';
import { monacoTheme, useColorScheme } from './useColorScheme';

/** Loads Monaco (local bundle) and then shows a read-only diff; see DiffView in ./index. */
export default function DiffEditorImpl(props: DiffEditorProps) {
  return <WithMonaco name="diff view">{() => <MountedDiff {...props} />}</WithMonaco>;
}

function MountedDiff({
  original,
  modified,
  language = 'yaml',
  modelId,
  height = 320,
  ariaLabel,
  sideBySide = true,
}: DiffEditorProps) {
  const fallbackId = useId().replace(/[^a-zA-Z0-9]/g, '');
  const id = modelId ?? fallbackId;
  const theme = monacoTheme(useColorScheme());
  const { added, removed } = lineChanges(original, modified);
  return (
    <div data-testid="diff-view">
      <p className="mb-1 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
        {added === 0 && removed === 0
          ? 'No differences.'
          : `${added} line${added === 1 ? '' : 's'} added, ${removed} removed. Left: ${'before'}, right: after. Press F7 in the view to step through changes.`}
      </p>
      <div
        style={{ height }}
        className="overflow-hidden rounded-md border border-slate-200 dark:border-slate-700"
      >
        <DiffEditor
          height="100%"
          language={language}
          original={original}
          modified={modified}
          originalModelPath={`file:///ibnet-diff/${id}/before.${language}`}
          modifiedModelPath={`file:///ibnet-diff/${id}/after.${language}`}
          theme={theme}
          loading={<Loading label="Starting the diff view…" />}
          options={{
            readOnly: true,
            originalEditable: false,
            renderSideBySide: sideBySide,
            useInlineViewWhenSpaceIsLimited: true,
            minimap: { enabled: false },
            fontSize: 12,
            scrollBeyondLastLine: false,
            automaticLayout: true,
            ariaLabel,
            originalAriaLabel: `${ariaLabel}: before`,
            modifiedAriaLabel: `${ariaLabel}: after`,
          }}
        />
      </div>
    </div>
  );
}
