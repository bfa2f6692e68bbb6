import { LINK_STATES, RESOURCE_NAME_ANNOTATION } from '../../model';
import type { CheckContext, KubeDoc } from '../context';
import { insertEntry, replaceValue } from '../edits';
import { suggestName } from '../suggest';
import { entryOf, nodeAt, stringValue, type PathStep, type TreeNode } from '../tree';
import { checkCapabilities } from './capabilities';
import { checkGuids } from './guid';
import { checkIpamNode } from './ipam';
import { readJsonField } from './json-field';

/** CNI plugins that take a VF from the device plugin through the NAD's resourceName annotation. */
const DEVICE_PLUGINS = ['ib-sriov', 'sriov'];

/** Rules for NetworkAttachmentDefinition. */
export function checkNad(ctx: CheckContext, doc: KubeDoc): void {
  const spec = entryOf(doc.root, 'spec');
  const configNode = entryOf(spec?.value, 'config')?.value;
  const path: PathStep[] = [...doc.prefix, 'spec', 'config'];
  if (!configNode || stringValue(configNode)?.trim() === '') {
    ctx.report({
      severity: 'info',
      code: 'nad/no-config',
      message:
        'no spec.config: Multus then looks for a CNI config file named after this NAD on each node; write the CNI configuration JSON in spec.config',
      span: spec?.keySpan ?? entryOf(doc.root, 'metadata')?.keySpan ?? doc.root.span,
      path,
    });
    return;
  }
  const parsed = readJsonField(ctx, configNode, 'spec.config', path);
  if (!parsed?.root) return;
  const types = checkCniConfig(ctx, parsed.root, path);

  const annotations = nodeAt(doc.root, ['metadata', 'annotations']);
  const hasResource = entryOf(annotations, RESOURCE_NAME_ANNOTATION) !== undefined;
  const devicePlugin = types.find((t) => DEVICE_PLUGINS.includes(t));
  if (devicePlugin && !hasResource) {
    ctx.report({
      severity: 'warning',
      code: 'nad/resource-name-annotation',
      message: `this ${devicePlugin} NAD needs the annotation ${RESOURCE_NAME_ANNOTATION}: <prefix>/<resourceName> (e.g. openshift.io/mlnx_ib), or pods get no VF and the plugin fails; add it under metadata.annotations`,
      span: entryOf(doc.root, 'metadata')?.keySpan ?? doc.root.span,
      path: [...doc.prefix, 'metadata', 'annotations'],
    });
  }
}

/**
 * Checks a CNI configuration (a single plugin or a list with `plugins`), as held by a NAD's
 * spec.config or an OpenShift additional network's rawCNIConfig. Returns the plugin types.
 */
export function checkCniConfig(ctx: CheckContext, root: TreeNode, path: PathStep[]): string[] {
  if (root.type !== 'object') {
    ctx.report({
      severity: 'error',
      code: 'nad/config-not-object',
      message:
        'the CNI configuration must be a JSON object with cniVersion, name and type (or plugins)',
      span: root.span,
      path,
    });
    return [];
  }

  if (!entryOf(root, 'cniVersion')) {
    const edit = insertEntry(ctx.text, root, 'cniVersion', '1.0.0');
    ctx.report({
      severity: 'warning',
      code: 'nad/cni-version',
      message:
        'the CNI configuration has no "cniVersion"; Multus and the plugins need it: add "cniVersion": "1.0.0"',
      span: root.span,
      path,
      ...(edit ? { fixes: [{ title: 'Add "cniVersion": "1.0.0"', edits: [edit] }] } : {}),
    });
  }

  const plugins = entryOf(root, 'plugins')?.value;
  if (plugins?.type === 'array') {
    const types: string[] = [];
    plugins.items.forEach((plugin, i) => {
      const type = checkPlugin(ctx, plugin, [...path, 'plugins', i], plugins.items.length > 1);
      if (type) types.push(type);
    });
    return types;
  }
  const type = checkPlugin(ctx, root, path, false);
  return type ? [type] : [];
}

function checkPlugin(
  ctx: CheckContext,
  plugin: TreeNode,
  path: PathStep[],
  chained: boolean,
): string | undefined {
  const typeNode = entryOf(plugin, 'type')?.value;
  const type = stringValue(typeNode);
  if (!type) {
    ctx.report({
      severity: 'error',
      code: 'nad/missing-type',
      message: 'a CNI plugin configuration needs "type" naming the plugin, e.g. "type": "ib-sriov"',
      span: plugin.span,
      path,
    });
    return undefined;
  }

  const capabilities = entryOf(plugin, 'capabilities')?.value;
  const declared = capabilities
    ? checkCapabilities(ctx, capabilities, {
        cniType: type,
        chained,
        path: [...path, 'capabilities'],
      })
    : {};
  const ipam = entryOf(plugin, 'ipam')?.value;
  if (ipam) {
    checkIpamNode(ctx, ipam, {
      cniType: type,
      path: [...path, 'ipam'],
      ipsCapability: declared.ips === true,
    });
  }
  checkGuids(ctx, plugin, path, 'request');

  const linkState = entryOf(plugin, 'link_state')?.value;
  const state = stringValue(linkState);
  if (
    type === 'ib-sriov' &&
    linkState &&
    !(LINK_STATES as readonly string[]).includes(state ?? '')
  ) {
    const suggestion = state ? suggestName(state, LINK_STATES) : undefined;
    const edit = suggestion ? replaceValue(ctx.text, linkState, suggestion) : undefined;
    ctx.report({
      severity: 'error',
      code: 'nad/link-state',
      message: `link_state must be "auto", "enable" or "disable"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      span: linkState.span,
      path: [...path, 'link_state'],
      ...(edit ? { fixes: [{ title: `Use ${suggestion}`, edits: [edit] }] } : {}),
    });
  }
  return type;
}

/** Rules for the OpenShift cluster network operator config: each Raw additional network. */
export function checkOpenShiftNetwork(ctx: CheckContext, doc: KubeDoc): void {
  const list = nodeAt(doc.root, ['spec', 'additionalNetworks']);
  if (list?.type !== 'array') return;
  list.items.forEach((network, i) => {
    const path: PathStep[] = [...doc.prefix, 'spec', 'additionalNetworks', i];
    const type = stringValue(entryOf(network, 'type')?.value);
    const raw = entryOf(network, 'rawCNIConfig');
    if (type === 'Raw' && !raw) {
      ctx.report({
        severity: 'error',
        code: 'nad/raw-config-missing',
        message:
          'an additional network of type Raw needs rawCNIConfig: the CNI configuration JSON as a string',
        span: network.span,
        path,
      });
      return;
    }
    if (!raw) return;
    if (type !== 'Raw') {
      ctx.report({
        severity: 'warning',
        code: 'nad/raw-config-ignored',
        message: `rawCNIConfig is only used when type is Raw; this network is ${type ?? 'untyped'}, so it is ignored`,
        span: raw.keySpan,
        path: [...path, 'rawCNIConfig'],
      });
    }
    const parsed = readJsonField(ctx, raw.value, 'rawCNIConfig', [...path, 'rawCNIConfig']);
    if (parsed?.root) checkCniConfig(ctx, parsed.root, [...path, 'rawCNIConfig']);
  });
}
