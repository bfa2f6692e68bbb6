import { CST, Parser, parseDocument } from 'yaml';
import { applyQuickFix, validate, type Diagnostic, type ValidateOptions } from '@/lib/diagnostics';
import { setYamlValue } from '@/components/editor/yaml-edit';
import { isNetworkKind } from './network-form';

/** One `---` document of a pasted or uploaded text, with what the checks found in it. */
export interface ImportedDocument {
  index: number;
  /** The document's own text (without the `---` line), to open it in the editor. */
  text: string;
  /** 1-based line where the document starts in the whole text. */
  startLine: number;
  kind?: string;
  name?: string;
  namespace?: string;
  /** A SriovIBNetwork or SriovNetwork: can be opened in the network editor or applied. */
  isNetwork: boolean;
  diagnostics: Diagnostic[];
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function field(value: unknown, ...path: string[]): string | undefined {
  let node = value;
  for (const key of path) {
    node =
      typeof node === 'object' && node !== null
        ? (node as Record<string, unknown>)[key]
        : undefined;
  }
  return typeof node === 'string' ? node : undefined;
}

/** Drops a leading `---` line so the document opens cleanly on its own. */
function withoutMarker(source: string): string {
  return source.replace(/^(?:[ \t]*(?:#.*)?\n)*---[ \t]*\n?/, (m) =>
    m.replace(/---[ \t]*\n?$/, ''),
  );
}

/** Splits a YAML text into documents and checks them all together (cross-document rules too). */
export function importDocuments(text: string, options: ValidateOptions = {}): ImportedDocument[] {
  const diagnostics = validate(text, options);
  const docs: ImportedDocument[] = [];
  let index = 0;
  // Comments before a document's first line come as their own tokens: they belong to it.
  let lead = '';
  let leadOffset: number | undefined;
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') {
      if (token.type === 'comment' || token.type === 'space' || token.type === 'newline') {
        leadOffset ??= token.offset;
        lead += token.source;
      }
      continue;
    }
    const source = lead + CST.stringify(token);
    const offset = leadOffset ?? token.offset;
    lead = '';
    leadOffset = undefined;
    const parsed = parseDocument(source);
    const value: unknown = parsed.errors.length === 0 ? parsed.toJS() : undefined;
    const kind = field(value, 'kind');
    const i = index++;
    docs.push({
      index: i,
      text: withoutMarker(source),
      startLine: lineAt(text, offset),
      ...(kind ? { kind } : {}),
      ...(field(value, 'metadata', 'name') ? { name: field(value, 'metadata', 'name') } : {}),
      ...(field(value, 'metadata', 'namespace')
        ? { namespace: field(value, 'metadata', 'namespace') }
        : {}),
      isNetwork: kind !== undefined && isNetworkKind(kind),
      diagnostics: diagnostics.filter((d) => (d.document ?? 0) === i),
    });
  }
  return docs;
}

/**
 * Applies every fix that is the only one offered for its finding, one at a time (positions move
 * after each), errors first. Stops when nothing is left to fix or a fix changes nothing.
 */
export function applyAllFixes(
  text: string,
  options: ValidateOptions = {},
): { text: string; applied: string[] } {
  const applied: string[] = [];
  let current = text;
  for (let round = 0; round < 100; round++) {
    const next = validate(current, options)
      .filter((d) => d.fixes?.length === 1)
      .sort((a, b) => rank(a) - rank(b))[0];
    const fix = next?.fixes?.[0];
    if (!next || !fix) break;
    const fixed = applyQuickFix(current, fix);
    if (fixed === current) break;
    applied.push(`line ${next.line}: ${fix.title}`);
    current = fixed;
  }
  return { text: current, applied };
}

function rank(d: Diagnostic): number {
  return d.severity === 'error' ? 0 : d.severity === 'warning' ? 1 : 2;
}

/**
 * Prepares a pasted network for updating the one in the cluster, the way `kubectl apply` treats
 * metadata: the cluster's resourceVersion (so a concurrent change is detected), and the
 * finalizers, labels and annotations others put there are kept unless the text sets them. The
 * spec is taken from the text as it is. The review shows the resulting diff before anything is
 * written.
 */
export function prepareUpdate(text: string, cluster: Record<string, unknown>): string {
  const meta = (cluster.metadata ?? {}) as {
    resourceVersion?: string;
    finalizers?: string[];
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  const doc = parseDocument(text);
  let out = text;
  if (meta.resourceVersion)
    out = setYamlValue(out, ['metadata', 'resourceVersion'], meta.resourceVersion);
  if (meta.finalizers?.length && !doc.hasIn(['metadata', 'finalizers'])) {
    out = setYamlValue(out, ['metadata', 'finalizers'], meta.finalizers);
  }
  for (const field of ['labels', 'annotations'] as const) {
    for (const [key, value] of Object.entries(meta[field] ?? {})) {
      if (!doc.hasIn(['metadata', field, key]))
        out = setYamlValue(out, ['metadata', field, key], value);
    }
  }
  return out;
}
