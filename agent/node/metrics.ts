import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * The node configurator's own figures, beside the common reconcile and queue metrics:
 *
 * - `ibnet_node_sysfs_writes_total{file}`: writes into sysfs, by file name (`sriov_numvfs`,
 *   `unbind`, `drivers_probe`). A node that already matches costs none.
 * - `ibnet_node_ip_calls_total{result}`: `ip` invocations, `ok` or `error`.
 * - `ibnet_node_policy_problems`: problems refusing policies on this node at the last sync.
 * - `ibnet_node_guid_duplicates`: VFs of this node whose GUID another VF also reports.
 * - `ibnet_node_vfs{pf}`: VFs each PF has after the last sync.
 */
export interface NodeMetrics {
  sysfsWrites: Counter<'file'>;
  ipCalls: Counter<'result'>;
  policyProblems: Gauge;
  guidDuplicates: Gauge;
  vfs: Gauge<'pf'>;
}

export function createNodeMetrics(registry: Registry): NodeMetrics {
  const registers = [registry];
  return {
    sysfsWrites: new Counter({
      name: 'ibnet_node_sysfs_writes_total',
      help: 'Writes into sysfs by the node configurator, by file name.',
      labelNames: ['file'],
      registers,
    }),
    ipCalls: new Counter({
      name: 'ibnet_node_ip_calls_total',
      help: 'ip command invocations by the node configurator, by result.',
      labelNames: ['result'],
      registers,
    }),
    policyProblems: new Gauge({
      name: 'ibnet_node_policy_problems',
      help: 'Problems that kept policies from being applied on this node at the last sync.',
      registers,
    }),
    guidDuplicates: new Gauge({
      name: 'ibnet_node_guid_duplicates',
      help: 'VFs of this node whose GUID is also reported by another VF in the cluster.',
      registers,
    }),
    vfs: new Gauge({
      name: 'ibnet_node_vfs',
      help: 'VFs of each PF after the last sync.',
      labelNames: ['pf'],
      registers,
    }),
  };
}
