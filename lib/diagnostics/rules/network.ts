import { DNS1123_LABEL } from '../../model';
import type { CheckContext, KubeDoc, PendingFix } from '../context';
import { insertEntry, removeEntry, replaceValue } from '../edits';
import { scalarEdit } from '../scalar-map';
import { entryOf, type ObjectNode, type PathStep, type TreeNode } from '../tree';
import { checkCapabilities } from './capabilities';
import { checkIpamNode, type IpamOptions } from './ipam';
import { readJsonField } from './json-field';
import { checkResourceName } from './resource-name';
import { checkUpstreamIpamText } from './upstream';

/** Rules for SriovIBNetwork and SriovNetwork. */
export function checkNetwork(ctx: CheckContext, doc: KubeDoc): void {
  const spec = entryOf(doc.root, 'spec')?.value;
  if (spec?.type !== 'object') return;
  const base: PathStep[] = [...doc.prefix, 'spec'];
  const cniType = doc.kind === 'SriovIBNetwork' ? 'ib-sriov' : 'sriov';

  checkNetworkNamespace(ctx, doc, spec);
  checkResourceName(ctx, spec, 'network/resource-name', base);
  const chained = checkMetaPlugins(ctx, spec, base);

  const capabilities = entryOf(spec, 'capabilities')?.value;
  const parsed = readJsonField(ctx, capabilities, 'capabilities', [...base, 'capabilities']);
  const declared = parsed?.root
    ? checkCapabilities(ctx, parsed.root, { cniType, chained, path: [...base, 'capabilities'] })
    : {};
  checkNetworkIpam(ctx, doc, spec, {
    cniType,
    path: [...base, 'ipam'],
    ipsCapability: declared.ips === true,
  });
}

function checkNetworkNamespace(ctx: CheckContext, doc: KubeDoc, spec: ObjectNode): void {
  const entry = entryOf(spec, 'networkNamespace');
  const node = entry?.value;
  if (!entry || node?.type !== 'scalar' || typeof node.value !== 'string' || node.value === '')
    return;
  const target = node.value;
  const path = [...doc.prefix, 'spec', 'networkNamespace'];

  if (!DNS1123_LABEL.test(target)) {
    ctx.report({
      severity: 'error',
      code: 'network/network-namespace-name',
      message: `networkNamespace "${target}" is not a namespace name (lower-case letters, digits and '-')`,
      span: node.span,
      path,
    });
  }

  const own = doc.namespace;
  const operator = ctx.operatorNamespace;
  if (own === operator) return;
  const fixes: PendingFix[] = [];
  const removal = removeEntry(ctx.text, spec, entry);
  if (removal) fixes.push({ title: 'Remove networkNamespace', edits: [removal] });
  const metadata = entryOf(doc.root, 'metadata')?.value;
  const nsNode = entryOf(metadata, 'namespace')?.value;
  const move = nsNode
    ? replaceValue(ctx.text, nsNode, operator)
    : metadata?.type === 'object'
      ? insertEntry(ctx.text, metadata, 'namespace', operator)
      : undefined;
  if (move) fixes.push({ title: `Move this object to ${operator}`, edits: [move] });

  ctx.report({
    severity: own === undefined ? 'warning' : 'error',
    code: 'network/network-namespace-outside-operator',
    message:
      own === undefined
        ? `networkNamespace is only allowed when this ${doc.kind} is in the operator namespace (${operator}), and it has no metadata.namespace; set metadata.namespace: ${operator}, or remove networkNamespace`
        : `networkNamespace is only allowed on a ${doc.kind} in the operator namespace (${operator}); this one is in "${own}", so the operator's webhook rejects it. Remove networkNamespace (the NAD is then created in "${own}"), or move this object to ${operator}`,
    span: entry.keySpan,
    path,
    fixes,
  });
}

function checkNetworkIpam(
  ctx: CheckContext,
  doc: KubeDoc,
  spec: ObjectNode,
  options: IpamOptions,
): void {
  const path = options.path;
  const entry = entryOf(spec, 'ipam');
  const node = entry?.value;
  const noIpam = (span: { start: number; end: number }) =>
    ctx.report({
      severity: 'info',
      code: 'network/no-ipam',
      message: `no ipam: pods get this interface without IP addresses (enough for RDMA verbs, not for IP traffic or RDMA CM); add e.g. ipam: '{"type": "whereabouts", "range": "192.168.10.0/24"}'`,
      span,
      path,
    });

  if (!entry) {
    noIpam(entryOf(doc.root, 'spec')?.keySpan ?? doc.root.span);
    return;
  }
  if (node?.type !== 'scalar' || typeof node.value !== 'string') return;
  if (node.value.trim() === '') {
    noIpam(node.span);
    return;
  }
  const parsed = readJsonField(ctx, node, 'ipam', path);
  if (!parsed) return;
  checkUpstreamIpamText(ctx, node, parsed.root, path);
  if (!parsed.root) return;
  if (parsed.root.type === 'object' && parsed.root.entries.length === 0) {
    noIpam(node.span);
    return;
  }
  checkIpamNode(ctx, parsed.root, options);
}

/**
 * metaPlugins is one or more plugin objects separated by commas, which the operator pastes into
 * the `plugins` list after the SR-IOV plugin. Returns whether any plugin is chained.
 */
function checkMetaPlugins(ctx: CheckContext, spec: ObjectNode, base: PathStep[]): boolean {
  const node = entryOf(spec, 'metaPlugins')?.value;
  const path = [...base, 'metaPlugins'];
  const parsed = readJsonField(ctx, node, 'metaPlugins', path, { before: '[', after: ']' });
  const list = parsed?.root;
  if (!parsed || list?.type !== 'array') return false;

  const only = list.items[0];
  if (list.items.length === 1 && only?.type === 'array' && only.inner && parsed.embedding) {
    const { start, end } = only.inner;
    const open = scalarEdit(ctx.text, parsed.embedding.map, start, start + 1, '');
    const close = scalarEdit(ctx.text, parsed.embedding.map, end - 1, end, '');
    ctx.report({
      severity: 'error',
      code: 'network/meta-plugins-list',
      message:
        'metaPlugins is plugin objects separated by commas, not a JSON list: the operator already puts them inside the NAD\'s "plugins" list, so the brackets nest a list there and the NAD is invalid; remove [ and ]',
      span: only.span,
      path,
      ...(open && close ? { fixes: [{ title: 'Remove the brackets', edits: [open, close] }] } : {}),
    });
    return true;
  }

  for (const plugin of list.items) checkChainedPlugin(ctx, plugin, path);
  return list.items.length > 0;
}

function checkChainedPlugin(ctx: CheckContext, plugin: TreeNode, path: PathStep[]): void {
  const type = entryOf(plugin, 'type')?.value;
  if (
    plugin.type === 'object' &&
    type?.type === 'scalar' &&
    typeof type.value === 'string' &&
    type.value !== ''
  )
    return;
  ctx.report({
    severity: 'error',
    code: 'network/meta-plugin-type',
    message:
      plugin.type === 'object'
        ? 'each chained plugin needs a "type" naming the CNI plugin, e.g. {"type": "tuning"}'
        : 'each chained plugin must be a JSON object such as {"type": "tuning", "sysctl": {…}}',
    span: plugin.span,
    path,
  });
}
