import { unsupportedMediaType } from './errors';

/**
 * Decoding of the protobuf request bodies kubectl's typed clients send (auth can-i, auth whoami,
 * create token): kube's `k8s\0` envelope around runtime.Unknown, then the object, read by the
 * field numbers of k8s.io/api's generated.proto. Responses stay JSON, which those clients accept.
 */

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

type FieldType = 'string' | 'int' | 'bool' | 'bytes';

interface Field {
  name: string;
  type: FieldType | Message;
  repeated?: boolean;
  /** A map<string, string> (or of an inner message when type is a Message). */
  map?: boolean;
}

interface Message {
  [field: number]: Field;
}

const TYPE_META: Message = {
  1: { name: 'apiVersion', type: 'string' },
  2: { name: 'kind', type: 'string' },
};
const UNKNOWN: Message = {
  1: { name: 'typeMeta', type: TYPE_META },
  2: { name: 'raw', type: 'bytes' },
};
const OBJECT_META: Message = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  5: { name: 'uid', type: 'string' },
  6: { name: 'resourceVersion', type: 'string' },
  11: { name: 'labels', type: 'string', map: true },
  12: { name: 'annotations', type: 'string', map: true },
  14: { name: 'finalizers', type: 'string', repeated: true },
};
const RESOURCE_ATTRIBUTES: Message = {
  1: { name: 'namespace', type: 'string' },
  2: { name: 'verb', type: 'string' },
  3: { name: 'group', type: 'string' },
  4: { name: 'version', type: 'string' },
  5: { name: 'resource', type: 'string' },
  6: { name: 'subresource', type: 'string' },
  7: { name: 'name', type: 'string' },
};
const NON_RESOURCE_ATTRIBUTES: Message = {
  1: { name: 'path', type: 'string' },
  2: { name: 'verb', type: 'string' },
};
const EXTRA_VALUE: Message = { 1: { name: 'items', type: 'string', repeated: true } };
const SAR_SPEC: Message = {
  1: { name: 'resourceAttributes', type: RESOURCE_ATTRIBUTES },
  2: { name: 'nonResourceAttributes', type: NON_RESOURCE_ATTRIBUTES },
  3: { name: 'user', type: 'string' },
  4: { name: 'groups', type: 'string', repeated: true },
  5: { name: 'extra', type: EXTRA_VALUE, map: true },
  6: { name: 'uid', type: 'string' },
};
function withMeta(spec?: Message): Message {
  const message: Message = { 1: { name: 'metadata', type: OBJECT_META } };
  if (spec) message[2] = { name: 'spec', type: spec };
  return message;
}

const POLICY_RULE: Message = {
  1: { name: 'verbs', type: 'string', repeated: true },
  2: { name: 'apiGroups', type: 'string', repeated: true },
  3: { name: 'resources', type: 'string', repeated: true },
  4: { name: 'resourceNames', type: 'string', repeated: true },
  5: { name: 'nonResourceURLs', type: 'string', repeated: true },
};
const LABEL_SELECTOR: Message = {
  1: { name: 'matchLabels', type: 'string', map: true },
  2: {
    name: 'matchExpressions',
    type: {
      1: { name: 'key', type: 'string' },
      2: { name: 'operator', type: 'string' },
      3: { name: 'values', type: 'string', repeated: true },
    },
    repeated: true,
  },
};
const BINDING: Message = {
  1: { name: 'metadata', type: OBJECT_META },
  2: {
    name: 'subjects',
    type: {
      1: { name: 'kind', type: 'string' },
      2: { name: 'apiGroup', type: 'string' },
      3: { name: 'name', type: 'string' },
      4: { name: 'namespace', type: 'string' },
    },
    repeated: true,
  },
  3: {
    name: 'roleRef',
    type: {
      1: { name: 'apiGroup', type: 'string' },
      2: { name: 'kind', type: 'string' },
      3: { name: 'name', type: 'string' },
    },
  },
};
const LOCAL_REF: Message = { 1: { name: 'name', type: 'string' } };

/** The kinds whose protobuf bodies are understood (those kubectl's typed commands send). */
const KINDS: Record<string, Message> = {
  ConfigMap: {
    1: { name: 'metadata', type: OBJECT_META },
    2: { name: 'data', type: 'string', map: true },
    3: { name: 'binaryData', type: 'bytes', map: true },
    4: { name: 'immutable', type: 'bool' },
  },
  Secret: {
    1: { name: 'metadata', type: OBJECT_META },
    2: { name: 'data', type: 'bytes', map: true },
    3: { name: 'type', type: 'string' },
    4: { name: 'stringData', type: 'string', map: true },
    5: { name: 'immutable', type: 'bool' },
  },
  Namespace: {
    1: { name: 'metadata', type: OBJECT_META },
    2: { name: 'spec', type: { 1: { name: 'finalizers', type: 'string', repeated: true } } },
  },
  ServiceAccount: {
    1: { name: 'metadata', type: OBJECT_META },
    3: { name: 'imagePullSecrets', type: LOCAL_REF, repeated: true },
    4: { name: 'automountServiceAccountToken', type: 'bool' },
  },
  Role: {
    1: { name: 'metadata', type: OBJECT_META },
    2: { name: 'rules', type: POLICY_RULE, repeated: true },
  },
  ClusterRole: {
    1: { name: 'metadata', type: OBJECT_META },
    2: { name: 'rules', type: POLICY_RULE, repeated: true },
    3: {
      name: 'aggregationRule',
      type: { 1: { name: 'clusterRoleSelectors', type: LABEL_SELECTOR, repeated: true } },
    },
  },
  RoleBinding: BINDING,
  ClusterRoleBinding: BINDING,
  SelfSubjectAccessReview: withMeta({ 1: SAR_SPEC[1] as Field, 2: SAR_SPEC[2] as Field }),
  SubjectAccessReview: withMeta(SAR_SPEC),
  LocalSubjectAccessReview: withMeta(SAR_SPEC),
  SelfSubjectRulesReview: withMeta({ 1: { name: 'namespace', type: 'string' } }),
  SelfSubjectReview: withMeta(),
  TokenReview: withMeta({
    1: { name: 'token', type: 'string' },
    2: { name: 'audiences', type: 'string', repeated: true },
  }),
  TokenRequest: withMeta({
    1: { name: 'audiences', type: 'string', repeated: true },
    4: { name: 'expirationSeconds', type: 'int' },
    3: {
      name: 'boundObjectRef',
      type: {
        1: { name: 'kind', type: 'string' },
        2: { name: 'apiVersion', type: 'string' },
        3: { name: 'name', type: 'string' },
        4: { name: 'uid', type: 'string' },
      },
    },
  }),
};

class Reader {
  pos = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly end = buf.length,
  ) {}

  done(): boolean {
    return this.pos >= this.end;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buf[this.pos++];
      if (byte === undefined) throw new Error('truncated varint');
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }

  bytes(): Buffer {
    const length = this.varint();
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

function decodeMessage(buf: Buffer, schema: Message): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const r = new Reader(buf);
  while (!r.done()) {
    const key = r.varint();
    const field = schema[Math.floor(key / 8)];
    const wire = key % 8;
    if (!field) {
      r.skip(wire);
      continue;
    }
    let value: unknown;
    if (field.map) {
      const entry = decodeMessage(r.bytes(), {
        1: { name: 'key', type: 'string' },
        2: { name: 'value', type: field.type },
      });
      const map = (out[field.name] ??= {}) as Record<string, unknown>;
      const v = entry.value;
      map[String(entry.key ?? '')] =
        typeof field.type === 'object'
          ? ((v as { items?: unknown })?.items ?? [])
          : Buffer.isBuffer(v)
            ? v.toString('base64')
            : (v ?? '');
      continue;
    }
    if (field.type === 'int') value = r.varint();
    else if (field.type === 'bool') value = r.varint() !== 0;
    else if (field.type === 'string') value = r.bytes().toString('utf8');
    else if (field.type === 'bytes') value = r.bytes();
    else value = decodeMessage(r.bytes(), field.type);
    if (field.repeated) ((out[field.name] ??= []) as unknown[]).push(value);
    else out[field.name] = value;
  }
  return out;
}

/** Decodes a kube protobuf body into the JSON object it stands for; 415 for kinds not known here. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
  if (body.length < 4 || !body.subarray(0, 4).equals(magic)) {
    throw unsupportedMediaType(PROTOBUF, ['application/json', 'application/yaml']);
  }
  const unknown = decodeMessage(body.subarray(4), UNKNOWN);
  const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const schema = KINDS[typeMeta.kind ?? ''];
  if (!schema) throw unsupportedMediaType(PROTOBUF, ['application/json', 'application/yaml']);
  const obj = decodeMessage((unknown.raw as Buffer | undefined) ?? Buffer.alloc(0), schema);
  return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...obj };
}
