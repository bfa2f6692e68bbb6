import { allocateWhereabouts, checkIpam, nextAddresses, rangeUsage } from '../lib/ipam';
import type { IPPool, WhereaboutsIpam } from '../lib/model';
import { quantile, since, type Bench } from './harness';

const ALLOCATED = 50_000;
const ROUNDS = 30;

/** A /16 pool with the first 50,000 addresses taken, as a busy cluster's pool would be. */
function busyPool(): IPPool {
  const allocations: IPPool['spec']['allocations'] = {};
  for (let offset = 1; offset <= ALLOCATED; offset++) {
    allocations[String(offset)] = {
      id: `c${offset}`,
      podref: `team/pod-${offset}`,
      ifname: 'net1',
    };
  }
  return {
    apiVersion: 'whereabouts.cni.cncf.io/v1alpha1',
    kind: 'IPPool',
    metadata: { name: '10.0.0.0-16', namespace: 'kube-system' },
    spec: { range: '10.0.0.0/16', allocations },
  };
}

/** Median milliseconds of `rounds` runs, after one warm-up run. */
function median(rounds: number, work: () => void): number {
  work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    work();
    samples.push(since(start));
  }
  return quantile(samples, 0.5);
}

const bench: Bench = {
  title: 'IPAM engine: whereabouts allocation in a /16 holding 50,000 allocations',
  async run(ctx) {
    const cfg: WhereaboutsIpam = { type: 'whereabouts', range: '10.0.0.0/16' };
    const pools = [busyPool()];
    ctx.log(`pool 10.0.0.0/16 with ${ALLOCATED} allocations; median of ${ROUNDS} runs`);

    ctx.figure(
      'nextAddresses, 1 address',
      median(ROUNDS, () => nextAddresses(cfg, { pools }, 1)),
      'ms',
      'walks past every taken address once',
    );
    ctx.figure(
      'nextAddresses, 100 addresses',
      median(ROUNDS, () => nextAddresses(cfg, { pools }, 100)),
      'ms',
    );
    ctx.figure(
      'allocateWhereabouts (new pod, updated pool copy)',
      median(ROUNDS, () => allocateWhereabouts(cfg, pools, 'team/new', 'cnew', 'net1')),
      'ms',
    );
    ctx.figure(
      'rangeUsage',
      median(ROUNDS, () => rangeUsage(cfg, pools)),
      'ms',
    );

    const dual = {
      type: 'whereabouts',
      ipRanges: [{ range: '192.168.10.0/24' }, { range: '2001:db8::/64' }],
      gateway: '192.168.10.1',
    };
    const start = performance.now();
    const runs = 10_000;
    for (let i = 0; i < runs; i++) checkIpam(dual);
    ctx.figure('checkIpam (dual-stack config)', (runs * 1000) / since(start), 'ops/s');
  },
};

export default bench;
