import type { SriovNetworkLike } from '../../lib/model';
import { targetNamespace } from '../../lib/render';
import { cacheKey } from './keys';

/**
 * Which networks point at which NAD and namespace, so that an event on a NAD or a Namespace
 * requeues exactly the networks it concerns (a NAD with no owner-ref to adopt, a foreign NAD that
 * went away, a namespace that appeared).
 */
export class TargetIndex {
  private readonly targetOf = new Map<string, { nad: string; namespace: string }>();
  private readonly byNad = new Map<string, Set<string>>();
  private readonly byNamespace = new Map<string, Set<string>>();

  /** Records where the network with queue key `key` points now (undefined: it is gone). */
  set(key: string, network: SriovNetworkLike | undefined): void {
    const old = this.targetOf.get(key);
    if (old) {
      remove(this.byNad, old.nad, key);
      remove(this.byNamespace, old.namespace, key);
      this.targetOf.delete(key);
    }
    if (!network) return;
    const namespace = targetNamespace(network);
    const nad = cacheKey(namespace, network.metadata.name ?? '');
    this.targetOf.set(key, { nad, namespace });
    add(this.byNad, nad, key);
    add(this.byNamespace, namespace, key);
  }

  /** Networks whose NAD would be `namespace/name`. */
  networksForNad(nadKey: string): string[] {
    return [...(this.byNad.get(nadKey) ?? [])];
  }

  /** Networks whose NAD goes into `namespace`. */
  networksInNamespace(namespace: string): string[] {
    return [...(this.byNamespace.get(namespace) ?? [])];
  }
}

function add(index: Map<string, Set<string>>, at: string, key: string): void {
  let set = index.get(at);
  if (!set) index.set(at, (set = new Set()));
  set.add(key);
}

function remove(index: Map<string, Set<string>>, at: string, key: string): void {
  const set = index.get(at);
  set?.delete(key);
  if (set?.size === 0) index.delete(at);
}
