import { DEFAULT_OPERATOR_NAMESPACE } from '../model';
import {
  Findings,
  type CheckContext,
  type Finding,
  type KnownNetwork,
  type KubeDoc,
  type LocalNetwork,
  type ValidateOptions,
} from './context';
import { parseJsonFile } from './embedded-json';
import { knownNetworkFrom } from './known-networks';
import { LineIndex } from './positions';
import { checkGuids } from './rules/guid';
import { checkKind } from './rules/kind';
import { checkNad, checkOpenShiftNetwork } from './rules/nad';
import { checkNetwork } from './rules/network';
import { checkPodNetworks } from './rules/pod';
import { checkPolicy, checkPolicyOverlaps } from './rules/policy';
import { checkYamlScalars, reportYamlProblems } from './rules/yaml';
import { entryOf, stringValue, toPlain, type TreeNode } from './tree';
import type { Diagnostic } from './types';
import { parseYamlDocuments } from './yaml-tree';

/**
 * Checks YAML or JSON text (one or more documents, `kind: List` included) holding SR-IOV networks,
 * policies, node states, NADs, whereabouts objects, the OpenShift network config and pods or
 * workloads that request networks. Never throws; the result is sorted by position.
 */
export function validate(text: string, options: ValidateOptions = {}): Diagnostic[] {
  const source = typeof text === 'string' ? text : '';
  try {
    return run(source, options);
  } catch (err) {
    // A bug in a rule must not take the editor or the CLI down; say so instead.
    return [
      {
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        severity: 'error',
        code: 'internal/error',
        message: `ibnet could not finish checking this text (${err instanceof Error ? err.message : String(err)}); please report it with the text`,
      },
    ];
  }
}

function run(text: string, options: ValidateOptions): Diagnostic[] {
  const findings = new Findings();
  const docs: KubeDoc[] = [];
  const trimmed = text.trimStart();

  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = parseJsonFile(text);
    for (const problem of parsed.problems) {
      findings.add({
        severity: 'error',
        code: problem.trailingComma ? 'json/trailing-comma' : 'json/syntax',
        message: problem.message,
        span: problem.span,
        document: 0,
        ...(problem.trailingComma
          ? {
              fixes: [
                { title: 'Remove the trailing comma', edits: [{ ...problem.span, newText: '' }] },
              ],
            }
          : {}),
      });
    }
    // A bare JSON list of objects is read like a List.
    const roots =
      parsed.root?.type === 'array'
        ? parsed.root.items.map((r, i) => [r, [i]] as const)
        : parsed.root
          ? [[parsed.root, []] as const]
          : [];
    for (const [root, prefix] of roots)
      collect(root, 0, [...prefix], parsed.problems.length > 0, docs, findings);
  } else {
    parseYamlDocuments(text).forEach((doc, index) => {
      reportYamlProblems(doc, index, findings);
      if (!doc.root) return;
      checkYamlScalars(doc.root, index, findings);
      collect(doc.root, index, [], doc.errors.length > 0, docs, findings);
    });
  }

  const operatorNamespace = options.operatorNamespace || DEFAULT_OPERATOR_NAMESPACE;
  const local: LocalNetwork[] = [];
  for (const doc of docs) {
    const network = knownNetworkFrom(doc.plain);
    if (network) local.push({ ...network, doc });
  }
  const networks: (LocalNetwork | KnownNetwork)[] = [...local, ...(options.knownNetworks ?? [])];

  for (const doc of docs) {
    const ctx: CheckContext = {
      text,
      document: doc.document,
      operatorNamespace,
      multiNode: options.multiNode ?? true,
      networks,
      clusterKnown: options.knownNetworks !== undefined,
      report: (f: Finding) => findings.add({ document: doc.document, ...f }),
    };
    checkDocument(ctx, doc);
  }

  const policies = docs.filter((d) => d.kind === 'SriovNetworkNodePolicy');
  if (policies.length > 1) {
    checkPolicyOverlaps(
      {
        text,
        document: 0,
        operatorNamespace,
        multiNode: true,
        networks,
        clusterKnown: false,
        report: (f) => findings.add(f),
      },
      policies,
    );
  }

  return toDiagnostics(text, findings.list);
}

/** Turns a document root into the objects it holds (itself, or the items of a List). */
function collect(
  root: TreeNode,
  document: number,
  prefix: (string | number)[],
  damaged: boolean,
  docs: KubeDoc[],
  findings: Findings,
): void {
  if (root.type !== 'object') {
    findings.add({
      severity: 'error',
      code: 'schema/not-object',
      message:
        'expected a Kubernetes object (apiVersion, kind, metadata, spec); this document is a list or a plain value',
      span: root.span,
      document,
    });
    return;
  }
  const kind = stringValue(entryOf(root, 'kind')?.value);
  const items = entryOf(root, 'items')?.value;
  if (kind !== undefined && kind.endsWith('List') && items?.type === 'array') {
    items.items.forEach((item, i) =>
      collect(item, document, [...prefix, 'items', i], damaged, docs, findings),
    );
    return;
  }
  const plain = toPlain(root) as Record<string, unknown>;
  const metadata = plain.metadata as Record<string, unknown> | null | undefined;
  const namespace =
    typeof metadata?.namespace === 'string' && metadata.namespace !== ''
      ? metadata.namespace
      : undefined;
  const name = typeof metadata?.name === 'string' ? metadata.name : undefined;
  const apiVersion = stringValue(entryOf(root, 'apiVersion')?.value);
  docs.push({
    root,
    plain,
    document,
    prefix,
    damaged,
    ...(apiVersion !== undefined ? { apiVersion } : {}),
    ...(kind !== undefined ? { kind } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  });
}

function checkDocument(ctx: CheckContext, doc: KubeDoc): void {
  const kind = checkKind(ctx, doc);
  switch (kind?.kind) {
    case 'SriovIBNetwork':
    case 'SriovNetwork':
      checkNetwork(ctx, { ...doc, kind: kind.kind });
      break;
    case 'SriovNetworkNodePolicy':
      checkPolicy(ctx, doc);
      break;
    case 'SriovNetworkNodeState':
      checkGuids(ctx, doc.root, doc.prefix, 'observed');
      break;
    case 'NetworkAttachmentDefinition':
      checkNad(ctx, doc);
      break;
    case 'Network':
      checkOpenShiftNetwork(ctx, doc);
      break;
    default:
      checkPodNetworks(ctx, doc);
  }
}

function toDiagnostics(text: string, findings: Finding[]): Diagnostic[] {
  const lines = new LineIndex(text);
  const diagnostics = findings.map((f) => {
    const d: Diagnostic = {
      ...lines.range(f.span),
      severity: f.severity,
      code: f.code,
      message: f.message,
    };
    if (f.path) d.path = f.path;
    if (f.document !== undefined) d.document = f.document;
    if (f.fixes && f.fixes.length > 0) {
      d.fixes = f.fixes.map((fix) => ({
        title: fix.title,
        edits: fix.edits.map((e) => ({ ...lines.range(e), newText: e.newText })),
      }));
    }
    return d;
  });
  return diagnostics.sort(
    (a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}
