import { parseNetworksAnnotation, type NetworkRequest } from '../../annotations/networks';
import { NETWORKS_ANNOTATION } from '../../model';
import type { CheckContext, KnownNetwork, KubeDoc, LocalNetwork, PendingFix } from '../context';
import { parseEmbeddedJson } from '../embedded-json';
import { insertEntry, replaceValue } from '../edits';
import { scalarEdit, sourceSpan, type ScalarMap } from '../scalar-map';
import { entryOf, nodeAt, type PathStep, type ScalarNode } from '../tree';

/** Where each workload kind keeps the pod metadata that carries the annotation. */
export const POD_METADATA_PATHS: Record<string, PathStep[]> = {
  Pod: ['metadata'],
  Deployment: ['spec', 'template', 'metadata'],
  StatefulSet: ['spec', 'template', 'metadata'],
  DaemonSet: ['spec', 'template', 'metadata'],
  ReplicaSet: ['spec', 'template', 'metadata'],
  ReplicationController: ['spec', 'template', 'metadata'],
  Job: ['spec', 'template', 'metadata'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  PodTemplate: ['template', 'metadata'],
};

/** Checks the `networks` request annotation of a pod or a pod template. */
export function checkPodNetworks(ctx: CheckContext, doc: KubeDoc): void {
  const metaPath = POD_METADATA_PATHS[doc.kind ?? ''];
  if (!metaPath) return;
  const annotations = nodeAt(doc.root, [...metaPath, 'annotations']);
  const entry = entryOf(annotations, NETWORKS_ANNOTATION);
  if (!entry) return;
  const path: PathStep[] = [...doc.prefix, ...metaPath, 'annotations', NETWORKS_ANNOTATION];
  const node = entry.value;

  if (node?.type !== 'scalar' || typeof node.value !== 'string') {
    const fixes: PendingFix[] = [];
    if (node && node.type !== 'scalar') {
      const edit = replaceValue(ctx.text, node, JSON.stringify(toAnnotationValue(node)));
      if (edit) fixes.push({ title: 'Write it as a JSON string', edits: [edit] });
    }
    ctx.report({
      severity: 'error',
      code: 'annotation/type',
      message: `annotation values are strings: quote the ${NETWORKS_ANNOTATION} value, e.g. '[{"name": "ib1"}]' or "ib1,ib2"`,
      span: node?.span ?? entry.keySpan,
      path,
      ...(fixes.length > 0 ? { fixes } : {}),
    });
    return;
  }

  const map = node.stringMap?.();
  const parsed = parseNetworksAnnotation(node.value);
  for (const problem of parsed.problems) {
    const fixes: PendingFix[] = [];
    if (problem.replacement !== undefined && map) {
      const edit = scalarEdit(
        ctx.text,
        map,
        problem.span.start,
        problem.span.end,
        problem.replacement,
      );
      if (edit) fixes.push({ title: problem.fixTitle ?? 'Fix it', edits: [edit] });
    }
    ctx.report({
      severity: problem.severity,
      code: problem.code,
      message: problem.message,
      span: at(map, node, problem.span),
      path,
      ...(fixes.length > 0 ? { fixes } : {}),
    });
  }

  const podNamespace = doc.namespace;
  for (const request of parsed.requests) {
    if (request.name === '') continue;
    checkRequestAgainstNetworks(ctx, request, podNamespace, map, node, path);
  }
}

function toAnnotationValue(node: Parameters<typeof replaceValue>[1]): unknown {
  if (node.type === 'scalar') return node.value;
  if (node.type === 'array') return node.items.map(toAnnotationValue);
  return Object.fromEntries(
    node.entries.map((e) => [e.key, e.value ? toAnnotationValue(e.value) : null]),
  );
}

function at(map: ScalarMap | undefined, node: ScalarNode, span: { start: number; end: number }) {
  return map ? sourceSpan(map, span.start, span.end) : node.span;
}

function checkRequestAgainstNetworks(
  ctx: CheckContext,
  request: NetworkRequest,
  podNamespace: string | undefined,
  map: ScalarMap | undefined,
  node: ScalarNode,
  path: PathStep[],
): void {
  const wanted = request.namespace || podNamespace;
  const candidates = ctx.networks.filter((n) => n.name === request.name);
  const where = at(map, node, request.values.name ?? request.span);

  if (candidates.length === 0) {
    if (ctx.clusterKnown && wanted) {
      ctx.report({
        severity: 'warning',
        code: 'annotation/unknown-network',
        message: `no network "${request.name}" is known in namespace "${wanted}": Multus will fail with "cannot find a network-attachment-definition (${request.name}) in namespace (${wanted})"; create the network or fix the name`,
        span: where,
        path,
      });
    }
    return;
  }

  const network = candidates.find((n) => !n.namespace || !wanted || n.namespace === wanted);
  if (!network) {
    const elsewhere = candidates.map((n) => `"${n.namespace}"`).join(', ');
    const first = candidates[0];
    const how =
      first?.kind === 'NetworkAttachmentDefinition'
        ? ''
        : " (a network's NAD is created in its networkNamespace, or else in its own namespace)";
    ctx.report({
      severity: 'error',
      code: 'annotation/namespace-mismatch',
      message: `the pod is in namespace "${wanted}" but the NetworkAttachmentDefinition "${request.name}" is in ${elsewhere}${how}; Multus fails with "cannot find a network-attachment-definition (${request.name}) in namespace (${wanted})". Run the pod in ${elsewhere}, or set networkNamespace: ${wanted} on the network (an object in the operator namespace)`,
      span: where,
      path,
    });
    return;
  }

  const capabilities = network.capabilities ?? {};
  if (request.infinibandGuid !== undefined && capabilities.infinibandGUID !== true) {
    reportMissingCapability(
      ctx,
      network,
      'infinibandGUID',
      'infiniband-guid',
      request,
      map,
      node,
      path,
    );
  }
  if (request.ips !== undefined) {
    if (network.ipamType === 'whereabouts') {
      ctx.report({
        severity: 'warning',
        code: 'annotation/ips-ignored',
        message: `"${request.name}" uses whereabouts IPAM, which ignores per-pod "ips" and hands out the next free address; remove "ips", or switch the network to static IPAM with the ips capability`,
        span: at(map, node, request.keys.ips ?? request.span),
        path,
      });
    } else if (capabilities.ips !== true) {
      reportMissingCapability(ctx, network, 'ips', 'ips', request, map, node, path);
    }
  }
}

function reportMissingCapability(
  ctx: CheckContext,
  network: KnownNetwork | LocalNetwork,
  capability: string,
  field: string,
  request: NetworkRequest,
  map: ScalarMap | undefined,
  node: ScalarNode,
  path: PathStep[],
): void {
  const edit = 'doc' in network ? capabilityEdit(ctx, network, capability) : undefined;
  ctx.report({
    severity: 'warning',
    code: 'annotation/capability-missing',
    message: `"${field}" is requested, but network "${network.name}" does not declare the ${capability} capability, so Multus silently drops it; add {"${capability}": true} to the network's capabilities`,
    span: at(map, node, request.keys[field] ?? request.span),
    path,
    ...(edit
      ? { fixes: [{ title: `Add the ${capability} capability to ${network.name}`, edits: [edit] }] }
      : {}),
  });
}

/** The edit that declares a capability on a network written in the same text. */
function capabilityEdit(ctx: CheckContext, network: LocalNetwork, capability: string) {
  const doc = network.doc;
  const spec = entryOf(doc.root, 'spec')?.value;
  if (doc.kind === 'NetworkAttachmentDefinition') {
    const config = entryOf(spec, 'config')?.value;
    if (config?.type !== 'scalar') return undefined;
    const root = parseEmbeddedJson(ctx.text, config).root;
    const plugins = entryOf(root, 'plugins')?.value;
    const main = plugins?.type === 'array' ? plugins.items[0] : root;
    if (main?.type !== 'object') return undefined;
    const caps = entryOf(main, 'capabilities')?.value;
    if (caps?.type === 'object') return insertEntry(ctx.text, caps, capability, true);
    return caps ? undefined : insertEntry(ctx.text, main, 'capabilities', { [capability]: true });
  }
  if (spec?.type !== 'object') return undefined;
  const caps = entryOf(spec, 'capabilities')?.value;
  if (!caps)
    return insertEntry(ctx.text, spec, 'capabilities', JSON.stringify({ [capability]: true }));
  if (caps.type !== 'scalar') return undefined;
  const root = parseEmbeddedJson(ctx.text, caps).root;
  return root?.type === 'object' ? insertEntry(ctx.text, root, capability, true) : undefined;
}
