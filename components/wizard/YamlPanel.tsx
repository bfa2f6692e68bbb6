'use client';

import { useEffect, useId, useRef } from 'react';
import type { Diagnostic } from '@/lib/diagnostics';
import { Button } from '@/components/common/ui';
import { type EditorHandle, YamlEditor } from '@/components/editor';

/**
 * "The YAML so far": the network as the choices made so far write it, read-only, with ibnet's
 * findings as markers. Closed until asked for, so Monaco only loads when someone wants to look.
 */
export function YamlPanel({
  yaml,
  diagnostics,
  diagnosticsText,
  open,
  onToggle,
  reveal,
}: {
  yaml: string;
  diagnostics: readonly Diagnostic[];
  diagnosticsText: string;
  open: boolean;
  onToggle: (open: boolean) => void;
  /** A finding to scroll to once the editor is there. */
  reveal?: Diagnostic;
}) {
  const id = useId();
  const editor = useRef<EditorHandle>(null);

  useEffect(() => {
    if (!open || !reveal) return;
    // Monaco loads lazily: try until its handle exists, for a few seconds at most.
    let tries = 0;
    const timer = setInterval(() => {
      tries++;
      if (editor.current) {
        editor.current.reveal({
          line: reveal.line,
          column: reveal.column,
          endLine: reveal.endLine,
          endColumn: reveal.endColumn,
        });
        clearInterval(timer);
      } else if (tries > 50) clearInterval(timer);
    }, 100);
    return () => clearInterval(timer);
  }, [open, reveal]);

  return (
    <div className="rounded-md border border-slate-200 dark:border-slate-700">
      <div className="flex items-center justify-between gap-2 px-3 py-2">
        <p className="text-sm">
          <span className="font-medium">The YAML so far</span>
          <span className="text-slate-600 dark:text-slate-400">
            {' '}
            — what these choices write; step 5 reviews it in full.
          </span>
        </p>
        <Button
          variant="ghost"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => onToggle(!open)}
        >
          {open ? 'Hide YAML' : 'Show YAML'}
        </Button>
      </div>
      {open && (
        <div id={id} className="h-72 border-t border-slate-200 dark:border-slate-700">
          <YamlEditor
            value={yaml}
            readOnly
            diagnostics={diagnostics}
            diagnosticsText={diagnosticsText}
            schema="SriovIBNetwork"
            modelId="wizard-so-far"
            ariaLabel="The SriovIBNetwork YAML written so far (read-only)"
            height="100%"
            handleRef={editor}
          />
        </div>
      )}
    </div>
  );
}
