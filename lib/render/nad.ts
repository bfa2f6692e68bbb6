import type { Issue } from '../diagnostics/types';
import type { NetworkAttachmentDefinition } from '../model/nad';
import { NAD_API_VERSION, RESOURCE_NAME_ANNOTATION } from '../model/nad';
import type { SriovNetworkLike } from '../model/sriov';
import { DEFAULT_RESOURCE_PREFIX, OWNER_REF_ANNOTATION, SRIOV_GROUP } from '../model/sriov';
import { describeJson, isPlainObject, parseJsonText, readJsonObjectField } from './embedded-json';

/** The CNI version ibnet and the upstream operator write into every NAD. */
export const CNI_VERSION = '1.0.0';

export interface RenderOptions {
  /** Prefix of the device-plugin resource, `openshift.io` unless the cluster says otherwise. */
  resourcePrefix?: string;
}

export type RenderResult =
  { ok: true; nad: NetworkAttachmentDefinition } | { ok: false; issues: Issue[] };

/** Namespace the NAD of a network lands in: `networkNamespace`, or the network's own. */
export function targetNamespace(network: SriovNetworkLike): string {
  return network.spec.networkNamespace || network.metadata.namespace || 'default';
}

/** The value of the owner-ref annotation that ties a NAD to the network it was rendered from. */
export function ownerRefValue(network: SriovNetworkLike): string {
  return `${network.kind}.${SRIOV_GROUP}/${network.metadata.namespace ?? ''}/${network.metadata.name ?? ''}`;
}

/**
 * Renders a SriovIBNetwork or SriovNetwork into its NetworkAttachmentDefinition, key for key as the
 * SR-IOV Network Operator does, so that NADs made by ibnet and by the operator are interchangeable.
 * Pure and deterministic; broken embedded JSON yields issues, never a NAD with an empty config.
 *
 * NOTE: the upstream operator strips every whitespace character from the ipam text (even inside
 * string values) and breaks on a `'`; ibnet keeps the values as written.
 */
export function renderNad(network: SriovNetworkLike, options: RenderOptions = {}): RenderResult {
  const issues: Issue[] = [];
  const ipam = readJsonObjectField(
    network.spec.ipam,
    'ipam',
    '{"type": "whereabouts", "range": "192.168.10.0/24"}',
  );
  const capabilities = readJsonObjectField(
    network.spec.capabilities,
    'capabilities',
    '{"infinibandGUID": true}',
  );
  const metaPlugins = readMetaPlugins(network.spec.metaPlugins);
  for (const r of [ipam, capabilities, metaPlugins]) if (r.issue) issues.push(r.issue);
  if (issues.length > 0) return { ok: false, issues };

  const name = network.metadata.name ?? '';
  const plugin =
    network.kind === 'SriovIBNetwork'
      ? ibSriovPlugin(network, capabilities.value)
      : sriovPlugin(network, capabilities.value);
  plugin.ipam = ipam.value ?? {};

  const config = metaPlugins.value
    ? { cniVersion: CNI_VERSION, name, plugins: [plugin, ...metaPlugins.value] }
    : { cniVersion: CNI_VERSION, name, ...plugin };

  const prefix = options.resourcePrefix ?? DEFAULT_RESOURCE_PREFIX;
  return {
    ok: true,
    nad: {
      apiVersion: NAD_API_VERSION,
      kind: 'NetworkAttachmentDefinition',
      metadata: {
        name,
        namespace: targetNamespace(network),
        annotations: {
          [RESOURCE_NAME_ANNOTATION]: `${prefix}/${network.spec.resourceName}`,
          [OWNER_REF_ANNOTATION]: ownerRefValue(network),
        },
      },
      spec: { config: JSON.stringify(config, null, 4) },
    },
  };
}

type PluginObject = Record<string, unknown>;

function ibSriovPlugin(
  network: Extract<SriovNetworkLike, { kind: 'SriovIBNetwork' }>,
  capabilities: PluginObject | undefined,
): PluginObject {
  const plugin: PluginObject = { type: 'ib-sriov' };
  if (capabilities) plugin.capabilities = capabilities;
  if (network.spec.linkState) plugin.link_state = network.spec.linkState;
  return plugin;
}

function sriovPlugin(
  network: Extract<SriovNetworkLike, { kind: 'SriovNetwork' }>,
  capabilities: PluginObject | undefined,
): PluginObject {
  const s = network.spec;
  const plugin: PluginObject = { type: 'sriov', vlan: s.vlan ?? 0 };
  if (s.spoofChk) plugin.spoofchk = s.spoofChk;
  if (s.trust) plugin.trust = s.trust;
  if (s.vlanQoS !== undefined) plugin.vlanQoS = s.vlanQoS;
  if (s.vlanProto) plugin.vlanProto = s.vlanProto;
  if (s.minTxRate !== undefined) plugin.min_tx_rate = s.minTxRate;
  if (s.maxTxRate !== undefined) plugin.max_tx_rate = s.maxTxRate;
  if (capabilities) plugin.capabilities = capabilities;
  if (s.linkState) plugin.link_state = s.linkState;
  if (s.logLevel) plugin.logLevel = s.logLevel;
  if (s.logFile) plugin.logFile = s.logFile;
  return plugin;
}

/**
 * metaPlugins is spliced into a JSON array upstream, so it may be one object, an array, or several
 * objects separated by commas. Each must be a plugin object with a `type`.
 */
function readMetaPlugins(text: string | undefined): { value?: PluginObject[]; issue?: Issue } {
  if (text === undefined || text.trim() === '') return {};
  const direct = parseJsonText(text);
  const parsed = direct.ok ? direct : parseJsonText(`[${text}]`);
  if (!parsed.ok) {
    return {
      issue: {
        severity: 'error',
        code: 'render/metaPlugins-invalid-json',
        message: `spec.metaPlugins is not valid JSON (${direct.ok ? parsed.message : direct.message}); write one plugin object such as {"type": "tuning", "sysctl": {}} or several separated by commas`,
        path: ['spec', 'metaPlugins'],
      },
    };
  }
  const list = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  const bad = list.find((p) => !isPlainObject(p) || typeof p.type !== 'string');
  if (bad !== undefined || list.length === 0) {
    return {
      issue: {
        severity: 'error',
        code: 'render/metaPlugins-not-plugin',
        message: `spec.metaPlugins must hold CNI plugin objects with a "type", such as {"type": "tuning"}; found ${bad === undefined ? 'nothing' : describeJson(bad)}`,
        path: ['spec', 'metaPlugins'],
      },
    };
  }
  return { value: list as PluginObject[] };
}

/**
 * Whether an existing NAD must be rewritten to match the desired one: its config differs, or one
 * of the annotations ibnet manages is missing or different. Annotations others added are kept.
 */
export function nadNeedsUpdate(
  existing: NetworkAttachmentDefinition,
  desired: NetworkAttachmentDefinition,
): boolean {
  if ((existing.spec?.config ?? '') !== (desired.spec?.config ?? '')) return true;
  const have = existing.metadata.annotations ?? {};
  return Object.entries(desired.metadata.annotations ?? {}).some(([k, v]) => have[k] !== v);
}
