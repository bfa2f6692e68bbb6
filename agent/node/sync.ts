import type { KubeObject, SriovNetworkNodePolicy, SriovNetworkNodeState } from '../../lib/model';
import { SriovNetworkNodePolicySchema } from '../../lib/model';
import { desiredInterfaces } from '../../lib/policy';
import type { Logger } from '../common/logger';
import { type CheckedState, type NodeProblem, checkDesired, problemsText } from './checks';
import {
  GUIDS_UNIQUE,
  type GuidClash,
  clashesText,
  findGuidClashes,
  guidsUniqueCondition,
} from './collisions';
import { GuidPoolError, errorText } from './errors';
import { type GuidPool, loadGuidPool } from './guids';
import type { Hardware } from './hardware';
import type { NodeMetrics } from './metrics';
import {
  type NodeStateStatus,
  type NodeStateWriter,
  type SpecInterface,
  conditionOf,
  configuredPfsOf,
  specInterface,
  statusInterface,
} from './node-state';
import { type PfPlan, describePlan, isEmptyPlan, planPf } from './plan';
import type { SysfsPf } from './sysfs';

/** What one sync sees of the cluster: read from the agent's informer caches. */
export interface SyncInputs {
  node(): (KubeObject & { metadata: { uid?: string } }) | undefined;
  policies(): SriovNetworkNodePolicy[];
  /** Every SriovNetworkNodeState of the operator namespace (for GUID duplicates). */
  states(): SriovNetworkNodeState[];
  /** This node's state, the freshest known (cache or our own last write). */
  ownState(): SriovNetworkNodeState | undefined;
  /** Called with every object this sync writes, so reads see it before its watch event. */
  wrote(state: SriovNetworkNodeState): void;
}

export interface SyncDeps {
  nodeName: string;
  hardware: Hardware;
  writer: NodeStateWriter;
  guidPoolFile?: string;
  log: Logger;
  metrics?: NodeMetrics;
}

/** How a sync ended: `Succeeded`, or `Failed` with the problems that refused policies. */
export interface SyncOutcome {
  syncStatus: 'Succeeded' | 'Failed';
  lastSyncError: string;
  /** PFs that were changed (empty when the node already matched). */
  changed: string[];
}

/** Raised when a sync failed mid-way; the work queue retries it with backoff. */
export class SyncError extends Error {
  override name = 'SyncError';
}

/** Policies that do not parse cannot be judged: nothing is changed anywhere until they do. */
function parsePolicies(raw: SriovNetworkNodePolicy[]): {
  policies: SriovNetworkNodePolicy[];
  broken: string[];
} {
  const policies: SriovNetworkNodePolicy[] = [];
  const broken: string[] = [];
  for (const p of raw) {
    const parsed = SriovNetworkNodePolicySchema.safeParse(p);
    if (parsed.success) policies.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      broken.push(
        `policy ${p.metadata.name} is malformed at ${issue?.path.join('.') || 'the top'}: ${issue?.message ?? 'invalid'}; fix or delete it`,
      );
    }
  }
  return { policies, broken };
}

/** Whole-node refusal: every PF is frozen and the reason is the sync error. */
function refuseAll(pfs: SysfsPf[], message: string): CheckedState & { text: string } {
  return {
    apply: [],
    frozen: new Set(pfs.map((pf) => pf.pciAddress)),
    problems: [],
    guidSources: new Map(),
    text: `${message}. Nothing was changed on this node until this is fixed.`,
  };
}

/**
 * One sync of the node: read the policies and the hardware, validate the whole desired state,
 * write `spec` (the desired interfaces), change the hardware only where it differs, then write
 * `status` from what sysfs shows. A node that already matches costs no write at all.
 */
export async function syncNode(
  deps: SyncDeps,
  inputs: SyncInputs,
  signal: AbortSignal,
): Promise<SyncOutcome> {
  const { nodeName, hardware, writer, log } = deps;
  const node = inputs.node();
  if (!node) {
    throw new SyncError(
      `Node ${nodeName} does not exist; start the agent with --node (or NODE_NAME) set to this node's name`,
    );
  }

  let pfs = await hardware.discover();
  const previous = inputs.ownState();
  const { policies, broken } = parsePolicies(inputs.policies());
  let pool: GuidPool | undefined;
  let checked: CheckedState & { text?: string };
  try {
    if (deps.guidPoolFile) pool = await loadGuidPool(deps.guidPoolFile);
    if (broken.length > 0) checked = refuseAll(pfs, broken.join('; '));
    else {
      const pfsAsInterfaces = pfs.map((pf) => statusInterface(pf));
      const labels = node.metadata.labels ?? {};
      checked = checkDesired(pfs, desiredInterfaces(policies, pfsAsInterfaces, labels), pool);
    }
  } catch (err) {
    if (!(err instanceof GuidPoolError)) throw err;
    checked = refuseAll(pfs, errorText(err));
  }

  // Frozen PFs keep the spec they had: the device plugin goes on advertising what exists.
  const previousSpec = previous?.spec?.interfaces ?? [];
  const spec: SpecInterface[] = [
    ...checked.apply.map(specInterface),
    ...previousSpec.filter((i) => checked.frozen.has(i.pciAddress)),
  ].sort((a, b) => a.pciAddress.localeCompare(b.pciAddress));

  const configuredBefore = configuredPfsOf(previous);
  const wanted = new Map(checked.apply.map((i) => [i.pciAddress, i]));
  const externallyManaged = new Set(
    [...previousSpec, ...spec].filter((i) => i.externallyManaged).map((i) => i.pciAddress),
  );
  const resets = pfs.filter(
    (pf) =>
      !wanted.has(pf.pciAddress) &&
      !checked.frozen.has(pf.pciAddress) &&
      configuredBefore.has(pf.pciAddress) &&
      !externallyManaged.has(pf.pciAddress),
  );
  const plans = planAll(pfs, checked, resets);

  // Record the PFs about to be configured before touching them, so that a crash mid-way still
  // knows to reset them later.
  const configuring = new Set([...configuredBefore, ...wanted.keys()]);
  let state = await writer.ensureSpec(previous, spec, configuring);
  if (state !== previous) inputs.wrote(state);

  const work = plans.filter((p) => !isEmptyPlan(p));
  const changed: string[] = [];
  if (work.length > 0) {
    log.info({ changes: work.map(describePlan) }, 'applying');
    state = await publish(deps, inputs, state, statusOf(state, pfs, 'InProgress', ''));
    try {
      for (const plan of work) {
        signal.throwIfAborted();
        const want = wanted.get(plan.pciAddress);
        await hardware.apply(
          plan.pciAddress,
          want,
          checked.guidSources.get(plan.pciAddress),
          signal,
        );
        changed.push(plan.label);
      }
      pfs = await hardware.discover();
      const left = planAll(pfs, checked, resets).filter((p) => !isEmptyPlan(p));
      if (left.length > 0) {
        throw new SyncError(
          `the hardware did not reach the desired state (still to do: ${left.map(describePlan).join('; ')}); the sync is retried`,
        );
      }
    } catch (err) {
      if (signal.aborted) throw err;
      pfs = await hardware.discover().catch(() => pfs);
      const text = `applying failed after changing ${changed.join(', ') || 'nothing'}: ${errorText(err)}`;
      await publish(deps, inputs, state, statusOf(state, pfs, 'Failed', text));
      throw new SyncError(text, { cause: err });
    }
  }

  const problems: NodeProblem[] = checked.problems;
  const text = checked.text ?? (problems.length > 0 ? problemsText(problems, pfs) : '');
  const syncStatus = text ? 'Failed' : 'Succeeded';
  const interfaces = interfacesOf(state, pfs);
  const clashes = findGuidClashes(nodeName, interfaces, inputs.states());
  const before = state;
  state = await publish(deps, inputs, state, statusOf(state, pfs, syncStatus, text, clashes));
  deps.metrics?.guidDuplicates.set(clashes.length);
  if (clashes.length > 0 && state !== before) {
    log.warn({ duplicates: clashes.length, detail: clashesText(clashes) }, 'duplicate VF GUIDs');
  }

  // PFs put back to 0 VFs are no longer ibnet's; the ones whose reset failed stay recorded.
  const stillConfigured = new Set(
    [...configuring].filter(
      (pci) =>
        wanted.has(pci) ||
        checked.frozen.has(pci) ||
        (pfs.find((pf) => pf.pciAddress === pci)?.numVfs ?? 0) > 0,
    ),
  );
  state = await writer.ensureSpec(state, spec, stillConfigured);
  inputs.wrote(state);

  deps.metrics?.policyProblems.set(problems.length);
  for (const pf of pfs) deps.metrics?.vfs.set({ pf: pf.netdev ?? pf.pciAddress }, pf.numVfs);
  if (changed.length > 0 || text) {
    log.info({ syncStatus, changed, lastSyncError: text || undefined }, 'synced');
  }
  return { syncStatus, lastSyncError: text, changed };
}

function planAll(pfs: SysfsPf[], checked: CheckedState, resets: SysfsPf[]): PfPlan[] {
  const byPci = new Map(pfs.map((pf) => [pf.pciAddress, pf]));
  const plans: PfPlan[] = [];
  for (const want of checked.apply) {
    const pf = byPci.get(want.pciAddress);
    if (pf) plans.push(planPf(pf, want, checked.guidSources.get(pf.pciAddress)));
  }
  // Resets are looked up in `pfs` too: the plan must come from what sysfs shows now.
  for (const reset of resets) {
    const pf = byPci.get(reset.pciAddress);
    if (pf) plans.push(planPf(pf, undefined, undefined));
  }
  return plans;
}

function interfacesOf(state: SriovNetworkNodeState, pfs: SysfsPf[]) {
  const managed = new Set(
    (state.spec?.interfaces ?? []).filter((i) => i.externallyManaged).map((i) => i.pciAddress),
  );
  return pfs.map((pf) => statusInterface(pf, managed.has(pf.pciAddress)));
}

/** The full status from what sysfs shows; `clashes` renews the GUIDsUnique condition. */
function statusOf(
  state: SriovNetworkNodeState,
  pfs: SysfsPf[],
  syncStatus: 'InProgress' | 'Succeeded' | 'Failed',
  lastSyncError: string,
  clashes?: GuidClash[],
): NodeStateStatus {
  const others = (state.status?.conditions ?? []).filter((c) => c.type !== GUIDS_UNIQUE);
  const previous = conditionOf(state, GUIDS_UNIQUE);
  const unique = clashes ? guidsUniqueCondition(clashes, previous) : previous;
  return {
    interfaces: interfacesOf(state, pfs),
    syncStatus,
    lastSyncError,
    conditions: unique ? [...others, unique] : others,
  };
}

async function publish(
  deps: SyncDeps,
  inputs: SyncInputs,
  state: SriovNetworkNodeState,
  status: NodeStateStatus,
): Promise<SriovNetworkNodeState> {
  const written = await deps.writer.writeStatus(state, status);
  if (written !== state) inputs.wrote(written);
  return written;
}
