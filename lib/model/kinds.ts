import type { z } from 'zod';
import { NAD_GROUP, NetworkAttachmentDefinitionSchema } from './nad';
import { OPENSHIFT_OPERATOR_GROUP, OpenShiftNetworkSchema } from './openshift';
import {
  SRIOV_GROUP,
  SriovIBNetworkSchema,
  SriovNetworkNodePolicySchema,
  SriovNetworkNodeStateSchema,
  SriovNetworkSchema,
} from './sriov';
import {
  IPPoolSchema,
  OverlappingRangeIPReservationSchema,
  WHEREABOUTS_GROUP,
} from './whereabouts';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
}

/** Everything needed to serve, list, validate and generate a CRD for one custom kind. */
export interface CustomKind {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  hasStatus: boolean;
  printerColumns: PrinterColumn[];
  schema: z.ZodType;
}

const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const ready: PrinterColumn[] = [
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason' },
];

export const CUSTOM_KINDS = [
  {
    group: SRIOV_GROUP,
    version: 'v1',
    kind: 'SriovIBNetwork',
    plural: 'sriovibnetworks',
    singular: 'sriovibnetwork',
    shortNames: [],
    categories: ['ibnet'],
    namespaced: true,
    hasStatus: true,
    printerColumns: [
      { name: 'Resource', type: 'string', jsonPath: '.spec.resourceName' },
      { name: 'Target', type: 'string', jsonPath: '.spec.networkNamespace' },
      ...ready,
      age,
    ],
    schema: SriovIBNetworkSchema,
  },
  {
    group: SRIOV_GROUP,
    version: 'v1',
    kind: 'SriovNetwork',
    plural: 'sriovnetworks',
    singular: 'sriovnetwork',
    shortNames: [],
    categories: ['ibnet'],
    namespaced: true,
    hasStatus: true,
    printerColumns: [
      { name: 'Resource', type: 'string', jsonPath: '.spec.resourceName' },
      { name: 'Target', type: 'string', jsonPath: '.spec.networkNamespace' },
      ...ready,
      age,
    ],
    schema: SriovNetworkSchema,
  },
  {
    group: SRIOV_GROUP,
    version: 'v1',
    kind: 'SriovNetworkNodePolicy',
    plural: 'sriovnetworknodepolicies',
    singular: 'sriovnetworknodepolicy',
    shortNames: [],
    categories: ['ibnet'],
    namespaced: true,
    hasStatus: true,
    printerColumns: [
      { name: 'Resource', type: 'string', jsonPath: '.spec.resourceName' },
      { name: 'VFs', type: 'integer', jsonPath: '.spec.numVfs' },
      { name: 'Link', type: 'string', jsonPath: '.spec.linkType' },
      { name: 'Priority', type: 'integer', jsonPath: '.spec.priority', priority: 1 },
      age,
    ],
    schema: SriovNetworkNodePolicySchema,
  },
  {
    group: SRIOV_GROUP,
    version: 'v1',
    kind: 'SriovNetworkNodeState',
    plural: 'sriovnetworknodestates',
    singular: 'sriovnetworknodestate',
    shortNames: [],
    categories: ['ibnet'],
    namespaced: true,
    hasStatus: true,
    printerColumns: [
      { name: 'Sync Status', type: 'string', jsonPath: '.status.syncStatus' },
      { name: 'Last Sync Error', type: 'string', jsonPath: '.status.lastSyncError', priority: 1 },
      age,
    ],
    schema: SriovNetworkNodeStateSchema,
  },
  {
    group: NAD_GROUP,
    version: 'v1',
    kind: 'NetworkAttachmentDefinition',
    plural: 'network-attachment-definitions',
    singular: 'network-attachment-definition',
    shortNames: ['net-attach-def'],
    categories: ['net-attach-def', 'ibnet'],
    namespaced: true,
    hasStatus: false,
    printerColumns: [age],
    schema: NetworkAttachmentDefinitionSchema,
  },
  {
    group: WHEREABOUTS_GROUP,
    version: 'v1alpha1',
    kind: 'IPPool',
    plural: 'ippools',
    singular: 'ippool',
    shortNames: [],
    categories: ['ibnet'],
    namespaced: true,
    hasStatus: false,
    printerColumns: [{ name: 'Range', type: 'string', jsonPath: '.spec.range' }, age],
    schema: IPPoolSchema,
  },
  {
    group: WHEREABOUTS_GROUP,
    version: 'v1alpha1',
    kind: 'OverlappingRangeIPReservation',
    plural: 'overlappingrangeipreservations',
    singular: 'overlappingrangeipreservation',
    shortNames: [],
    categories: ['ibnet'],
    namespaced: true,
    hasStatus: false,
    printerColumns: [{ name: 'Pod', type: 'string', jsonPath: '.spec.podref' }, age],
    schema: OverlappingRangeIPReservationSchema,
  },
  {
    group: OPENSHIFT_OPERATOR_GROUP,
    version: 'v1',
    kind: 'Network',
    plural: 'networks',
    singular: 'network',
    shortNames: [],
    categories: [],
    namespaced: false,
    hasStatus: true,
    printerColumns: [age],
    schema: OpenShiftNetworkSchema,
  },
] as const satisfies readonly CustomKind[];

export type CustomKindName = (typeof CUSTOM_KINDS)[number]['kind'];

export function apiVersionOf(kind: Pick<CustomKind, 'group' | 'version'>): string {
  return `${kind.group}/${kind.version}`;
}

/** The custom kind with this apiVersion and kind, if ibnet knows it. */
export function findCustomKind(apiVersion: unknown, kind: unknown): CustomKind | undefined {
  return CUSTOM_KINDS.find((k) => apiVersionOf(k) === apiVersion && k.kind === kind);
}
