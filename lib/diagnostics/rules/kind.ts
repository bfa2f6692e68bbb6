import { CUSTOM_KINDS, apiVersionOf, type CustomKind } from '../../model';
import type { CheckContext, KubeDoc, PendingFix } from '../context';
import { insertEntry, removeEntry, renameKey, replaceValue, yamlText } from '../edits';
import { checkSchema, knownKeys } from '../schema-issues';
import { listWords, suggestName } from '../suggest';
import { entryOf, stringValue } from '../tree';
import { POLICY_CODES } from './policy';

/** Groups whose every kind ibnet knows, so an unknown kind there is a mistake. */
const STRICT_GROUPS = new Set([
  'sriovnetwork.openshift.io',
  'whereabouts.cni.cncf.io',
  'k8s.cni.cncf.io',
]);
/** Real kinds of those groups that ibnet does not check. */
const OTHER_KINDS = new Set([
  'SriovOperatorConfig',
  'SriovNetworkPoolConfig',
  'OVSNetwork',
  'NodeSlicePool',
  'MultiNetworkPolicy',
  'IPAMClaim',
]);
const KIND_NAMES = CUSTOM_KINDS.map((k) => k.kind);

function groupOf(apiVersion: string | undefined): string | undefined {
  return apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : undefined;
}

/**
 * Finds which of ibnet's kinds a document is, reporting a wrong apiVersion or a misspelled kind
 * with the right one, and runs that kind's schema. Returns the kind, or undefined for objects that
 * are not ibnet's (Pods, ConfigMaps…), which only get the checks that concern them.
 */
export function checkKind(ctx: CheckContext, doc: KubeDoc): CustomKind | undefined {
  const apiVersion = doc.apiVersion;
  const group = groupOf(apiVersion);
  const kindEntry = entryOf(doc.root, 'kind');
  const kindName = doc.kind;

  // `Network` is also config.openshift.io's cluster network config, which is not ibnet's.
  if (kindName === 'Network' && group !== undefined && group !== 'operator.openshift.io')
    return undefined;
  if (kindName !== undefined && OTHER_KINDS.has(kindName)) return undefined;
  let kind: CustomKind | undefined = CUSTOM_KINDS.find((k) => k.kind === kindName);

  const strict = group !== undefined && STRICT_GROUPS.has(group);
  const inGroup = CUSTOM_KINDS.filter((k) => k.group === group).map((k) => k.kind);
  if (!kind && kindName !== undefined) {
    const suggestion = suggestName(kindName, strict ? inGroup : KIND_NAMES);
    kind = CUSTOM_KINDS.find((k) => k.kind === suggestion);
    if (!kind) {
      if (strict) {
        ctx.report({
          severity: 'error',
          code: 'schema/kind',
          message: `unknown kind "${kindName}" in ${group}: ibnet knows ${listWords(inGroup)}`,
          span: kindEntry?.value?.span ?? doc.root.span,
          path: [...doc.prefix, 'kind'],
        });
      }
      return undefined;
    }
    const valueNode = kindEntry?.value;
    const edit = valueNode ? replaceValue(ctx.text, valueNode, kind.kind) : undefined;
    ctx.report({
      severity: 'error',
      code: 'schema/kind',
      message: `unknown kind "${kindName}"; did you mean "${kind.kind}"?`,
      span: valueNode?.span ?? doc.root.span,
      path: [...doc.prefix, 'kind'],
      ...(edit ? { fixes: [{ title: `Use ${kind.kind}`, edits: [edit] }] } : {}),
    });
  } else if (!kind) {
    if (!strict) return undefined;
    ctx.report({
      severity: 'error',
      code: 'schema/required',
      message: `kind is required: ${group} has ${listWords(inGroup)}`,
      span: entryOf(doc.root, 'apiVersion')?.keySpan ?? doc.root.span,
      path: [...doc.prefix, 'kind'],
    });
    return undefined;
  }

  checkTopLevel(ctx, doc, kind);
  checkSchema(ctx, {
    schema: kind.schema,
    root: doc.root,
    namespace: 'schema',
    what: kind.kind,
    prefix: doc.prefix,
    document: doc.document,
    unknownConsequence: 'the API server rejects it (kubectl --validate=strict) or drops it',
    unknownSeverity: 'error',
    codes: kind.kind === 'SriovNetworkNodePolicy' ? POLICY_CODES : {},
    damaged: doc.damaged,
    ignore: (path) => path.length === 1 && (path[0] === 'apiVersion' || path[0] === 'kind'),
  });
  return kind;
}

/** apiVersion, top-level field names and metadata.name, which the schema check leaves aside. */
function checkTopLevel(ctx: CheckContext, doc: KubeDoc, kind: CustomKind): void {
  const expected = apiVersionOf(kind);
  const apiEntry = entryOf(doc.root, 'apiVersion');
  const known = knownKeys(kind.schema);
  let apiVersionFixed = false;

  for (const entry of doc.root.entries) {
    if (known.includes(entry.key)) continue;
    const suggestion = suggestName(entry.key, known);
    const fixes: PendingFix[] = [];
    if (suggestion === 'apiVersion' && !apiEntry) {
      // A CNI `cniVersion` where apiVersion belongs: the value is wrong too, so write both.
      const key = renameKey(ctx.text, doc.root, entry, 'apiVersion');
      const value = entry.value ? replaceValue(ctx.text, entry.value, expected) : undefined;
      if (key && value) fixes.push({ title: `Use apiVersion: ${expected}`, edits: [key, value] });
      apiVersionFixed = true;
    } else if (suggestion && !entryOf(doc.root, suggestion)) {
      const edit = renameKey(ctx.text, doc.root, entry, suggestion);
      if (edit) fixes.push({ title: `Rename to ${suggestion}`, edits: [edit] });
    } else {
      const edit = removeEntry(ctx.text, doc.root, entry);
      if (edit) fixes.push({ title: `Remove ${entry.key}`, edits: [edit] });
    }
    ctx.report({
      severity: 'error',
      code: 'schema/unknown-field',
      message: `unknown top-level field "${entry.key}" in a ${kind.kind}${suggestion ? `; did you mean "${suggestion}"${suggestion === 'apiVersion' ? ` (${expected})` : ''}?` : `: only ${listWords(known)} belong here`}`,
      span: entry.keySpan,
      path: [...doc.prefix, entry.key],
      ...(fixes.length > 0 ? { fixes } : {}),
    });
  }

  if (doc.apiVersion !== expected && !apiVersionFixed) {
    const valueNode = apiEntry?.value;
    const edit = valueNode
      ? replaceValue(ctx.text, valueNode, expected)
      : insertEntry(ctx.text, doc.root, 'apiVersion', expected);
    ctx.report({
      severity: 'error',
      code: 'schema/api-version',
      message: apiEntry
        ? `a ${kind.kind} has apiVersion ${expected}, not ${yamlText(toText(valueNode))}`
        : `apiVersion is required: a ${kind.kind} has apiVersion ${expected}`,
      span: valueNode?.span ?? entryOf(doc.root, 'kind')?.keySpan ?? doc.root.span,
      path: [...doc.prefix, 'apiVersion'],
      ...(edit ? { fixes: [{ title: `Use ${expected}`, edits: [edit] }] } : {}),
    });
  }

  const metadata = entryOf(doc.root, 'metadata');
  const name = stringValue(entryOf(metadata?.value, 'name')?.value);
  const generateName = stringValue(entryOf(metadata?.value, 'generateName')?.value);
  if (!name && !generateName && !doc.damaged) {
    ctx.report({
      severity: 'error',
      code: 'schema/required',
      message: `metadata.name is required: name this ${kind.kind}${kind.kind === 'SriovIBNetwork' || kind.kind === 'SriovNetwork' ? ' (its NAD gets the same name, which pods request)' : ''}`,
      span: metadata?.keySpan ?? entryOf(doc.root, 'kind')?.keySpan ?? doc.root.span,
      path: [...doc.prefix, 'metadata', 'name'],
    });
  }
}

function toText(node: Parameters<typeof stringValue>[0]): string {
  if (node?.type === 'scalar') return String(node.value);
  return 'an object';
}
