import { chmod, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

/** A user entry of a kubeconfig: a name and its bearer token. */
export interface KubeconfigUser {
  name: string;
  token: string;
}

const CLUSTER = 'ibnet-sim';

/**
 * A kubeconfig for the cluster trusting its CA, with one context per user (`ibnet-<user>`,
 * user `ibnet-<user>`); the first user's context is current.
 */
export function kubeconfigText(url: string, caPem: string, users: KubeconfigUser[]): string {
  const [first] = users;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: CLUSTER,
        cluster: {
          server: url,
          'certificate-authority-data': Buffer.from(caPem).toString('base64'),
        },
      },
    ],
    users: users.map((u) => ({ name: `ibnet-${u.name}`, user: { token: u.token } })),
    contexts: users.map((u) => ({
      name: `ibnet-${u.name}`,
      context: { cluster: CLUSTER, user: `ibnet-${u.name}`, namespace: 'default' },
    })),
    'current-context': first ? `ibnet-${first.name}` : '',
  });
}

/** Writes a kubeconfig readable by its owner only (mode 0600). */
export async function writeKubeconfig(
  path: string,
  url: string,
  caPem: string,
  users: KubeconfigUser[],
): Promise<void> {
  await writeFile(path, kubeconfigText(url, caPem, users), { mode: 0o600 });
  // writeFile's mode applies only to new files; an older file keeps its mode otherwise.
  await chmod(path, 0o600);
}
