import { evaluateJsonPath } from './jsonpath';
import { type KubeObject } from './object';
import {
  type Cell,
  type ColumnDefinition,
  DEFAULT_PRINTER,
  humanDuration,
  PRINTERS,
  type Printer,
} from './printers';
import { grKey, type PrinterColumnDef, type ResourceType } from './resources';
import type { Entry } from './store-types';

/** What each Table row carries besides its cells (`includeObject`). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

const printerCache = new WeakMap<ResourceType, Printer>();

function cellFor(column: PrinterColumnDef, obj: KubeObject): Cell {
  let results: unknown[];
  try {
    results = evaluateJsonPath(column.jsonPath, obj);
  } catch {
    return null;
  }
  const value = results[0];
  if (value === undefined || value === null) return null;
  switch (column.type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      // kube turns printer-column dates into ages on the server.
      const t = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return Number.isNaN(t) ? '<invalid>' : humanDuration(Date.now() - t);
    }
    default:
      return typeof value === 'string'
        ? value
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  }
}

/** The printer of a custom resource: Name, then its additionalPrinterColumns (or Age). */
function customPrinter(columns: PrinterColumnDef[] | undefined): Printer {
  const defs =
    columns && columns.length > 0
      ? columns
      : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  return {
    columns: [
      {
        name: 'Name',
        type: 'string',
        format: 'name',
        description:
          'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
        priority: 0,
      },
      ...defs.map<ColumnDefinition>((c) => ({
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description: c.description ?? '',
        priority: c.priority ?? 0,
      })),
    ],
    row: (obj) => [obj.metadata.name ?? '', ...defs.map((c) => cellFor(c, obj))],
  };
}

export function printerFor(type: ResourceType): Printer {
  let p = printerCache.get(type);
  if (!p) {
    p = type.custom
      ? customPrinter(type.printerColumns)
      : (PRINTERS[grKey(type)] ?? DEFAULT_PRINTER);
    printerCache.set(type, p);
  }
  return p;
}

const metadataJson = new WeakMap<object, string>();

/** PartialObjectMetadata JSON of an entry, cached per stored version. */
function partialMetadata(entry: Entry): string {
  let json = metadataJson.get(entry.obj);
  if (json === undefined) {
    json = `{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":${JSON.stringify(entry.obj.metadata)}}`;
    metadataJson.set(entry.obj, json);
  }
  return json;
}

function rowJson(
  printer: Printer,
  entry: Entry,
  include: IncludeObject,
  now: number,
  objectJson: (e: Entry) => string,
): string {
  const cells = JSON.stringify(printer.row(entry.obj, now));
  if (include === 'None') return `{"cells":${cells},"object":null}`;
  const object = include === 'Object' ? objectJson(entry) : partialMetadata(entry);
  return `{"cells":${cells},"object":${object}}`;
}

export interface TableOptions {
  include: IncludeObject;
  /** Leave columnDefinitions out (watch events after the first). */
  noHeaders?: boolean;
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  /** How a full object is serialized (its served version). */
  objectJson: (e: Entry) => string;
}

/** A meta.k8s.io/v1 Table of entries, serialized directly for speed. */
export function tableJson(type: ResourceType, entries: Entry[], opts: TableOptions): string {
  const printer = printerFor(type);
  const now = Date.now();
  const meta: Record<string, unknown> = {};
  if (opts.resourceVersion !== undefined) meta.resourceVersion = opts.resourceVersion;
  if (opts.continue) meta.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) meta.remainingItemCount = opts.remainingItemCount;
  const columns = opts.noHeaders ? 'null' : JSON.stringify(printer.columns);
  const rows = entries
    .map((e) => rowJson(printer, e, opts.include, now, opts.objectJson))
    .join(',');
  return `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":${JSON.stringify(meta)},"columnDefinitions":${columns},"rows":[${rows}]}`;
}

/** Whether an Accept header asks for a Table (kubectl get does). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return (
      params.includes('as=Table') &&
      params.some((p) => p === 'g=meta.k8s.io') &&
      params.some((p) => p === 'v=v1' || p === 'v=v1beta1')
    );
  });
}

/** Parses `includeObject`; kube defaults to Metadata. */
export function includeObjectOf(value: string | null): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}
