'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { parseDocument } from 'yaml';
import type { NetworkAttachmentDefinition, SriovNetworkLike } from '@/lib/model';
import { renderNad } from '@/lib/render';
import type { NetworkPlural, NetworkWriteResult } from '@/lib/views/types';
import { ApiError, useCreateNetwork, useDryRunNetwork, useUpdateNetwork } from '@/components/api';
import { Button, CodeBlock, ErrorBanner, Loading, Tabs } from '@/components/common/ui';
import { DiffView } from '@/components/editor';
import { toYaml } from '@/components/editor/yaml-edit';
import { ConflictView } from './ConflictView';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { editableYaml, portableObject } from './export';
import { LargeDialog } from './LargeDialog';
import { rebase } from './rebase';

/** The NAD ibnet renders from a YAML text, rendered in the browser (no request). */
export function renderFromText(text: string): NetworkAttachmentDefinition | undefined {
  try {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) return undefined;
    const value = doc.toJS() as SriovNetworkLike;
    if (!value?.spec || !value.metadata) return undefined;
    const rendered = renderNad(value);
    return rendered.ok ? rendered.nad : undefined;
  } catch {
    return undefined;
  }
}

/** NAD as YAML without the fields the cluster fills in. */
export function nadYaml(nad: NetworkAttachmentDefinition | undefined): string {
  return nad ? toYaml(portableObject(nad as unknown as Record<string, unknown>)) : '';
}

interface DryRunState {
  text: string;
  result?: NetworkWriteResult;
  error?: unknown;
}

export interface ReviewTarget {
  mode: 'create' | 'edit';
  plural: NetworkPlural;
  namespace: string;
  name: string;
}

/**
 * Nothing is applied unseen: the server's dry run of exactly this text, the NAD it renders, and
 * the differences with what the cluster holds. Apply stays off until the dry run of the current
 * text passed. A conflict turns the dialog into the rebase view.
 */
export function ReviewDialog({
  open,
  onClose,
  text,
  target,
  base,
  clusterObject,
  clusterNad,
  denyReason,
  onApplied,
  onRebased,
}: {
  open: boolean;
  onClose: () => void;
  text: string;
  target: ReviewTarget;
  /** What the edit started from (edit mode). */
  base?: Record<string, unknown>;
  /** The network as the cluster has it now (edit mode). */
  clusterObject?: Record<string, unknown>;
  /** The NAD in the cluster now, if any. */
  clusterNad?: NetworkAttachmentDefinition;
  /** Why the user may not apply (permissions), if so. */
  denyReason?: string;
  onApplied: (result: NetworkWriteResult) => void;
  onRebased: (text: string, newBase: Record<string, unknown>) => void;
}) {
  const dryRun = useDryRunNetwork();
  const create = useCreateNetwork();
  const update = useUpdateNetwork();
  const [dry, setDry] = useState<DryRunState | null>(null);
  const [tab, setTab] = useState('dry-run');
  const [conflict, setConflict] = useState<Record<string, unknown> | null>(null);
  const [applyError, setApplyError] = useState<{ text: string; error: unknown } | null>(null);
  const [note, setNote] = useState('');
  const operation = target.mode === 'create' ? 'create' : 'update';
  const { mutate: runDryRun } = dryRun;

  /**
   * A newer version in the cluster. When it differs only in fields the server owns (status, a
   * new resourceVersion), the edit moves onto it by itself; otherwise the user rebases.
   */
  function onConflict(current: Record<string, unknown>) {
    try {
      const result = rebase(base, current, text);
      if (result.merged.length === 0 && result.conflicts.length === 0) {
        const version = (current.metadata as { resourceVersion?: string } | undefined)
          ?.resourceVersion;
        setNote(
          `Only the network's status changed since you loaded it; your edit now applies to version ${version ?? 'now current'}.`,
        );
        setDry(null);
        onRebased(result.text, current);
        return;
      }
    } catch {
      // An edit that cannot be read is shown in the conflict view, which explains it.
    }
    setConflict(current);
  }

  const conflictHandler = useRef(onConflict);
  useEffect(() => {
    conflictHandler.current = onConflict;
  });

  useEffect(() => {
    if (!open || dry?.text === text) return;
    runDryRun(
      { yaml: text, operation },
      {
        onSuccess: (result) => setDry({ text, result }),
        onError: (error) => {
          setDry({ text, error });
          if (error instanceof ApiError && error.code === 'conflict' && error.body.current) {
            conflictHandler.current(error.body.current as Record<string, unknown>);
          }
        },
      },
    );
  }, [open, text, dry?.text, operation, runDryRun]);

  const rendered = useMemo(
    () => (dry?.text === text && dry.result?.nad ? dry.result.nad : renderFromText(text)),
    [dry, text],
  );
  const checked = dry?.text === text && dry.result !== undefined;
  const busy = create.isPending || update.isPending;

  const apply = () => {
    setApplyError(null);
    const handlers = {
      onSuccess: onApplied,
      onError: (error: ApiError) => {
        if (error.code === 'conflict' && error.body.current) {
          onConflict(error.body.current as Record<string, unknown>);
        } else {
          setApplyError({ text, error });
        }
      },
    };
    if (target.mode === 'create') create.mutate({ yaml: text }, handlers);
    else
      update.mutate(
        { plural: target.plural, namespace: target.namespace, name: target.name, yaml: text },
        handlers,
      );
  };

  const applyReason = denyReason
    ? denyReason
    : !checked
      ? dryRun.isPending
        ? 'The dry run is still running.'
        : 'The dry run did not pass; see the Dry run tab.'
      : undefined;

  return (
    <LargeDialog
      open={open}
      onClose={onClose}
      testId="review-dialog"
      title={conflict ? 'Conflict: the network changed' : 'Review before applying'}
      description={`${target.mode === 'create' ? 'Create' : 'Update'} ${target.namespace}/${target.name || '(no name)'}`}
      footer={
        conflict ? undefined : (
          <>
            <Button onClick={onClose}>Back to editing</Button>
            <Button variant="primary" onClick={apply} disabled={busy} disabledReason={applyReason}>
              {busy ? 'Applying…' : target.mode === 'create' ? 'Create network' : 'Apply changes'}
            </Button>
          </>
        )
      }
    >
      {conflict ? (
        <ConflictView
          base={base}
          theirs={conflict}
          mine={text}
          onCancel={() => {
            setConflict(null);
            onClose();
          }}
          onRebased={(next, newBase) => {
            setConflict(null);
            setDry(null);
            onRebased(next, newBase);
          }}
        />
      ) : (
        <>
          <ErrorBanner
            error={applyError?.text === text ? applyError.error : null}
            title="Not applied"
          />
          {note && (
            <p role="status" className="mb-2 text-sm text-sky-800 dark:text-sky-300">
              {note}
            </p>
          )}
          <Tabs
            label="Review"
            selected={tab}
            onSelect={setTab}
            tabs={[
              {
                id: 'dry-run',
                label: 'Dry run',
                content: <DryRunResult dry={dry} text={text} pending={dryRun.isPending} />,
              },
              {
                id: 'nad',
                label: 'Rendered NAD',
                content: rendered ? (
                  <div className="space-y-2">
                    <p className="text-sm text-slate-600 dark:text-slate-400">
                      The NetworkAttachmentDefinition the agent writes to{' '}
                      {rendered.metadata.namespace}; pods there request it as{' '}
                      <code>{rendered.metadata.name}</code>.
                    </p>
                    <CodeBlock text={nadYaml(rendered)} label="NAD YAML" />
                  </div>
                ) : (
                  <p className="text-sm">The text cannot be rendered yet; fix its errors first.</p>
                ),
              },
              {
                id: 'changes',
                label: 'Changes',
                content: (
                  <ChangesTab
                    mode={target.mode}
                    text={text}
                    clusterObject={clusterObject}
                    clusterNad={clusterNad}
                    rendered={rendered}
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </LargeDialog>
  );
}

function DryRunResult({
  dry,
  text,
  pending,
}: {
  dry: DryRunState | null;
  text: string;
  pending: boolean;
}) {
  if (pending || !dry || dry.text !== text)
    return <Loading label="Running a server-side dry run…" />;
  if (dry.error) {
    const diagnostics = dry.error instanceof ApiError ? (dry.error.body.diagnostics ?? []) : [];
    return (
      <div className="space-y-2" data-testid="dry-run-failed">
        <ErrorBanner error={dry.error} title="The cluster refused it" />
        <DiagnosticsPanel diagnostics={diagnostics} label="Findings of the dry run" />
      </div>
    );
  }
  const warnings = dry.result?.diagnostics ?? [];
  return (
    <div className="space-y-2" data-testid="dry-run-passed">
      <p role="status" className="text-sm font-medium text-emerald-800 dark:text-emerald-300">
        The dry run passed: the cluster accepts this {dry.result?.object.kind ?? 'network'} as it
        is, and nothing was stored.
      </p>
      {warnings.length > 0 && (
        <>
          <p className="text-sm">Worth a look before applying:</p>
          <DiagnosticsPanel diagnostics={warnings} label="Warnings of the dry run" />
        </>
      )}
    </div>
  );
}

function ChangesTab({
  mode,
  text,
  clusterObject,
  clusterNad,
  rendered,
}: {
  mode: 'create' | 'edit';
  text: string;
  clusterObject?: Record<string, unknown>;
  clusterNad?: NetworkAttachmentDefinition;
  rendered?: NetworkAttachmentDefinition;
}) {
  return (
    <div className="space-y-4">
      <section>
        <h3 className="mb-1 text-sm font-semibold">
          The network: cluster (left) and your edit (right)
        </h3>
        {mode === 'create' || !clusterObject ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            A new object: everything is added.
          </p>
        ) : (
          <DiffView
            original={editableYaml(clusterObject)}
            modified={text}
            modelId="review-network"
            height={260}
            ariaLabel="Network in the cluster against your edit"
          />
        )}
      </section>
      <section>
        <h3 className="mb-1 text-sm font-semibold">
          Its NAD: cluster (left) and after applying (right)
        </h3>
        <DiffView
          original={nadYaml(clusterNad)}
          modified={nadYaml(rendered)}
          modelId="review-nad"
          height={260}
          ariaLabel="NAD in the cluster against the NAD after applying"
        />
      </section>
    </div>
  );
}
