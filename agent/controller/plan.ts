import {
  LAST_NETWORK_NAMESPACE_ANNOTATION,
  NAD_FINALIZER,
  type NetworkAttachmentDefinition,
  OWNER_REF_ANNOTATION,
  type SriovNetworkLike,
} from '../../lib/model';
import { nadNeedsUpdate, ownerRefValue, renderNad, targetNamespace } from '../../lib/render';
import { type DesiredReady, REASONS } from './conditions';

/** What the controller knows about the cluster when it plans one network. */
export interface PlanContext {
  /** Namespace where `networkNamespace` may be set (the SR-IOV operator's). */
  operatorNamespace: string;
  resourcePrefix: string;
  /** The freshest known NAD at namespace/name, or undefined when there is none. */
  nad(namespace: string, name: string): NetworkAttachmentDefinition | undefined;
  /** Whether a namespace exists and takes new objects. */
  namespace(name: string): 'Active' | 'Terminating' | undefined;
}

export type NadWrite =
  | { verb: 'create'; nad: NetworkAttachmentDefinition }
  | { verb: 'replace'; nad: NetworkAttachmentDefinition; adopt: boolean };

/**
 * The writes that bring one network and its NAD to where they should be, in the order they must
 * happen: delete stale NADs, then fix the network's metadata (finalizer before any NAD exists,
 * finalizer removed only after its NADs are gone), then write the NAD, then the Ready condition.
 * An empty plan with an unchanged condition costs no request at all.
 */
export interface NetworkPlan {
  deletes: NetworkAttachmentDefinition[];
  metadata?: { finalizers: string[]; lastNetworkNamespace?: string };
  nad?: NadWrite;
  ready?: DesiredReady;
}

/** Decides what to do for one network, from cached state only: pure, so every rule is testable. */
export function planNetwork(network: SriovNetworkLike, ctx: PlanContext): NetworkPlan {
  const name = network.metadata.name ?? '';
  const own = ownerRefValue(network);
  const ours = (nad: NetworkAttachmentDefinition | undefined): nad is NetworkAttachmentDefinition =>
    nad !== undefined && nad.metadata.annotations?.[OWNER_REF_ANNOTATION] === own;
  const finalizers = network.metadata.finalizers ?? [];
  const hasFinalizer = finalizers.includes(NAD_FINALIZER);
  const lastNamespace = network.metadata.annotations?.[LAST_NETWORK_NAMESPACE_ANNOTATION];

  // Being deleted: remove our NADs (never someone else's), then let the object go.
  if (network.metadata.deletionTimestamp) {
    if (!hasFinalizer) return { deletes: [] };
    const namespaces = new Set([targetNamespace(network), lastNamespace].filter(isSet));
    return {
      deletes: [...namespaces].map((ns) => ctx.nad(ns, name)).filter(ours),
      metadata: { finalizers: finalizers.filter((f) => f !== NAD_FINALIZER) },
    };
  }

  const home = network.metadata.namespace ?? '';
  if (network.spec.networkNamespace && home !== ctx.operatorNamespace) {
    return {
      deletes: [],
      ready: notReady(
        REASONS.namespaceNotAllowed,
        `spec.networkNamespace is set to "${network.spec.networkNamespace}", but only networks in the operator namespace "${ctx.operatorNamespace}" may choose where their NetworkAttachmentDefinition goes (the SR-IOV Network Operator's webhook rejects it too); remove spec.networkNamespace to get the NAD in "${home}", or create this network in "${ctx.operatorNamespace}"`,
      ),
    };
  }

  const rendered = renderNad(network, { resourcePrefix: ctx.resourcePrefix });
  if (!rendered.ok) {
    return {
      deletes: [],
      ready: notReady(
        REASONS.invalid,
        `no NetworkAttachmentDefinition written: ${rendered.issues.map((i) => i.message).join('; ')}`,
      ),
    };
  }
  const desired = rendered.nad;
  const target = desired.metadata.namespace ?? '';

  // networkNamespace moved: the NAD left behind in the previous namespace goes.
  const previous =
    lastNamespace && lastNamespace !== target ? ctx.nad(lastNamespace, name) : undefined;
  const deletes = ours(previous) ? [previous] : [];

  const state = ctx.namespace(target);
  if (state !== 'Active') {
    return {
      deletes,
      ready: notReady(
        REASONS.namespaceNotFound,
        state === 'Terminating'
          ? `namespace "${target}" is being deleted, so the NetworkAttachmentDefinition ${target}/${name} cannot be created; it is created once the namespace is re-created`
          : `namespace "${target}" does not exist; create it (kubectl create namespace ${target}) or change spec.networkNamespace, and the NetworkAttachmentDefinition ${target}/${name} is created as soon as it appears`,
      ),
    };
  }

  const existing = ctx.nad(target, name);
  const owner = existing?.metadata.annotations?.[OWNER_REF_ANNOTATION];
  if (existing && owner && owner !== own) {
    return {
      deletes,
      ready: notReady(
        REASONS.invalid,
        `NetworkAttachmentDefinition ${target}/${name} already exists and belongs to ${owner} (annotation ${OWNER_REF_ANNOTATION}); it is left unchanged. Rename this network, point spec.networkNamespace elsewhere, or delete that NAD`,
      ),
    };
  }

  const needsMetadata = !hasFinalizer || lastNamespace !== target;
  return {
    deletes,
    metadata: needsMetadata
      ? {
          finalizers: hasFinalizer ? finalizers : [...finalizers, NAD_FINALIZER],
          lastNetworkNamespace: target,
        }
      : undefined,
    nad: nadWrite(existing, desired),
    ready: {
      status: 'True',
      reason: REASONS.ready,
      message: `NetworkAttachmentDefinition ${target}/${name} is up to date`,
    },
  };
}

function nadWrite(
  existing: NetworkAttachmentDefinition | undefined,
  desired: NetworkAttachmentDefinition,
): NadWrite | undefined {
  if (!existing) return { verb: 'create', nad: desired };
  if (!nadNeedsUpdate(existing, desired)) return undefined;
  // Keep what others put on the NAD (labels, their annotations); replace what is ours.
  const { managedFields: _managed, ...metadata } = existing.metadata;
  return {
    verb: 'replace',
    adopt: !existing.metadata.annotations?.[OWNER_REF_ANNOTATION],
    nad: {
      ...existing,
      metadata: {
        ...metadata,
        annotations: { ...existing.metadata.annotations, ...desired.metadata.annotations },
      },
      spec: desired.spec,
    },
  };
}

function notReady(reason: DesiredReady['reason'], message: string): DesiredReady {
  return { status: 'False', reason, message };
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/** Whether a plan writes anything besides (maybe) the status. */
export function planWrites(plan: NetworkPlan): boolean {
  return plan.deletes.length > 0 || plan.metadata !== undefined || plan.nad !== undefined;
}
