import { loadDemo } from '../sim/demo';
import { startCluster } from '../sim';
import { since, type Bench } from './harness';

const PODS = 60;
const NAD = {
  apiVersion: 'k8s.cni.cncf.io/v1',
  kind: 'NetworkAttachmentDefinition',
  metadata: {
    name: 'bench',
    namespace: 'ib-team',
    annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'openshift.io/mlnx_ib' },
  },
  spec: {
    config: JSON.stringify({
      cniVersion: '1.0.0',
      name: 'bench',
      type: 'ib-sriov',
      ipam: { type: 'whereabouts', ipRanges: [{ range: '10.99.0.0/16' }, { range: 'fd99::/64' }] },
    }),
  },
};

function benchPod(i: number) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `bench-${i}`,
      namespace: 'ib-team',
      annotations: { 'k8s.v1.cni.cncf.io/networks': 'bench' },
    },
    spec: { containers: [{ name: 'main', image: 'example/app:1' }] },
  };
}

const bench: Bench = {
  title: 'Simulated fabric: demo content, and dual-stack ib-sriov pods attached per second',
  async run(ctx) {
    let start = performance.now();
    const cluster = await startCluster({ fabric: { nodes: 3 } });
    ctx.figure('cluster with 3 simulated nodes started', since(start), 'ms');
    try {
      start = performance.now();
      const summary = await loadDemo(cluster);
      ctx.figure('demo content loaded', since(start), 'ms', `${summary.pods.length} pods`);

      // Only as many pods as there are VFs the demo left free: the rest would not schedule.
      await cluster.store.create(NAD);
      const fabric = cluster.fabric;
      const free = (fabric?.nodes ?? []).flatMap((n) =>
        n.kernel.hw.pfs.flatMap((pf) =>
          pf.vfs.filter((vf) => !fabric?.holderOf(n.name, vf.pciAddress)),
        ),
      ).length;
      const count = Math.min(PODS, free);
      start = performance.now();
      for (let i = 0; i < count; i++) await cluster.store.create(benchPod(i));
      await fabric?.settle();
      const elapsed = since(start);
      ctx.figure('pods attached (scheduled, VF, whereabouts v4+v6, Running)', count, 'pods');
      ctx.figure('attach rate', (count / elapsed) * 1000, 'pods/s');

      start = performance.now();
      for (let i = 0; i < count; i++) {
        await cluster.store.delete('pods', `bench-${i}`, { namespace: 'ib-team' });
      }
      await fabric?.settle();
      ctx.figure('release rate', (count / since(start)) * 1000, 'pods/s', 'DEL: pools, VFs');
    } finally {
      await cluster.stop();
    }
  },
};

export default bench;
