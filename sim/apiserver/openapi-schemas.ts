import type { JsonSchema } from './resources';

/**
 * OpenAPI component schemas of the built-in kinds, enough for `kubectl explain` on pods, nodes,
 * namespaces and configmaps and the top level of the others. Descriptions are short summaries.
 */

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const CORE = 'io.k8s.api.core.v1';

const ref = (name: string, description?: string): JsonSchema => ({
  allOf: [{ $ref: `#/components/schemas/${name}` }],
  ...(description ? { description } : {}),
});
const str = (description: string): JsonSchema => ({ type: 'string', description });
const int = (description: string): JsonSchema => ({
  type: 'integer',
  format: 'int32',
  description,
});
const bool = (description: string): JsonSchema => ({ type: 'boolean', description });
const strMap = (description: string): JsonSchema => ({
  type: 'object',
  additionalProperties: { type: 'string', default: '' },
  description,
});
const arrayOf = (items: JsonSchema, description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'array',
  items,
  description,
  ...extra,
});
const strList = (description: string): JsonSchema =>
  arrayOf({ type: 'string', default: '' }, description);
const mapList = (name: string, key: string, description: string): JsonSchema =>
  arrayOf(ref(name), description, {
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': [key],
    'x-kubernetes-patch-merge-key': key,
    'x-kubernetes-patch-strategy': 'merge',
  });

const API_VERSION = str(
  'APIVersion defines the versioned schema of this representation of an object.',
);
const KIND = str('Kind is a string value representing the REST resource this object represents.');
const METADATA = ref(`${META}.ObjectMeta`, "Standard object's metadata.");

function kindSchema(
  description: string,
  group: string,
  version: string,
  kind: string,
  properties: Record<string, JsonSchema>,
  required: string[] = [],
): JsonSchema {
  return {
    description,
    type: 'object',
    ...(required.length ? { required } : {}),
    properties: { apiVersion: API_VERSION, kind: KIND, metadata: METADATA, ...properties },
    'x-kubernetes-group-version-kind': [{ group, kind, version }],
  };
}

const CONDITION = (what: string): JsonSchema => ({
  type: 'object',
  description: `A condition of the ${what}.`,
  required: ['type', 'status'],
  properties: {
    type: str('Type of the condition.'),
    status: str('Status of the condition: True, False or Unknown.'),
    reason: str('Unique, one-word, CamelCase reason for the last transition.'),
    message: str('Human-readable message with details about the last transition.'),
    lastTransitionTime: {
      type: 'string',
      format: 'date-time',
      description: 'Last time the condition changed status.',
    },
  },
});

/** Shared schemas: ObjectMeta and friends. */
export const META_SCHEMAS: Record<string, JsonSchema> = {
  [`${META}.ObjectMeta`]: {
    description: 'ObjectMeta is metadata that all persisted resources must have.',
    type: 'object',
    properties: {
      name: str('Name must be unique within a namespace.'),
      generateName: str(
        'Optional prefix the server uses to generate a unique name when name is not set.',
      ),
      namespace: str('Namespace defines the space within which each name must be unique.'),
      uid: str('UID is the unique in time and space value for this object, set by the server.'),
      resourceVersion: str('An opaque value that represents the internal version of this object.'),
      generation: {
        type: 'integer',
        format: 'int64',
        description: 'A sequence number representing a specific generation of the desired state.',
      },
      creationTimestamp: {
        type: 'string',
        format: 'date-time',
        description: 'When this object was created, set by the server.',
      },
      deletionTimestamp: {
        type: 'string',
        format: 'date-time',
        description:
          'When this object will be deleted, set by the server when deletion is requested.',
      },
      labels: strMap('Map of string keys and values used to organize and select objects.'),
      annotations: strMap(
        'Unstructured key value map stored with a resource for arbitrary metadata.',
      ),
      finalizers: arrayOf(
        { type: 'string', default: '' },
        'Must be empty before the object is deleted from the registry.',
        { 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
      ),
      ownerReferences: mapList(
        `${META}.OwnerReference`,
        'uid',
        'Objects this object depends on; it is garbage collected when they are all gone.',
      ),
      managedFields: arrayOf(
        ref(`${META}.ManagedFieldsEntry`),
        'Which field manager owns which fields (server-side apply).',
      ),
    },
  },
  [`${META}.OwnerReference`]: {
    description: 'Information to identify an owning object.',
    type: 'object',
    required: ['apiVersion', 'kind', 'name', 'uid'],
    properties: {
      apiVersion: str('API version of the referent.'),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
      controller: bool('If true, this reference points to the managing controller.'),
      blockOwnerDeletion: bool(
        'If true, the owner cannot be deleted from storage before this reference is removed.',
      ),
    },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${META}.ManagedFieldsEntry`]: {
    description:
      'A workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.',
    type: 'object',
    properties: {
      manager: str('Identifier of the workflow managing these fields.'),
      operation: str('Apply or Update.'),
      apiVersion: str('Version of the resource the field set applies to.'),
      time: { type: 'string', format: 'date-time', description: 'When the entry last changed.' },
      fieldsType: str('Format of the fields: FieldsV1.'),
      fieldsV1: { type: 'object', description: 'The fields this manager owns.' },
      subresource: str('Subresource used to update the object, if any.'),
    },
  },
};

const CONTAINER_PORT: JsonSchema = {
  type: 'object',
  description: 'A network port in a single container.',
  required: ['containerPort'],
  properties: {
    name: str('Name of the port.'),
    containerPort: int('Port number on the pod IP.'),
    protocol: str('UDP, TCP or SCTP. Defaults to TCP.'),
    hostPort: int('Port number on the host.'),
  },
};

/** Schemas of the core kinds, fuller for the ones users explain most. */
export const CORE_SCHEMAS: Record<string, JsonSchema> = {
  [`${CORE}.Pod`]: kindSchema(
    'Pod is a collection of containers that can run on a host.',
    '',
    'v1',
    'Pod',
    {
      spec: ref(`${CORE}.PodSpec`, 'Specification of the desired behavior of the pod.'),
      status: ref(`${CORE}.PodStatus`, 'Most recently observed status of the pod.'),
    },
  ),
  [`${CORE}.PodSpec`]: {
    type: 'object',
    description: 'PodSpec is a description of a pod.',
    required: ['containers'],
    properties: {
      containers: mapList(`${CORE}.Container`, 'name', 'List of containers belonging to the pod.'),
      initContainers: mapList(
        `${CORE}.Container`,
        'name',
        'Containers run in order before the app containers start.',
      ),
      nodeName: str('Request to schedule this pod onto a specific node.'),
      nodeSelector: strMap('Labels a node must have for the pod to fit on it.'),
      restartPolicy: {
        type: 'string',
        description: 'Restart policy for all containers: Always, OnFailure or Never.',
        enum: ['Always', 'Never', 'OnFailure'],
      },
      serviceAccountName: str('Name of the ServiceAccount to use to run this pod.'),
      hostNetwork: bool(
        "Host networking requested for this pod: use the host's network namespace.",
      ),
      volumes: arrayOf(
        {
          type: 'object',
          description: 'A named volume in a pod.',
          properties: { name: str('Volume name.') },
        },
        'List of volumes that can be mounted by containers of the pod.',
      ),
      tolerations: arrayOf(
        { type: 'object', description: 'A toleration of a taint.' },
        "The pod's tolerations.",
      ),
      schedulerName: str('The scheduler that dispatches the pod.'),
      terminationGracePeriodSeconds: {
        type: 'integer',
        format: 'int64',
        description: 'Seconds the pod needs to terminate gracefully.',
      },
    },
  },
  [`${CORE}.Container`]: {
    type: 'object',
    description: 'A single application container to run within a pod.',
    required: ['name'],
    properties: {
      name: str('Name of the container, a DNS label unique within the pod.'),
      image: str('Container image name.'),
      command: strList('Entrypoint array, not run in a shell.'),
      args: strList('Arguments to the entrypoint.'),
      env: mapList(`${CORE}.EnvVar`, 'name', 'Environment variables to set in the container.'),
      ports: arrayOf(CONTAINER_PORT, 'Ports to expose from the container.'),
      resources: {
        type: 'object',
        description: 'Compute resources required by this container.',
        properties: {
          limits: strMap('Maximum amount of compute resources allowed.'),
          requests: strMap('Minimum amount of compute resources required.'),
        },
      },
      volumeMounts: arrayOf(
        {
          type: 'object',
          description: 'A mounting of a volume within a container.',
          properties: {
            name: str('Name of the volume.'),
            mountPath: str('Path within the container.'),
          },
        },
        'Volumes to mount into the container.',
      ),
      imagePullPolicy: str('Always, Never or IfNotPresent.'),
    },
  },
  [`${CORE}.EnvVar`]: {
    type: 'object',
    description: 'An environment variable present in a container.',
    required: ['name'],
    properties: {
      name: str('Name of the variable.'),
      value: str('Value of the variable.'),
      valueFrom: { type: 'object', description: 'Source for the value.' },
    },
  },
  [`${CORE}.PodStatus`]: {
    type: 'object',
    description: 'Information about the status of a pod.',
    properties: {
      phase: {
        type: 'string',
        description: 'Pending, Running, Succeeded, Failed or Unknown.',
        enum: ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'],
      },
      conditions: arrayOf(CONDITION('pod'), 'Current service state of the pod.'),
      podIP: str('IP address allocated to the pod.'),
      podIPs: arrayOf(
        { type: 'object', properties: { ip: str('IP address.') } },
        'IP addresses allocated to the pod.',
      ),
      hostIP: str('IP address of the host the pod is assigned to.'),
      qosClass: str('Quality of Service class: Guaranteed, Burstable or BestEffort.'),
      startTime: {
        type: 'string',
        format: 'date-time',
        description: 'When the kubelet acknowledged the pod.',
      },
      containerStatuses: arrayOf(
        { type: 'object', description: 'Status of a container.' },
        'Status of each container.',
      ),
    },
  },
  [`${CORE}.Node`]: kindSchema('Node is a worker node in Kubernetes.', '', 'v1', 'Node', {
    spec: ref(`${CORE}.NodeSpec`, 'Spec defines the behavior of a node.'),
    status: ref(`${CORE}.NodeStatus`, 'Most recently observed status of the node.'),
  }),
  [`${CORE}.NodeSpec`]: {
    type: 'object',
    description: 'NodeSpec describes the attributes that a node is created with.',
    properties: {
      podCIDR: str('Pod IP range assigned to the node.'),
      providerID: str('ID of the node assigned by the cloud provider.'),
      unschedulable: bool('Unschedulable controls node schedulability of new pods.'),
      taints: arrayOf(
        {
          type: 'object',
          description: 'A taint.',
          properties: {
            key: str('Taint key.'),
            value: str('Taint value.'),
            effect: str('NoSchedule, PreferNoSchedule or NoExecute.'),
          },
        },
        "The node's taints.",
      ),
    },
  },
  [`${CORE}.NodeStatus`]: {
    type: 'object',
    description: 'NodeStatus is information about the current status of a node.',
    properties: {
      addresses: arrayOf(
        {
          type: 'object',
          properties: {
            type: str('Hostname, ExternalIP or InternalIP.'),
            address: str('The address.'),
          },
        },
        'Addresses reachable to the node.',
      ),
      capacity: strMap(
        'Total resources of the node, including extended resources such as SR-IOV VFs.',
      ),
      allocatable: strMap('Resources of the node available for scheduling.'),
      conditions: arrayOf(CONDITION('node'), 'Current observed node conditions.'),
      nodeInfo: {
        type: 'object',
        description: 'General information about the node.',
        properties: {
          kubeletVersion: str('Kubelet version.'),
          osImage: str('OS image.'),
          kernelVersion: str('Kernel version.'),
        },
      },
    },
  },
  [`${CORE}.Namespace`]: kindSchema(
    'Namespace provides a scope for names.',
    '',
    'v1',
    'Namespace',
    {
      spec: {
        type: 'object',
        description: 'Spec defines the behavior of the namespace.',
        properties: {
          finalizers: strList('Finalizers that must be empty before the namespace is removed.'),
        },
      },
      status: {
        type: 'object',
        description: 'Status describes the current status of the namespace.',
        properties: {
          phase: str('Active or Terminating.'),
          conditions: arrayOf(
            CONDITION('namespace'),
            'Latest observations of the namespace state.',
          ),
        },
      },
    },
  ),
  [`${CORE}.ConfigMap`]: kindSchema(
    'ConfigMap holds configuration data for pods to consume.',
    '',
    'v1',
    'ConfigMap',
    {
      data: strMap('Configuration data: keys of alphanumerics, -, _ or ., and string values.'),
      binaryData: strMap('Binary configuration data, base64 encoded.'),
      immutable: bool('If true, the data cannot be updated.'),
    },
  ),
  [`${CORE}.Secret`]: kindSchema(
    'Secret holds secret data of a certain type.',
    '',
    'v1',
    'Secret',
    {
      data: strMap('Secret data, base64 encoded.'),
      stringData: strMap('Write-only plain text data, merged into data on write.'),
      type: str('Used to facilitate programmatic handling of secret data.'),
      immutable: bool('If true, the data cannot be updated.'),
    },
  ),
  [`${CORE}.ServiceAccount`]: kindSchema(
    'ServiceAccount binds together a name, a principal for the API, and secrets.',
    '',
    'v1',
    'ServiceAccount',
    {
      secrets: arrayOf({ type: 'object' }, 'Secrets pods running as this service account may use.'),
      automountServiceAccountToken: bool('Whether pods get an API token mounted.'),
    },
  ),
  [`${CORE}.Event`]: kindSchema(
    'Event is a report of an event somewhere in the cluster.',
    '',
    'v1',
    'Event',
    {
      involvedObject: {
        type: 'object',
        description: 'The object this event is about.',
        properties: {
          kind: str('Kind.'),
          name: str('Name.'),
          namespace: str('Namespace.'),
          uid: str('UID.'),
        },
      },
      reason: str('Short, machine understandable reason for the transition.'),
      message: str('Human-readable description of the status of this operation.'),
      type: str('Normal or Warning.'),
      count: int('Number of times this event has occurred.'),
    },
    ['metadata', 'involvedObject'],
  ),
  [`${CORE}.Service`]: kindSchema(
    'Service is a named abstraction of a software service.',
    '',
    'v1',
    'Service',
    {
      spec: { type: 'object', description: 'Behavior of the service.' },
      status: { type: 'object', description: 'Most recently observed status of the service.' },
    },
  ),
};

/** A top-level schema for kinds described only at the top (apps, rbac, coordination, apiextensions). */
export function shallowSchema(
  group: string,
  version: string,
  kind: string,
  fields: string[],
): JsonSchema {
  return kindSchema(
    `${kind} object.`,
    group,
    version,
    kind,
    Object.fromEntries(
      fields.map((f) => [
        f,
        {
          type: f === 'rules' || f === 'subjects' ? 'array' : 'object',
          ...(f === 'rules' || f === 'subjects' ? { items: { type: 'object' } } : {}),
          description: `${f} of the ${kind}.`,
        },
      ]),
    ),
  );
}
