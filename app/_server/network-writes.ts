import { parseDocument } from 'yaml';
import { z } from 'zod';
import { type KubeClient, RESOURCES, type ResourceRef, isConflict } from '@/lib/kube';
import { SriovIBNetworkSchema, SriovNetworkSchema, type SriovNetworkLike } from '@/lib/model';
import { renderNad } from '@/lib/render';
import { analyzePod } from '@/lib/views/pod-analysis';
import { type PodLike, holdsDevices } from '@/lib/views/kube';
import { NETWORK_KINDS } from '@/lib/views/paths';
import type { Diagnostic, NetworkPlural, NetworkWriteResult } from '@/lib/views/types';
import type { ConsoleConfig } from './config';
import { parseBody } from './http';
import { ApiProblem, badRequest } from './problems';
import { diagnose } from './validation';

export const FIELD_MANAGER = 'ibnet-console';

export const NetworkWriteSchema = z
  .object({ object: z.unknown().optional(), yaml: z.string().max(200_000).optional() })
  .strict()
  .refine((b) => (b.object === undefined) !== (b.yaml === undefined), {
    message: 'send either object or yaml',
  });

export const DryRunSchema = z
  .object({
    object: z.unknown().optional(),
    yaml: z.string().max(200_000).optional(),
    operation: z.enum(['create', 'update']),
  })
  .strict();

export const DeleteSchema = z
  .object({
    resourceVersion: z.string().max(64).optional(),
    confirmPods: z.array(z.string().max(320)).max(10_000).optional(),
  })
  .strict();

export function refOf(plural: NetworkPlural): ResourceRef {
  return RESOURCES[plural];
}

/**
 * Reads a network from a request body (object or YAML text), diagnoses it, and parses it with
 * the domain schema. Any error-level diagnostic refuses it with every diagnostic attached.
 */
export function readNetwork(
  body: unknown,
  config: ConsoleConfig,
): { network: SriovNetworkLike; diagnostics: Diagnostic[] } {
  const request = parseBody(NetworkWriteSchema.or(DryRunSchema), body);
  let text: string;
  let value: unknown;
  if (request.yaml !== undefined) {
    text = request.yaml;
    const doc = parseDocument(text);
    value = doc.errors.length === 0 ? doc.toJS() : undefined;
  } else {
    value = request.object;
    text = JSON.stringify(request.object, null, 2);
  }

  const diagnostics = diagnose(text, config);
  if (diagnostics.some((d) => d.severity === 'error')) throw invalid(diagnostics);
  if (value === undefined) throw badRequest('The YAML cannot be read; fix its syntax.');

  const kind = (value as { kind?: unknown } | undefined)?.kind;
  const schema = kind === 'SriovNetwork' ? SriovNetworkSchema : SriovIBNetworkSchema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiProblem(
      422,
      'invalid',
      `The network is not valid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unreadable'}.`,
      'Invalid',
      { diagnostics },
    );
  }
  const network = parsed.data as SriovNetworkLike;
  if (!network.metadata.name || !network.metadata.namespace) {
    throw badRequest('Give the network a metadata.name and a metadata.namespace.');
  }
  return { network, diagnostics };
}

function invalid(diagnostics: Diagnostic[]): ApiProblem {
  const first = diagnostics.find((d) => d.severity === 'error');
  return new ApiProblem(
    422,
    'invalid',
    `The network has ${diagnostics.filter((d) => d.severity === 'error').length} error(s)${first ? `, first at line ${first.line}: ${first.message}` : ''}.`,
    'Invalid',
    { diagnostics },
  );
}

function result(
  object: SriovNetworkLike,
  dryRun: boolean,
  diagnostics: Diagnostic[],
  config: ConsoleConfig,
): NetworkWriteResult {
  const rendered = renderNad(object, { resourcePrefix: config.resourcePrefix });
  return { object, dryRun, nad: rendered.ok ? rendered.nad : undefined, diagnostics };
}

/** Creates a network: server-side dry run first, then the real write. */
export async function createNetwork(
  client: KubeClient,
  network: SriovNetworkLike,
  diagnostics: Diagnostic[],
  config: ConsoleConfig,
  dryRunOnly = false,
): Promise<NetworkWriteResult> {
  const ref = refOf(network.kind === 'SriovNetwork' ? 'sriovnetworks' : 'sriovibnetworks');
  const { resourceVersion: _rv, uid: _uid, ...metadata } = network.metadata;
  const body = { ...network, metadata, status: undefined };
  const checked = await client.create(ref, body, { dryRun: true, fieldManager: FIELD_MANAGER });
  if (dryRunOnly) return result(checked, true, diagnostics, config);
  const created = await client.create(ref, body, { fieldManager: FIELD_MANAGER });
  return result(created, false, diagnostics, config);
}

/**
 * Replaces a network based on the resourceVersion the user edited. A stale version is a
 * `conflict` carrying the object as it is now, so the UI can show a diff and rebase.
 */
export async function updateNetwork(
  client: KubeClient,
  plural: NetworkPlural,
  namespace: string,
  name: string,
  network: SriovNetworkLike,
  diagnostics: Diagnostic[],
  config: ConsoleConfig,
  dryRunOnly = false,
): Promise<NetworkWriteResult> {
  if (network.kind !== NETWORK_KINDS[plural]) {
    throw badRequest(
      `This address is for ${NETWORK_KINDS[plural]}; the body is a ${network.kind}.`,
    );
  }
  if (network.metadata.namespace !== namespace || network.metadata.name !== name) {
    throw badRequest(
      `The body names ${network.metadata.namespace}/${network.metadata.name}, not ${namespace}/${name}; renaming is not an update.`,
    );
  }
  if (!network.metadata.resourceVersion) {
    throw badRequest(
      'Send the metadata.resourceVersion the edit was based on, so a concurrent change is not overwritten.',
    );
  }
  const ref = refOf(plural);
  try {
    const checked = await client.replace(ref, network, {
      dryRun: true,
      fieldManager: FIELD_MANAGER,
    });
    if (dryRunOnly) return result(checked, true, diagnostics, config);
    const updated = await client.replace(ref, network, { fieldManager: FIELD_MANAGER });
    return result(updated, false, diagnostics, config);
  } catch (err) {
    if (!isConflict(err)) throw err;
    const current = await client.get<SriovNetworkLike>(ref, name, namespace);
    throw new ApiProblem(
      409,
      'conflict',
      `${network.kind} ${namespace}/${name} changed since you opened it (now at version ${current.metadata.resourceVersion}). Look at the differences, then apply your edit again on top.`,
      'Conflict',
      { verb: 'update', resource: `${ref.plural}.${ref.group}`, namespace, name, current },
    );
  }
}

/** Pods not yet finished whose networks annotation requests the NAD of this network. */
export function podsUsing(
  pods: readonly PodLike[],
  nadKey: string,
): { namespace: string; name: string }[] {
  return pods
    .filter((p) => holdsDevices(p) && analyzePod(p).row.networks.includes(nadKey))
    .map((p) => ({ namespace: p.metadata.namespace ?? '', name: p.metadata.name ?? '' }));
}
