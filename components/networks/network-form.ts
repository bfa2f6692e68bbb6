import { isScalar, parseAllDocuments, type Document } from 'yaml';
import { DEFAULT_OPERATOR_NAMESPACE, SRIOV_API_VERSION } from '@/lib/model';
import type { NetworkKind, NetworkPlural } from '@/lib/views/types';
import { toYaml, type YamlPath } from '@/components/editor/yaml-edit';
import { type EmbeddedJson, readEmbeddedJson } from './json-text';

/** Where each form field lives in the network's YAML. */
export const FIELD_PATHS = {
  kind: ['kind'],
  name: ['metadata', 'name'],
  namespace: ['metadata', 'namespace'],
  resourceVersion: ['metadata', 'resourceVersion'],
  resourceName: ['spec', 'resourceName'],
  networkNamespace: ['spec', 'networkNamespace'],
  linkState: ['spec', 'linkState'],
  ipam: ['spec', 'ipam'],
  capabilities: ['spec', 'capabilities'],
  metaPlugins: ['spec', 'metaPlugins'],
  vlan: ['spec', 'vlan'],
  vlanQoS: ['spec', 'vlanQoS'],
  spoofChk: ['spec', 'spoofChk'],
  trust: ['spec', 'trust'],
} as const satisfies Record<string, YamlPath>;

export type FormField = keyof typeof FIELD_PATHS;

/** An embedded JSON field as the form sees it; `not-text` = written as a YAML object or list. */
export type EmbeddedState = EmbeddedJson | { state: 'not-text'; found: string };

/** Everything the form shows, read from the YAML text. */
export interface NetworkFormState {
  /** The YAML cannot be edited by the form; the form is read-only until it is fixed. */
  yamlError?: { line: number; message: string };
  /** More than one document: the form edits the first. */
  documents: number;
  kind: string;
  name: string;
  namespace: string;
  resourceVersion: string;
  resourceName: string;
  networkNamespace: string;
  linkState: string;
  ipam: EmbeddedState;
  capabilities: EmbeddedState;
  metaPlugins: EmbeddedState;
  vlan: string;
  vlanQoS: string;
  spoofChk: string;
  trust: string;
}

function text(doc: Document, path: YamlPath): string {
  const value: unknown = doc.getIn(path);
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? '' : String(value);
}

function embedded(doc: Document, path: YamlPath): EmbeddedState {
  const node = doc.getIn(path, true);
  if (node === undefined || node === null) return { state: 'absent' };
  if (isScalar(node)) {
    if (node.value === null) return { state: 'absent' };
    if (typeof node.value === 'string') return readEmbeddedJson(node.value);
    return { state: 'not-text', found: `a ${typeof node.value}` };
  }
  return { state: 'not-text', found: 'a YAML object or list' };
}

function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}

/** Reads the form's view of a network YAML text (first document). Never throws. */
export function readNetworkForm(source: string): NetworkFormState {
  const docs = parseAllDocuments(source);
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[0];
  const error = list.flatMap((d) => d.errors)[0];
  const base = {
    documents: list.length,
    ...(error
      ? {
          yamlError: {
            line: lineOf(source, error.pos[0]),
            message: error.message.split('\n')[0] ?? error.message,
          },
        }
      : {}),
  };
  if (!doc) {
    return {
      ...base,
      kind: '',
      name: '',
      namespace: '',
      resourceVersion: '',
      resourceName: '',
      networkNamespace: '',
      linkState: '',
      ipam: { state: 'absent' },
      capabilities: { state: 'absent' },
      metaPlugins: { state: 'absent' },
      vlan: '',
      vlanQoS: '',
      spoofChk: '',
      trust: '',
    };
  }
  return {
    ...base,
    kind: text(doc, FIELD_PATHS.kind),
    name: text(doc, FIELD_PATHS.name),
    namespace: text(doc, FIELD_PATHS.namespace),
    resourceVersion: text(doc, FIELD_PATHS.resourceVersion),
    resourceName: text(doc, FIELD_PATHS.resourceName),
    networkNamespace: text(doc, FIELD_PATHS.networkNamespace),
    linkState: text(doc, FIELD_PATHS.linkState),
    ipam: embedded(doc, FIELD_PATHS.ipam),
    capabilities: embedded(doc, FIELD_PATHS.capabilities),
    metaPlugins: embedded(doc, FIELD_PATHS.metaPlugins),
    vlan: text(doc, FIELD_PATHS.vlan),
    vlanQoS: text(doc, FIELD_PATHS.vlanQoS),
    spoofChk: text(doc, FIELD_PATHS.spoofChk),
    trust: text(doc, FIELD_PATHS.trust),
  };
}

/** The plural of a network kind as it appears in console URLs. */
export function pluralOf(kind: string): NetworkPlural {
  return kind === 'SriovNetwork' ? 'sriovnetworks' : 'sriovibnetworks';
}

/** Whether a text names one of the two network kinds the editor handles. */
export function isNetworkKind(kind: string): kind is NetworkKind {
  return kind === 'SriovIBNetwork' || kind === 'SriovNetwork';
}

/** Whether `networkNamespace` may be set on a network in `namespace` (the upstream webhook rule). */
export function mayTargetOtherNamespace(
  namespace: string,
  operatorNamespace = DEFAULT_OPERATOR_NAMESPACE,
): boolean {
  return namespace === operatorNamespace;
}

/** The YAML a new network starts from: kind and namespace set, the rest for the user to fill. */
export function newNetworkYaml(kind: NetworkKind, namespace: string): string {
  const spec: Record<string, unknown> = { resourceName: '' };
  if (kind === 'SriovIBNetwork') spec.linkState = 'auto';
  return toYaml({
    apiVersion: SRIOV_API_VERSION,
    kind,
    metadata: { name: '', namespace },
    spec,
  });
}
