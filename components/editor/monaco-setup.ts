'use client';

import { loader } from '@monaco-editor/react';
import type * as MonacoNs from 'monaco-editor';
import type { Diagnostic } from '@/lib/diagnostics';
import { embeddedFields, fixesAt, rangeOf, type EmbeddedField } from './markers';
import { jsonSchemaSettings, yamlSchemaSettings } from './schemas';

export type Monaco = typeof MonacoNs;

/** What the shared providers need to know about one editor model. */
export interface ModelHooks {
  /** ibnet's diagnostics of the model's text at `versionId`. */
  diagnostics: Diagnostic[];
  versionId: number;
  /** Set when the editor offers "Edit … as JSON" lenses. */
  onEditEmbedded?: (field: EmbeddedField) => void;
}

const models = new Map<string, ModelHooks>();

/** Lets the shared code-action and code-lens providers serve a model; returns the undo. */
export function registerModel(uri: string, hooks: ModelHooks): () => void {
  models.set(uri, hooks);
  return () => {
    if (models.get(uri) === hooks) models.delete(uri);
  };
}

/** Updates what the providers know about a model (its diagnostics after a change). */
export function updateModel(uri: string, patch: Partial<ModelHooks>): void {
  const hooks = models.get(uri);
  if (hooks) Object.assign(hooks, patch);
}

const EDIT_EMBEDDED_COMMAND = 'ibnet.editEmbeddedJson';

function registerProviders(monaco: Monaco): void {
  // Quick fixes: every fix of an ibnet diagnostic under the cursor or selection.
  monaco.languages.registerCodeActionProvider(
    'yaml',
    {
      provideCodeActions(model, range, context) {
        const hooks = models.get(model.uri.toString());
        if (!hooks || hooks.versionId !== model.getVersionId()) {
          return { actions: [], dispose() {} };
        }
        const actions = fixesAt(hooks.diagnostics, range).map(({ diagnostic, fix }, i) => {
          const marker = context.markers.find(
            (m) => m.code === diagnostic.code && m.startLineNumber === diagnostic.line,
          );
          return {
            title: fix.title,
            kind: 'quickfix',
            isPreferred: i === 0,
            diagnostics: marker ? [marker] : [],
            edit: {
              edits: fix.edits.map((e) => ({
                resource: model.uri,
                versionId: model.getVersionId(),
                textEdit: {
                  range: new monaco.Range(e.line, e.column, e.endLine, e.endColumn),
                  text: e.newText,
                },
              })),
            },
          };
        });
        return { actions, dispose() {} };
      },
    },
    { providedCodeActionKinds: ['quickfix'] },
  );

  monaco.editor.registerCommand(EDIT_EMBEDDED_COMMAND, (_accessor, uri: string, field) => {
    models.get(uri)?.onEditEmbedded?.(field as EmbeddedField);
  });

  // "Edit ipam as JSON" above each embedded JSON string.
  monaco.languages.registerCodeLensProvider('yaml', {
    provideCodeLenses(model) {
      const uri = model.uri.toString();
      if (!models.get(uri)?.onEditEmbedded) return { lenses: [], dispose() {} };
      const lenses = embeddedFields(model.getValue()).map((field) => ({
        range: new monaco.Range(field.line, 1, field.line, 1),
        command: {
          id: EDIT_EMBEDDED_COMMAND,
          title: `Edit ${field.path[field.path.length - 1]} as JSON`,
          arguments: [uri, field],
        },
      }));
      return { lenses, dispose() {} };
    },
    resolveCodeLens: (_model, lens) => lens,
  });
}

function defineWorkers(): void {
  // Workers come from files in this project, so the bundler emits them as local chunks.
  (self as unknown as { MonacoEnvironment: MonacoNs.Environment }).MonacoEnvironment = {
    getWorker(_id: string, label: string) {
      if (label === 'yaml') {
        return new Worker(new URL('./workers/yaml.worker.ts', import.meta.url), { type: 'module' });
      }
      if (label === 'json') {
        return new Worker(new URL('./workers/json.worker.ts', import.meta.url), { type: 'module' });
      }
      return new Worker(new URL('./workers/editor.worker.ts', import.meta.url), { type: 'module' });
    },
  };
}

let setup: Promise<Monaco> | null = null;

/**
 * Loads Monaco from the local bundle once per page: workers, monaco-yaml with the ibnet kinds'
 * schemas, the JSON schemas of the embedded strings, quick fixes and lenses. Points
 * @monaco-editor/react at this instance, so it never fetches Monaco from a CDN. Browser only.
 */
export function setupMonaco(): Promise<Monaco> {
  setup ??= (async () => {
    defineWorkers();
    const monaco = await import('monaco-editor');
    const { configureMonacoYaml } = await import('monaco-yaml');
    configureMonacoYaml(monaco, {
      enableSchemaRequest: false,
      completion: true,
      hover: true,
      validate: true,
      format: { enable: false },
      isKubernetes: true,
      schemas: yamlSchemaSettings(),
    });
    monaco.languages.json.jsonDefaults.setDiagnosticsOptions({
      validate: true,
      allowComments: false,
      trailingCommas: 'error',
      enableSchemaRequest: false,
      schemas: jsonSchemaSettings(),
    });
    registerProviders(monaco);
    loader.config({ monaco });
    return monaco;
  })();
  return setup;
}

/** Moves the cursor to a diagnostic and shows it in the middle of the editor. */
export function revealDiagnostic(
  editor: MonacoNs.editor.ICodeEditor,
  d: Pick<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>,
): void {
  const r = rangeOf({ ...d, severity: 'error', code: '', message: '' });
  editor.setSelection({
    startLineNumber: r.startLineNumber,
    startColumn: r.startColumn,
    endLineNumber: r.endLineNumber,
    endColumn: r.endColumn,
  });
  editor.revealRangeInCenter({
    startLineNumber: r.startLineNumber,
    startColumn: r.startColumn,
    endLineNumber: r.endLineNumber,
    endColumn: r.endColumn,
  });
  editor.focus();
}
