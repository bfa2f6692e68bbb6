'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { applyQuickFix, validate, type Diagnostic } from '@/lib/diagnostics';
import { DEFAULT_OPERATOR_NAMESPACE, type NetworkAttachmentDefinition } from '@/lib/model';
import type { NetworkPlural } from '@/lib/views/types';
import { useAccess, useNamespaces } from '@/components/api';
import { Button, PageHeader } from '@/components/common/ui';
import { usePermission } from '@/components/common/usePermission';
import { type EditorHandle, type EmbeddedSchemaKey, YamlEditor } from '@/components/editor';
import { YamlEditError, setYamlValue, type YamlPath } from '@/components/editor/yaml-edit';
import { DiagnosticsPanel, DiagnosticsSummary } from './DiagnosticsPanel';
import { ExportActions } from './ExportActions';
import { JsonSidePanel } from './JsonSidePanel';
import { NetworkForm } from './NetworkForm';
import { isNetworkKind, pluralOf, readNetworkForm } from './network-form';
import { ReviewDialog } from './ReviewDialog';
import { networkHref } from './links';

export interface NetworkEditorProps {
  mode: 'create' | 'edit';
  initialText: string;
  /** Edit mode: the object the edit starts from, and the URL identity of the network. */
  base?: Record<string, unknown>;
  target?: { plural: NetworkPlural; namespace: string; name: string };
  /** Edit mode: the network and its NAD as the cluster has them now (live). */
  clusterObject?: Record<string, unknown>;
  clusterNad?: NetworkAttachmentDefinition;
}

/**
 * The network editor: the form and the Monaco YAML editor side by side over one YAML text, ibnet's
 * diagnostics as the user types, and a review (dry run, rendered NAD, diffs) before anything is
 * applied.
 */
export function NetworkEditor({
  mode,
  initialText,
  base: initialBase,
  target,
  clusterObject,
  clusterNad,
}: NetworkEditorProps) {
  const router = useRouter();
  const [text, setText] = useState(initialText);
  const [base, setBase] = useState(initialBase);
  const [jsonField, setJsonField] = useState<EmbeddedSchemaKey | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [editError, setEditError] = useState<string | null>(null);
  const editor = useRef<EditorHandle>(null);

  const access = useAccess();
  const namespaces = useNamespaces();
  const operatorNamespace = access.data?.operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE;
  const form = useMemo(() => readNetworkForm(text), [text]);
  const deferred = useDeferredValue(text);
  const diagnostics = useMemo(
    () => validate(deferred, { operatorNamespace }),
    [deferred, operatorNamespace],
  );

  const plural = target?.plural ?? pluralOf(form.kind);
  const namespace = target?.namespace ?? form.namespace;
  const name = target?.name ?? form.name;
  const permission = usePermission(
    mode === 'create' ? 'create' : 'update',
    plural,
    namespace || undefined,
  );
  const denyReason = permission.allowed
    ? undefined
    : (permission.reason ?? (permission.loading ? 'Checking your permissions…' : undefined));

  const onSet = useCallback((path: YamlPath, value: unknown) => {
    setText((current) => {
      try {
        setEditError(null);
        return setYamlValue(current, path, value);
      } catch (err) {
        setEditError(err instanceof YamlEditError ? err.message : String(err));
        return current;
      }
    });
  }, []);

  const reveal = useCallback((d: Pick<Diagnostic, 'line' | 'column'> & Partial<Diagnostic>) => {
    setJsonField(null);
    editor.current?.reveal(d);
  }, []);

  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const reviewReason =
    denyReason ??
    (form.yamlError
      ? `Fix the YAML syntax error at line ${form.yamlError.line} first.`
      : errors > 0
        ? `Fix the ${errors} error${errors === 1 ? '' : 's'} first.`
        : !isNetworkKind(form.kind)
          ? 'The editor applies SriovIBNetwork and SriovNetwork objects only.'
          : undefined);
  const portableText = useMemo(() => {
    try {
      return setYamlValue(text, ['metadata', 'resourceVersion'], undefined);
    } catch {
      return text;
    }
  }, [text]);
  const changedInCluster =
    mode === 'edit' &&
    clusterObject !== undefined &&
    (clusterObject.metadata as { resourceVersion?: string } | undefined)?.resourceVersion !==
      form.resourceVersion &&
    form.resourceVersion !== '';

  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title={
          mode === 'create'
            ? 'New network'
            : `Edit ${form.kind || 'network'} ${target?.namespace}/${target?.name}`
        }
        description="Form and YAML edit one object. Nothing is applied before you review the dry run."
        actions={
          <Button
            variant="primary"
            disabledReason={reviewReason}
            onClick={() => setReviewing(true)}
          >
            Review and apply…
          </Button>
        }
      />
      <div className="-mt-2 flex flex-wrap items-center gap-3">
        <DiagnosticsSummary diagnostics={diagnostics} />
        {reviewReason && !denyReason && (
          <p className="text-sm text-slate-600 dark:text-slate-400">{reviewReason}</p>
        )}
        {denyReason && <p className="text-sm text-slate-600 dark:text-slate-400">{denyReason}</p>}
        {editError && (
          <p role="alert" className="text-sm text-red-800 dark:text-red-300">
            {editError}
          </p>
        )}
      </div>
      {changedInCluster && (
        <div
          role="status"
          className="flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
        >
          This network changed in the cluster since you opened it. When you apply, your edit is
          rebased onto the new version, and you see what changed before anything is written.
        </div>
      )}

      <div className="grid min-h-[480px] grid-cols-1 gap-4 lg:h-[calc(100vh-12rem)] lg:grid-cols-2">
        <section
          aria-label={jsonField ? `spec.${jsonField} as JSON` : 'Form'}
          className="min-h-0 overflow-y-auto rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900"
        >
          {jsonField ? (
            <JsonSidePanel
              field={jsonField}
              text={text}
              ipsCapability={
                form.capabilities.state === 'object' && form.capabilities.value.ips === true
              }
              readOnly={form.yamlError !== undefined || (mode === 'edit' && !permission.allowed)}
              onChange={(value) => onSet(['spec', jsonField], value === '' ? undefined : value)}
              onClose={() => setJsonField(null)}
            />
          ) : (
            <NetworkForm
              form={form}
              mode={mode}
              diagnostics={diagnostics}
              onSet={onSet}
              onReveal={reveal}
              onEditJson={setJsonField}
              operatorNamespace={operatorNamespace}
              namespaces={namespaces.data?.items ?? []}
              readOnlyReason={mode === 'edit' && !permission.allowed ? denyReason : undefined}
            />
          )}
        </section>
        <section aria-label="YAML" className="flex min-h-0 flex-col gap-2">
          <div className="flex flex-wrap items-center justify-between gap-1 text-xs">
            <ExportActions yaml={portableText} namespace={namespace} name={name} />
          </div>
          <div className="flex flex-wrap items-center gap-1 text-xs">
            <span className="text-slate-600 dark:text-slate-400">Embedded JSON:</span>
            {(['ipam', 'capabilities', 'metaPlugins'] as const).map((f) => (
              <Button
                key={f}
                variant="ghost"
                className="!px-2 !py-0.5 text-xs"
                onClick={() => setJsonField(f)}
                aria-pressed={jsonField === f}
              >
                Edit {f} as JSON
              </Button>
            ))}
          </div>
          <div className="min-h-[280px] flex-1 overflow-hidden rounded-lg border border-slate-200 dark:border-slate-700">
            <YamlEditor
              value={text}
              onChange={setText}
              diagnostics={diagnostics}
              diagnosticsText={deferred}
              schema={isNetworkKind(form.kind) ? form.kind : 'any'}
              modelId={
                mode === 'create' ? 'new-network' : `edit-${target?.namespace}-${target?.name}`
              }
              ariaLabel="Network YAML. Ctrl+Space completes, Ctrl+. offers quick fixes, Ctrl+M switches Tab between indenting and moving focus."
              onEditEmbedded={(f) => setJsonField(f.schema)}
              handleRef={editor}
              readOnly={mode === 'edit' && !permission.allowed}
            />
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Ctrl+Space completes from the schema, Ctrl+. offers quick fixes, Ctrl+M makes Tab move
            focus out of the editor.
          </p>
          <div className="max-h-44 overflow-y-auto">
            <DiagnosticsPanel
              diagnostics={diagnostics.filter((d) => d.document === undefined || d.document === 0)}
              onReveal={reveal}
              onFix={(_d, fix) =>
                setText((current) => (current === deferred ? applyQuickFix(current, fix) : current))
              }
            />
          </div>
        </section>
      </div>

      <ReviewDialog
        open={reviewing}
        onClose={() => setReviewing(false)}
        text={text}
        target={{ mode, plural, namespace, name }}
        base={base}
        clusterObject={clusterObject}
        clusterNad={clusterNad}
        denyReason={denyReason}
        onApplied={(result) => {
          setReviewing(false);
          const meta = result.object.metadata;
          router.push(
            networkHref(pluralOf(result.object.kind), meta.namespace ?? '', meta.name ?? ''),
          );
        }}
        onRebased={(next, newBase) => {
          setText(next);
          setBase(newBase);
        }}
      />
    </div>
  );
}
