import { z } from 'zod';
import type { CustomKind } from './kinds';
import { CUSTOM_KINDS, apiVersionOf } from './kinds';

type JsonSchema = Record<string, unknown>;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** JSON Schema (draft 2020-12) of a kind, as the editor's YAML language service wants it. */
export function jsonSchemaFor(kind: CustomKind): JsonSchema {
  return z.toJSONSchema(kind.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/**
 * Turns a generated schema into a structural one, as CustomResourceDefinitions require: every node
 * has a type, no `additionalProperties: false`, open objects say so with
 * `x-kubernetes-preserve-unknown-fields`, and `metadata` is left to the API server.
 */
function toStructural(node: JsonSchema, path: string[]): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === 'additionalProperties' || key === 'properties') continue;
    // The API server fills apiVersion, kind and metadata itself; upstream CRDs never require them.
    if (key === 'required' && path.length === 0) continue;
    // zod bounds every integer to the safe range; CRDs leave that implicit.
    if ((key === 'minimum' || key === 'maximum') && Math.abs(value as number) === MAX_SAFE)
      continue;
    if (key === 'items' && typeof value === 'object' && value !== null) {
      out.items = toStructural(value as JsonSchema, [...path, '[]']);
      continue;
    }
    out[key] = value;
  }

  const properties = node.properties as Record<string, JsonSchema> | undefined;
  if (properties) {
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([name, child]) => {
        if (path.length === 0 && name === 'metadata') return [name, { type: 'object' }];
        if (path.length === 0 && (name === 'apiVersion' || name === 'kind')) {
          return [name, { type: 'string', description: child.description }];
        }
        return [name, toStructural(child, [...path, name])];
      }),
    );
  }

  const additional = node.additionalProperties;
  if (additional !== undefined && additional !== false) {
    const open = typeof additional !== 'object' || Object.keys(additional as object).length === 0;
    if (open) out['x-kubernetes-preserve-unknown-fields'] = true;
    else if (!properties) out.additionalProperties = toStructural(additional as JsonSchema, path);
    else out['x-kubernetes-preserve-unknown-fields'] = true;
  }

  if (out.type === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    // An unconstrained value (z.unknown()) is allowed anything, which CRDs spell this way.
    out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  return out;
}

/** The openAPIV3Schema of a kind's CRD. */
export function crdSchemaFor(kind: CustomKind): JsonSchema {
  const generated = z.toJSONSchema(kind.schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return toStructural(generated, []);
}

export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

/** A CustomResourceDefinition for the kind, field-compatible with the upstream one. */
export function crdFor(kind: CustomKind): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${kind.plural}.${kind.group}`,
      labels: { 'app.kubernetes.io/part-of': 'ibnet' },
    },
    spec: {
      group: kind.group,
      scope: kind.namespaced ? 'Namespaced' : 'Cluster',
      names: {
        kind: kind.kind,
        listKind: `${kind.kind}List`,
        plural: kind.plural,
        singular: kind.singular,
        ...(kind.shortNames.length > 0 ? { shortNames: [...kind.shortNames] } : {}),
        ...(kind.categories.length > 0 ? { categories: [...kind.categories] } : {}),
      },
      versions: [
        {
          name: kind.version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: crdSchemaFor(kind) },
          ...(kind.hasStatus ? { subresources: { status: {} } } : {}),
          additionalPrinterColumns: kind.printerColumns.map((c) => ({ ...c })),
        },
      ],
    },
  };
}

/** CRDs for every custom kind ibnet serves or reads. */
export function allCrds(): CustomResourceDefinition[] {
  return CUSTOM_KINDS.map(crdFor);
}

export { apiVersionOf };
