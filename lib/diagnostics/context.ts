import type { Severity } from './types';
import type { Span } from './positions';
import type { ObjectNode, PathStep } from './tree';

/** A networks ibnet knows about from outside the checked text, e.g. listed from the cluster. */
export interface KnownNetwork {
  /** Name of the NetworkAttachmentDefinition pods request. */
  name: string;
  /** Namespace the NAD is in: pods must run there. Unknown when the object names none. */
  namespace?: string;
  kind: 'SriovIBNetwork' | 'SriovNetwork' | 'NetworkAttachmentDefinition';
  /** Declared CNI capabilities; absent when the NAD declares none. */
  capabilities?: Record<string, boolean>;
  /** The IPAM `type`, when there is an IPAM section. */
  ipamType?: string;
  /** The main CNI plugin type (`ib-sriov`, `sriov`…). */
  cniType?: string;
}

export interface ValidateOptions {
  /** Where the SR-IOV operator runs; `networkNamespace` is only allowed on networks there. */
  operatorNamespace?: string;
  /** Networks that exist in the cluster, for cross-checks of pod requests. */
  knownNetworks?: KnownNetwork[];
  /** Whether the networks span several nodes (host-local IPAM then collides); default true. */
  multiNode?: boolean;
}

/** A text replacement in offsets of the checked text. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface PendingFix {
  title: string;
  edits: OffsetEdit[];
}

/** A diagnostic before its offsets are turned into lines and columns. */
export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  span: Span;
  path?: PathStep[];
  document?: number;
  fixes?: PendingFix[];
}

/** One Kubernetes object found in the text (a document, or an item of a `kind: List`). */
export interface KubeDoc {
  root: ObjectNode;
  plain: Record<string, unknown>;
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  /** Index of the `---` document it is in. */
  document: number;
  /** Path of the object inside its document (`['items', 2]` for a List item). */
  prefix: PathStep[];
  /** YAML errors in its document make "missing field" findings unreliable. */
  damaged: boolean;
}

/** A network found in the checked text, with what a fix needs to add a capability to it. */
export interface LocalNetwork extends KnownNetwork {
  doc: KubeDoc;
}

export interface CheckContext {
  text: string;
  /** Index of the document being checked; findings get it unless they say otherwise. */
  document: number;
  operatorNamespace: string;
  multiNode: boolean;
  /** Networks of the text first, then those given in the options. */
  networks: (LocalNetwork | KnownNetwork)[];
  /** Whether `knownNetworks` was given: only then can an unknown network be reported. */
  clusterKnown: boolean;
  report(finding: Finding): void;
}

/** Collects findings, dropping exact duplicates (two rules reaching the same conclusion). */
export class Findings {
  readonly list: Finding[] = [];
  private readonly seen = new Set<string>();

  add(finding: Finding): void {
    const key = `${finding.code}|${finding.span.start}|${finding.span.end}|${finding.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(finding);
  }
}
