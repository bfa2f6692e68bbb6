'use client';

import { useMemo, useState } from 'react';
import { Button, ErrorBanner } from '@/components/common/ui';
import { DiffView } from '@/components/editor';
import { editableYaml } from './export';
import { type MergeConflict, describePath, rebase, resolveConflict } from './rebase';

function show(value: unknown): string {
  if (value === undefined) return '(not set)';
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
}

function versionOf(object: unknown): string {
  const meta = (object as { metadata?: { resourceVersion?: string } } | undefined)?.metadata;
  return meta?.resourceVersion ?? '?';
}

/**
 * Someone changed the network since the user loaded it. Shows their version against the edit,
 * merges the cluster's changes into the edit (three-way: base = what was loaded, theirs = the
 * cluster now, mine = the edit), and lets the user settle each value both sides changed.
 */
export function ConflictView({
  base,
  theirs,
  mine,
  onRebased,
  onCancel,
}: {
  base: unknown;
  theirs: Record<string, unknown>;
  mine: string;
  onRebased: (text: string, newBase: Record<string, unknown>) => void;
  onCancel: () => void;
}) {
  const result = useMemo(() => {
    try {
      return { ok: true as const, value: rebase(base, theirs, mine) };
    } catch (err) {
      return { ok: false as const, error: err };
    }
  }, [base, theirs, mine]);
  const [choices, setChoices] = useState<Record<number, 'mine' | 'theirs'>>({});
  const theirsYaml = useMemo(() => editableYaml(theirs), [theirs]);

  if (!result.ok) return <ErrorBanner error={result.error} title="Cannot rebase the edit" />;
  const { merged, conflicts, same } = result.value;
  const finalText = conflicts.reduce(
    (text, c, i) => (choices[i] === 'mine' ? resolveConflict(text, c, 'mine') : text),
    result.value.text,
  );

  return (
    <section aria-labelledby="conflict-title" className="space-y-4" data-testid="conflict-view">
      <div
        role="alert"
        className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
      >
        <h3 id="conflict-title" className="font-semibold">
          Someone changed this network while you were editing
        </h3>
        <p>
          You started from version {versionOf(base)}; the cluster now has version{' '}
          {versionOf(theirs)}. Nothing was applied. Their changes can be merged into your edit, so
          that your changes are applied on top of the current version.
        </p>
      </div>

      <div>
        <h4 className="mb-1 text-sm font-semibold">The cluster now (left) and your edit (right)</h4>
        <DiffView
          original={theirsYaml}
          modified={mine}
          modelId="conflict-theirs-mine"
          height={240}
          ariaLabel="The cluster's version against your edit"
        />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <div>
          <h4 className="text-sm font-semibold">Merged from the cluster ({merged.length})</h4>
          {merged.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">Nothing else changed.</p>
          ) : (
            <ul className="list-disc pl-5 text-sm" data-testid="merged-changes">
              {merged.map((c, i) => (
                <li key={i}>
                  <code>{describePath(c)}</code>: {show(c.before)} → {show(c.after)}
                </li>
              ))}
            </ul>
          )}
          {same.length > 0 && (
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              {same.length} change{same.length === 1 ? '' : 's'} you made{' '}
              {same.length === 1 ? 'is' : 'are'} already in the cluster.
            </p>
          )}
        </div>
        <div>
          <h4 className="text-sm font-semibold">Could not be merged ({conflicts.length})</h4>
          {conflicts.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              No value was changed on both sides: your edit applies cleanly.
            </p>
          ) : (
            <ul className="space-y-2 text-sm" data-testid="merge-conflicts">
              {conflicts.map((c: MergeConflict, i) => (
                <li key={i}>
                  <fieldset className="rounded-md border border-slate-200 p-2 dark:border-slate-700">
                    <legend className="px-1 font-mono text-xs">{describePath(c)}</legend>
                    <p className="text-xs text-slate-600 dark:text-slate-400">
                      Was {show(c.base)} when you loaded it.
                    </p>
                    <label className="flex gap-2">
                      <input
                        type="radio"
                        name={`conflict-${i}`}
                        checked={choices[i] !== 'mine'}
                        onChange={() => setChoices({ ...choices, [i]: 'theirs' })}
                      />
                      Keep the cluster&apos;s {show(c.theirs)}
                    </label>
                    <label className="flex gap-2">
                      <input
                        type="radio"
                        name={`conflict-${i}`}
                        checked={choices[i] === 'mine'}
                        onChange={() => setChoices({ ...choices, [i]: 'mine' })}
                      />
                      Use yours: {show(c.mine)}
                    </label>
                  </fieldset>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>

      <div>
        <h4 className="mb-1 text-sm font-semibold">
          What will be applied, against the cluster now
        </h4>
        <DiffView
          original={theirsYaml}
          modified={finalText}
          modelId="conflict-theirs-rebased"
          height={240}
          ariaLabel="The cluster's version against the rebased edit"
        />
      </div>

      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Keep editing without rebasing</Button>
        <Button variant="primary" onClick={() => onRebased(finalText, theirs)}>
          Use the rebased edit
        </Button>
      </div>
    </section>
  );
}
