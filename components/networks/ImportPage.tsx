'use client';

import { useRouter } from 'next/navigation';
import { useDeferredValue, useId, useMemo, useRef, useState, type DragEvent } from 'react';
import { applyQuickFix } from '@/lib/diagnostics';
import { DEFAULT_OPERATOR_NAMESPACE, type NetworkAttachmentDefinition } from '@/lib/model';
import type { NetworkRow } from '@/lib/views/types';
import { useAccess, useNetwork, useNetworks } from '@/components/api';
import { Button, Card, EmptyState, PageHeader } from '@/components/common/ui';
import { usePermission } from '@/components/common/usePermission';
import { type EditorHandle, YamlEditor } from '@/components/editor';
import { DiagnosticsPanel, DiagnosticsSummary } from './DiagnosticsPanel';
import { ExportActions } from './ExportActions';
import {
  applyAllFixes,
  importDocuments,
  prepareUpdate,
  type ImportedDocument,
} from './import-docs';
import { IMPORT_HANDOFF_KEY, networkHref } from './links';
import { pluralOf } from './network-form';
import { ReviewDialog } from './ReviewDialog';

const MAX_FILE_BYTES = 1_000_000;

/**
 * Paste or upload YAML from anywhere (docs, a repository, a colleague): every document is checked
 * with ibnet's rules, each finding's fixes apply in one click, and a network can be opened in the
 * editor or applied after the usual review.
 */
export function ImportPage() {
  const router = useRouter();
  const id = useId();
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [applying, setApplying] = useState<ImportedDocument | null>(null);
  const editor = useRef<EditorHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const access = useAccess();
  const networks = useNetworks();
  const deferred = useDeferredValue(text);
  const operatorNamespace = access.data?.operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE;
  const docs = useMemo(
    () => (deferred.trim() ? importDocuments(deferred, { operatorNamespace }) : []),
    [deferred, operatorNamespace],
  );
  const all = docs.flatMap((d) => d.diagnostics);

  const existing = (doc: ImportedDocument): NetworkRow | undefined =>
    networks.data?.items.find(
      (n) => n.kind === doc.kind && n.namespace === doc.namespace && n.name === doc.name,
    );

  const readFiles = async (files: FileList | File[]) => {
    const list = [...files];
    const tooBig = list.find((f) => f.size > MAX_FILE_BYTES);
    if (tooBig) {
      setNote(`${tooBig.name} is larger than 1 MB; only manifests are expected here.`);
      return;
    }
    const texts = await Promise.all(list.map((f) => f.text()));
    setText(texts.map((t) => t.replace(/\s*$/, '\n')).join('---\n'));
    setNote(`Loaded ${list.map((f) => f.name).join(', ')}.`);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    if (e.dataTransfer.files.length > 0) void readFiles(e.dataTransfer.files);
  };

  const fixAll = () => {
    const { text: fixed, applied } = applyAllFixes(text, { operatorNamespace });
    setText(fixed);
    setNote(
      applied.length
        ? `Applied ${applied.length} fix${applied.length === 1 ? '' : 'es'}: ${applied.join('; ')}.`
        : 'No fix applies without a choice.',
    );
  };

  const openInEditor = (doc: ImportedDocument) => {
    sessionStorage.setItem(IMPORT_HANDOFF_KEY, doc.text);
    router.push('/networks/new?from=import');
  };

  return (
    <div className="space-y-4">
      <PageHeader
        title="Import or check YAML"
        description="Paste or upload manifests. Every document is checked as you type; fixes apply in one click. Nothing is sent to the cluster until you review and apply a network."
        actions={
          text ? <ExportActions yaml={text} namespace="imported" name="manifests" /> : undefined
        }
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <section
          aria-label="YAML to check"
          className="flex flex-col gap-2"
          onDragOver={(e) => e.preventDefault()}
          onDrop={onDrop}
        >
          <div className="flex flex-wrap items-center gap-2">
            <input
              ref={fileInput}
              id={`${id}-file`}
              type="file"
              accept=".yaml,.yml,.json,application/yaml,application/json,text/yaml"
              multiple
              className="sr-only"
              onChange={(e) => e.target.files && void readFiles(e.target.files)}
            />
            <Button onClick={() => fileInput.current?.click()}>Upload files…</Button>
            <span className="text-xs text-slate-600 dark:text-slate-400">
              or drop them here, or paste into the editor.
            </span>
            <Button
              variant="ghost"
              disabled={!all.some((d) => d.fixes?.length === 1)}
              onClick={fixAll}
            >
              Apply every unambiguous fix
            </Button>
            <Button variant="ghost" disabled={!text} onClick={() => setText('')}>
              Clear
            </Button>
          </div>
          <p
            role="status"
            aria-live="polite"
            className="text-xs text-slate-700 dark:text-slate-300"
          >
            {note}
          </p>
          <div className="h-[60vh] min-h-[320px] overflow-hidden rounded-lg border border-slate-200 dark:border-slate-700">
            <YamlEditor
              value={text}
              onChange={setText}
              diagnostics={all}
              diagnosticsText={deferred}
              schema="any"
              modelId="import"
              ariaLabel="YAML to check: paste manifests here"
              handleRef={editor}
            />
          </div>
        </section>

        <section aria-labelledby={`${id}-results`} className="space-y-3">
          <div className="flex items-center justify-between">
            <h2 id={`${id}-results`} className="text-base font-semibold">
              {docs.length} document{docs.length === 1 ? '' : 's'}
            </h2>
            <DiagnosticsSummary diagnostics={all} />
          </div>
          {docs.length === 0 && (
            <EmptyState title="Nothing to check yet">
              Paste YAML on the left or upload a file.
            </EmptyState>
          )}
          {docs.map((doc) => {
            const errors = doc.diagnostics.filter((d) => d.severity === 'error').length;
            const found = existing(doc);
            return (
              <Card
                key={doc.index}
                title={
                  <span>
                    {doc.index + 1}. {doc.kind ?? 'no kind'}{' '}
                    {doc.namespace ? `${doc.namespace}/` : ''}
                    {doc.name ?? '(no name)'}
                    <span className="ml-2 text-xs font-normal text-slate-500">
                      from line {doc.startLine}
                    </span>
                  </span>
                }
                actions={
                  doc.isNetwork ? (
                    <>
                      <Button onClick={() => openInEditor(doc)}>Open in editor</Button>
                      <Button
                        variant="primary"
                        disabledReason={
                          errors > 0
                            ? `Fix the ${errors} error${errors === 1 ? '' : 's'} first.`
                            : undefined
                        }
                        onClick={() => setApplying(doc)}
                      >
                        {found ? 'Review and update…' : 'Review and create…'}
                      </Button>
                    </>
                  ) : undefined
                }
              >
                {found && (
                  <p className="mb-1 text-xs text-slate-600 dark:text-slate-400">
                    It exists in the cluster: applying updates it.{' '}
                    <a
                      className="underline"
                      href={networkHref(found.plural, found.namespace, found.name)}
                    >
                      See the current one
                    </a>
                  </p>
                )}
                {doc.diagnostics.length === 0 ? (
                  <p className="text-sm text-emerald-800 dark:text-emerald-300">
                    No problems found.
                  </p>
                ) : (
                  <DiagnosticsPanel
                    diagnostics={doc.diagnostics}
                    label={`Problems of document ${doc.index + 1}`}
                    onReveal={(d) => editor.current?.reveal(d)}
                    onFix={(_d, fix) =>
                      setText((current) =>
                        current === deferred ? applyQuickFix(current, fix) : current,
                      )
                    }
                  />
                )}
                {!doc.isNetwork && doc.kind && (
                  <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                    Checked only: the network editor applies SriovIBNetworks and SriovNetworks.
                  </p>
                )}
              </Card>
            );
          })}
        </section>
      </div>
      {applying && (
        <ImportApply doc={applying} row={existing(applying)} onClose={() => setApplying(null)} />
      )}
    </div>
  );
}

/** Review and apply one imported network: a create, or an update of the one in the cluster. */
function ImportApply({
  doc,
  row,
  onClose,
}: {
  doc: ImportedDocument;
  row?: NetworkRow;
  onClose: () => void;
}) {
  return row ? (
    <ImportUpdate doc={doc} row={row} onClose={onClose} />
  ) : (
    <ImportReview doc={doc} text={doc.text} onClose={onClose} />
  );
}

function ImportUpdate({
  doc,
  row,
  onClose,
}: {
  doc: ImportedDocument;
  row: NetworkRow;
  onClose: () => void;
}) {
  const current = useNetwork(row.plural, row.namespace, row.name);
  const object = current.data?.object as unknown as Record<string, unknown> | undefined;
  const text = useMemo(
    () => (object ? prepareUpdate(doc.text, object) : doc.text),
    [doc.text, object],
  );
  if (!object) return null;
  return (
    <ImportReview
      doc={doc}
      text={text}
      onClose={onClose}
      clusterObject={object}
      clusterNad={current.data?.nadObject}
    />
  );
}

function ImportReview({
  doc,
  text,
  onClose,
  clusterObject,
  clusterNad,
}: {
  doc: ImportedDocument;
  text: string;
  onClose: () => void;
  clusterObject?: Record<string, unknown>;
  clusterNad?: NetworkAttachmentDefinition;
}) {
  const router = useRouter();
  const plural = pluralOf(doc.kind ?? '');
  const namespace = doc.namespace ?? '';
  const name = doc.name ?? '';
  const update = clusterObject !== undefined;
  const permission = usePermission(update ? 'update' : 'create', plural, namespace);
  const [base, setBase] = useState(clusterObject);
  const [rebased, setRebased] = useState<string | null>(null);
  return (
    <ReviewDialog
      open
      onClose={onClose}
      text={rebased ?? text}
      target={{ mode: update ? 'edit' : 'create', plural, namespace, name }}
      base={base}
      clusterObject={clusterObject}
      clusterNad={clusterNad}
      denyReason={
        permission.allowed ? undefined : (permission.reason ?? 'Checking your permissions…')
      }
      onApplied={() => router.push(networkHref(plural, namespace, name))}
      onRebased={(next, newBase) => {
        setRebased(next);
        setBase(newBase);
      }}
    />
  );
}
