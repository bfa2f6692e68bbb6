import {
  allocateWhereabouts,
  formatValue,
  HostLocalAllocator,
  IpamConfigError,
  IpamError,
  IpamExhaustedError,
  parseHostLocalRanges,
  parseWhereaboutsRanges,
  releaseWhereabouts,
  staticAddresses,
  type AllocatedAddress,
} from '../../lib/ipam';
import type {
  HostLocalIpam,
  IPPool,
  OverlappingRangeIPReservation,
  StaticIpam,
  WhereaboutsIpam,
} from '../../lib/model';
import { ApiError } from '../apiserver/errors';
import type { Store } from '../apiserver/store';

/** A CNI plugin's failure; the message is the plugin's own words. */
export class CniError extends Error {
  override name = 'CniError';
}

/** Who asks for addresses: one interface of one pod on one node. */
export interface IpamRequest {
  node: string;
  /** `namespace/name` of the pod. */
  podref: string;
  containerId: string;
  ifname: string;
  /** The CNI network name (the NAD's name), which host-local keys its store by. */
  network: string;
  /** Per-pod addresses, passed only when the NAD declares the `ips` capability. */
  ips?: string[];
}

const POOLS = 'ippools.whereabouts.cni.cncf.io';
const RESERVATIONS = 'overlappingrangeipreservations.whereabouts.cni.cncf.io';
const MANAGER = 'whereabouts';

type IpamConf = { type?: unknown } & Record<string, unknown>;

/**
 * The IPAM plugins as they run on the nodes: whereabouts with its IPPools and reservations in the
 * cluster, static, host-local with one store per node (so one range on two nodes hands out the
 * same addresses twice), and dhcp without a daemon.
 */
export class IpamPlugins {
  private readonly hostLocal = new Map<string, HostLocalAllocator>();

  constructor(
    private readonly store: Store,
    private readonly namespace: string,
  ) {}

  /** Runs ADD; returns the addresses (none when the config has no IPAM type). */
  async add(conf: IpamConf | undefined, req: IpamRequest): Promise<AllocatedAddress[]> {
    switch (conf?.type) {
      case undefined:
      case '':
        return [];
      case 'whereabouts':
        return this.whereaboutsAdd(conf as WhereaboutsIpam, req);
      case 'static':
        return staticAdd(conf as StaticIpam, req.ips);
      case 'host-local':
        return this.hostLocalAdd(conf as HostLocalIpam, req);
      case 'dhcp':
        throw new CniError(
          'error dialing DHCP daemon: dial unix /run/cni/dhcp.sock: connect: no such file or directory',
        );
      default:
        throw new CniError(
          `failed to find plugin "${String(conf?.type)}" in path [/var/lib/cni/bin]`,
        );
    }
  }

  /** Runs DEL: frees what ADD gave the interface. Never throws for what is already gone. */
  async del(conf: IpamConf | undefined, req: IpamRequest): Promise<void> {
    if (conf?.type === 'whereabouts') await this.whereaboutsDel(conf as WhereaboutsIpam, req);
    if (conf?.type === 'host-local') {
      this.allocatorFor(conf as HostLocalIpam, req)?.release(req.containerId, req.ifname);
    }
  }

  /** After a restart: takes back host-local addresses a running pod holds. */
  restore(conf: IpamConf | undefined, req: IpamRequest, ips: string[]): void {
    if (conf?.type !== 'host-local') return;
    const allocator = this.allocatorFor(conf as HostLocalIpam, req);
    if (!allocator) return;
    // host-local walks round-robin: step until it hands out the recorded addresses again.
    for (let i = 0; i < 65_536; i++) {
      let got: AllocatedAddress[];
      try {
        got = allocator.allocate(req.containerId, req.ifname);
      } catch {
        return;
      }
      if (got.every((a) => ips.includes(a.ip))) return;
      allocator.release(req.containerId, req.ifname);
    }
  }

  private async whereaboutsAdd(
    cfg: WhereaboutsIpam,
    req: IpamRequest,
  ): Promise<AllocatedAddress[]> {
    for (let attempt = 0; ; attempt++) {
      const pools = (await this.store.list<IPPool>(POOLS, { namespace: this.namespace })).items;
      const overlapping = cfg.enable_overlapping_ranges !== false;
      const reservations = overlapping
        ? (
            await this.store.list<OverlappingRangeIPReservation>(RESERVATIONS, {
              namespace: this.namespace,
            })
          ).items
        : undefined;

      let result;
      try {
        result = allocateWhereabouts(cfg, pools, req.podref, req.containerId, req.ifname, {
          namespace: this.namespace,
          overlappingReservations: reservations,
        });
      } catch (err) {
        throw whereaboutsError(cfg, err);
      }

      try {
        for (const pool of result.pools) {
          if (pool.metadata.resourceVersion)
            await this.store.update(pool, { fieldManager: MANAGER });
          else await this.store.create(pool, { fieldManager: MANAGER });
        }
        for (const r of result.reservations) await this.reserve(r);
        return result.ips;
      } catch (err) {
        // Another allocation got there first: read the pools again, as whereabouts retries.
        if (!(err instanceof ApiError) || attempt >= 20) throw err;
        if (err.reason !== 'Conflict' && err.reason !== 'AlreadyExists') throw err;
      }
    }
  }

  private async reserve(r: OverlappingRangeIPReservation): Promise<void> {
    try {
      await this.store.create(r, { fieldManager: MANAGER });
    } catch (err) {
      if (!(err instanceof ApiError) || err.reason !== 'AlreadyExists') throw err;
      const live = await this.store.get<OverlappingRangeIPReservation>(
        RESERVATIONS,
        r.metadata.name ?? '',
        this.namespace,
      );
      if (live.spec.podref !== r.spec.podref) throw err;
      await this.store.update({ ...live, spec: r.spec }, { fieldManager: MANAGER });
    }
  }

  private async whereaboutsDel(cfg: WhereaboutsIpam, req: IpamRequest): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const pools = (await this.store.list<IPPool>(POOLS, { namespace: this.namespace })).items;
      let release;
      try {
        release = releaseWhereabouts(
          cfg,
          pools,
          { podref: req.podref, ifname: req.ifname },
          {
            namespace: this.namespace,
          },
        );
      } catch {
        return;
      }
      try {
        for (const pool of release.pools) await this.store.update(pool, { fieldManager: MANAGER });
      } catch (err) {
        if (err instanceof ApiError && err.reason === 'Conflict') continue;
        if (err instanceof ApiError && err.reason === 'NotFound') return;
        throw err;
      }
      for (const name of release.reservationNames) {
        await this.store
          .delete(RESERVATIONS, name, { namespace: this.namespace })
          .catch(() => undefined);
      }
      return;
    }
  }

  private allocatorFor(cfg: HostLocalIpam, req: IpamRequest): HostLocalAllocator | undefined {
    const ranges = JSON.stringify([
      cfg.subnet,
      cfg.rangeStart,
      cfg.rangeEnd,
      cfg.gateway,
      cfg.ranges,
    ]);
    const key = `${req.node}|${cfg.dataDir ?? '/var/lib/cni/networks'}|${req.network}|${ranges}`;
    let allocator = this.hostLocal.get(key);
    if (!allocator) {
      try {
        allocator = new HostLocalAllocator(cfg);
      } catch {
        return undefined;
      }
      this.hostLocal.set(key, allocator);
    }
    return allocator;
  }

  private hostLocalAdd(cfg: HostLocalIpam, req: IpamRequest): AllocatedAddress[] {
    const parsed = parseHostLocalRanges(cfg);
    if (parsed.blocking.length > 0)
      throw new CniError(parsed.blocking[0]?.message ?? 'invalid config');
    const allocator = this.allocatorFor(cfg, req);
    if (!allocator) throw new CniError('invalid host-local config');
    try {
      return allocator.allocate(req.containerId, req.ifname);
    } catch (err) {
      if (!(err instanceof IpamExhaustedError)) throw new CniError((err as Error).message);
      const index = parsed.rangeSets.findIndex(
        (set) => set.map((r) => r.subnet).join(',') === err.range,
      );
      const set = parsed.rangeSets[Math.max(index, 0)] ?? [];
      const first = set[0];
      const last = set[set.length - 1];
      const span =
        first && last
          ? `${formatValue(first.family, first.rangeStart)}-${formatValue(last.family, last.rangeEnd)}`
          : err.range;
      throw new CniError(
        `failed to allocate for range ${Math.max(index, 0)}: no IP addresses available in range set: ${span}`,
      );
    }
  }
}

/** Whereabouts' own words for a full range, a refused config, or anything else. */
function whereaboutsError(cfg: WhereaboutsIpam, err: unknown): CniError {
  if (err instanceof IpamExhaustedError) {
    const range = parseWhereaboutsRanges(cfg).ranges.find((r) => r.cidr === err.range);
    const excludes = range?.excludes.map((e) => e.text).join(' ') ?? '';
    return new CniError(
      `error at storage engine: Could not allocate IP in range: ip: ${range?.firstUsable ?? ''} / - ${range?.lastUsable ?? ''} / range: ${err.range} / excludeRanges: [${excludes}]`,
    );
  }
  if (err instanceof IpamConfigError) {
    return new CniError(`failed to load IPAM config: ${err.issues[0]?.message ?? err.message}`);
  }
  if (err instanceof IpamError) return new CniError(err.message);
  throw err;
}

function staticAdd(cfg: StaticIpam, perPodIps: string[] | undefined): AllocatedAddress[] {
  const { addresses, issues } = staticAddresses(cfg, perPodIps);
  const error = issues.find((i) => i.severity === 'error');
  if (error) {
    const code = error.code;
    if (code === 'ipam/static-address-not-cidr' || code === 'ipam/static-address-invalid') {
      const [where, index] = error.path;
      const value =
        where === 'ips'
          ? perPodIps?.[Number(index)]
          : (cfg.addresses?.[Number(index)] as { address?: string } | undefined)?.address;
      throw new CniError(`invalid CIDR address: ${value ?? ''}`);
    }
    throw new CniError(error.message);
  }
  return addresses.map((a) => ({
    ip: a.ip,
    address: a.address,
    family: a.family,
    range: a.cidr,
    ...(a.gateway ? { gateway: a.gateway } : {}),
  }));
}
