import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * The agent's API credentials: the kubeconfig at `path` (and its `context`), or without a path
 * the in-cluster ServiceAccount. Throws an Error that says which flag to fix.
 */
export function loadAgentKubeConfig(path: string | undefined, context?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path) {
    if (!existsSync(path)) {
      throw new Error(`kubeconfig '${path}' does not exist; check --kubeconfig`);
    }
    kc.loadFromFile(path);
  } else {
    if (!process.env.KUBERNETES_SERVICE_HOST) {
      throw new Error(
        'not running in a cluster (KUBERNETES_SERVICE_HOST is unset): pass --kubeconfig PATH',
      );
    }
    kc.loadFromCluster();
  }
  if (context) {
    if (!kc.getContextObject(context)) {
      const known =
        kc
          .getContexts()
          .map((c) => c.name)
          .join(', ') || 'none';
      throw new Error(
        `context '${context}' is not in the kubeconfig (it has: ${known}); check --context`,
      );
    }
    kc.setCurrentContext(context);
  }
  return kc;
}
