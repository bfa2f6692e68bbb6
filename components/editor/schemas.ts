import { z } from 'zod';
import {
  CAPABILITY_KEYS,
  CUSTOM_KINDS,
  IPAM_SCHEMAS,
  jsonSchemaFor,
  type CustomKindName,
} from '@/lib/model';

type JsonSchema = Record<string, unknown>;

/** Which schema an editor model is checked against: one kind, or any ibnet kind by `kind:`. */
export type YamlSchemaKey = CustomKindName | 'any';

/** What an embedded JSON string holds, for the side JSON editor. */
export type EmbeddedSchemaKey = 'ipam' | 'capabilities' | 'metaPlugins';

/** Where embedded JSON strings live in a network, and which schema each one has. */
export const EMBEDDED_FIELDS: { path: ['spec', EmbeddedSchemaKey]; schema: EmbeddedSchemaKey }[] = [
  { path: ['spec', 'ipam'], schema: 'ipam' },
  { path: ['spec', 'capabilities'], schema: 'capabilities' },
  { path: ['spec', 'metaPlugins'], schema: 'metaPlugins' },
];

/** Model URI of a YAML editor: the schema is chosen by the folder, so each editor gets its kind's. */
export function yamlModelUri(schema: YamlSchemaKey, id: string): string {
  return `file:///ibnet/${schema}/${id}.yaml`;
}

/** Model URI of a side JSON editor for an embedded string. */
export function jsonModelUri(schema: EmbeddedSchemaKey, id: string): string {
  return `file:///ibnet-json/${schema}/${id}.json`;
}

/** Removes `$schema` (the language services want their own draft) and zod's huge integer bounds. */
function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if (
      (key === 'minimum' || key === 'maximum') &&
      Math.abs(value as number) === Number.MAX_SAFE_INTEGER
    )
      continue;
    out[key] = clean(value);
  }
  return out;
}

const SNIPPETS: Record<EmbeddedSchemaKey, { label: string; description: string; body: string }[]> =
  {
    ipam: [
      {
        label: 'whereabouts, dual stack',
        description: 'One IPv4 and one IPv6 address per pod from cluster-wide pools.',
        body: '{"type": "whereabouts", "ipRanges": [{"range": "192.168.10.0/24"}, {"range": "2001:db8::/64"}]}',
      },
      {
        label: 'whereabouts, one range',
        description: 'Addresses from a cluster-wide pool.',
        body: '{"type": "whereabouts", "range": "192.168.10.0/24"}',
      },
      {
        label: 'static',
        description: 'Fixed addresses; with the ips capability, each pod brings its own.',
        body: '{"type": "static", "addresses": [{"address": "192.168.10.2/24"}]}',
      },
    ],
    capabilities: [
      {
        label: 'per-pod GUID and IPs',
        description: 'Pods may request their InfiniBand GUID and their addresses.',
        body: '{"infinibandGUID": true, "ips": true}',
      },
    ],
    metaPlugins: [
      {
        label: 'tuning',
        description: 'Chain the tuning plugin after the SR-IOV plugin.',
        body: '{"type": "tuning", "sysctl": {}}',
      },
    ],
  };

/** Adds completion snippets for the JSON strings of a network spec. */
function withSnippets(schema: JsonSchema): JsonSchema {
  const spec = (schema.properties as Record<string, JsonSchema> | undefined)?.spec;
  const props = spec?.properties as Record<string, JsonSchema> | undefined;
  if (!props) return schema;
  for (const key of ['ipam', 'capabilities', 'metaPlugins'] as const) {
    const field = props[key];
    if (!field) continue;
    field.defaultSnippets = SNIPPETS[key].map((s) => ({
      label: s.label,
      description: s.description,
      body: s.body,
    }));
  }
  return schema;
}

/** The JSON Schema of one kind, ready for monaco-yaml. */
export function kindSchema(kind: CustomKindName): JsonSchema {
  const found = CUSTOM_KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`no schema for kind ${kind}`);
  return withSnippets(clean(jsonSchemaFor(found)) as JsonSchema);
}

/** A schema that picks the kind's schema by the document's `kind` (for pasted, mixed YAML). */
export function anyKindSchema(): JsonSchema {
  return {
    type: 'object',
    properties: {
      // Suggest ibnet's kinds, but accept any: pasted YAML holds ConfigMaps, Pods and more.
      kind: { anyOf: [{ enum: CUSTOM_KINDS.map((k) => k.kind) }, { type: 'string' }] },
    },
    allOf: CUSTOM_KINDS.map((k) => ({
      if: { properties: { kind: { const: k.kind } }, required: ['kind'] },
      then: kindSchema(k.kind),
    })),
  };
}

/** monaco-yaml's schema list: one per kind folder, plus `any`. */
export function yamlSchemaSettings(): { uri: string; fileMatch: string[]; schema: JsonSchema }[] {
  const kinds = CUSTOM_KINDS.map((k) => ({
    uri: `inmemory://ibnet/schemas/${k.kind}.json`,
    fileMatch: [`**/ibnet/${k.kind}/*.yaml`],
    schema: kindSchema(k.kind),
  }));
  return [
    ...kinds,
    {
      uri: 'inmemory://ibnet/schemas/any.json',
      fileMatch: ['**/ibnet/any/*.yaml'],
      schema: anyKindSchema(),
    },
  ];
}

/** JSON Schema of an IPAM object: the fields of the declared `type`. */
export function ipamJsonSchema(): JsonSchema {
  const types = Object.keys(IPAM_SCHEMAS);
  return {
    type: 'object',
    required: ['type'],
    properties: {
      type: {
        type: 'string',
        enum: types,
        enumDescriptions: [
          'Cluster-wide pools (IPPool objects); dual stack with ipRanges.',
          'Fixed addresses; with the ips capability pods bring their own.',
          'Per-node ranges: the same range on two nodes hands out duplicates.',
          'Not usable with ib-sriov: the plugin refuses it.',
        ],
      },
    },
    allOf: Object.entries(IPAM_SCHEMAS).map(([type, schema]) => ({
      if: { properties: { type: { const: type } }, required: ['type'] },
      then: clean(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })),
    })),
  };
}

const CAPABILITY_HELP: Partial<Record<(typeof CAPABILITY_KEYS)[number], string>> = {
  infinibandGUID:
    'Pods may choose the InfiniBand GUID of their VF ("infiniband-guid" in the networks annotation).',
  ips: 'Pods may choose their addresses ("ips" in the networks annotation); needs static IPAM.',
  mac: 'Pods may choose the MAC address (Ethernet networks only).',
};

/** JSON Schema of the capabilities object: the known keys, each a boolean. */
export function capabilitiesJsonSchema(): JsonSchema {
  return {
    type: 'object',
    additionalProperties: { type: 'boolean' },
    properties: Object.fromEntries(
      CAPABILITY_KEYS.map((key) => [
        key,
        { type: 'boolean', ...(CAPABILITY_HELP[key] ? { description: CAPABILITY_HELP[key] } : {}) },
      ]),
    ),
  };
}

/** JSON Schema of metaPlugins: one plugin object or a list of them, each with a `type`. */
export function metaPluginsJsonSchema(): JsonSchema {
  const plugin = {
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string', description: 'CNI plugin chained after SR-IOV.' } },
  };
  return { anyOf: [plugin, { type: 'array', items: plugin }] };
}

/** Monaco JSON language schema list for the side JSON editors. */
export function jsonSchemaSettings(): { uri: string; fileMatch: string[]; schema: JsonSchema }[] {
  const schemas: Record<EmbeddedSchemaKey, JsonSchema> = {
    ipam: ipamJsonSchema(),
    capabilities: capabilitiesJsonSchema(),
    metaPlugins: metaPluginsJsonSchema(),
  };
  return (Object.keys(schemas) as EmbeddedSchemaKey[]).map((key) => ({
    uri: `inmemory://ibnet/schemas/embedded-${key}.json`,
    fileMatch: [`**/ibnet-json/${key}/*.json`],
    schema: schemas[key],
  }));
}
