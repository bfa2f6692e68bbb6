import { CUSTOM_KINDS } from '../model/kinds';

/** Where a kind lives in the API: enough to build its URL. */
export interface ResourceRef {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

function core(kind: string, plural: string, namespaced: boolean): ResourceRef {
  return { group: '', version: 'v1', kind, plural, namespaced };
}

const custom = Object.fromEntries(
  CUSTOM_KINDS.map((k) => [
    k.plural,
    {
      group: k.group,
      version: k.version,
      kind: k.kind,
      plural: k.plural,
      namespaced: k.namespaced,
    },
  ]),
);

/** The resources ibnet reads or writes, by plural name. */
export const RESOURCES = {
  pods: core('Pod', 'pods', true),
  nodes: core('Node', 'nodes', false),
  namespaces: core('Namespace', 'namespaces', false),
  events: core('Event', 'events', true),
  configmaps: core('ConfigMap', 'configmaps', true),
  secrets: core('Secret', 'secrets', true),
  serviceaccounts: core('ServiceAccount', 'serviceaccounts', true),
  leases: {
    group: 'coordination.k8s.io',
    version: 'v1',
    kind: 'Lease',
    plural: 'leases',
    namespaced: true,
  },
  customresourcedefinitions: {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
  },
  selfsubjectaccessreviews: {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectAccessReview',
    plural: 'selfsubjectaccessreviews',
    namespaced: false,
  },
  selfsubjectreviews: {
    group: 'authentication.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectReview',
    plural: 'selfsubjectreviews',
    namespaced: false,
  },
  sriovibnetworks: custom.sriovibnetworks as ResourceRef,
  sriovnetworks: custom.sriovnetworks as ResourceRef,
  sriovnetworknodepolicies: custom.sriovnetworknodepolicies as ResourceRef,
  sriovnetworknodestates: custom.sriovnetworknodestates as ResourceRef,
  'network-attachment-definitions': custom['network-attachment-definitions'] as ResourceRef,
  ippools: custom.ippools as ResourceRef,
  overlappingrangeipreservations: custom.overlappingrangeipreservations as ResourceRef,
  networks: custom.networks as ResourceRef,
} as const satisfies Record<string, ResourceRef>;

export type ResourceName = keyof typeof RESOURCES;

export function apiVersionOfRef(ref: ResourceRef): string {
  return ref.group === '' ? ref.version : `${ref.group}/${ref.version}`;
}

/**
 * The URL path of a resource collection or object: `/api/v1/namespaces/x/pods/y/status`.
 * `namespace` is ignored for cluster-scoped resources and omitted for all-namespace lists.
 */
export function resourcePath(
  ref: ResourceRef,
  opts: { namespace?: string; name?: string; subresource?: string } = {},
): string {
  const base = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  const ns =
    ref.namespaced && opts.namespace ? `/namespaces/${encodeURIComponent(opts.namespace)}` : '';
  const name = opts.name !== undefined ? `/${encodeURIComponent(opts.name)}` : '';
  const sub = opts.name !== undefined && opts.subresource ? `/${opts.subresource}` : '';
  return `${base}${ns}/${ref.plural}${name}${sub}`;
}
