import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '@/sim';
import { ConsoleServer, setConsole } from '@/app/_server/console';
import { loadConfig } from '@/app/_server/config';
import { callRoute } from '@/app/_server/testing/harness';
import { SESSION_COOKIE } from '@/app/_server/session';
import * as session from '@/app/api/session/route';
import * as options from '@/app/api/session/options/route';
import * as networks from '@/app/api/networks/route';
import type {
  ApiErrorBody,
  ListResponse,
  NetworkRow,
  SessionView,
  SignInOptions,
} from '@/lib/views/types';
import { ibNetwork, seedNetwork } from './fixtures';

let cluster: Cluster;
let scratch: string;

beforeAll(async () => {
  cluster = await startCluster({ fabric: false });
  scratch = await mkdtemp(join(tmpdir(), 'ibnet-modes-'));
  await seedNetwork(cluster, ibNetwork('ib-team', 'team-net'));
  await seedNetwork(cluster, ibNetwork('default', 'other-net'));
});

afterAll(async () => {
  await setConsole(undefined);
  await cluster?.stop();
  await rm(scratch, { recursive: true, force: true });
});

const cookieOf = (res: Response) =>
  /ibnet_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';

describe('kubeconfig mode (a workstation)', () => {
  it('offers every context, acts with the chosen one, and serves loopback only', async () => {
    await setConsole(
      new ConsoleServer(
        loadConfig({
          IBNET_MODE: 'kubeconfig',
          IBNET_KUBECONFIG: cluster.kubeconfigPath,
          IBNET_NAMESPACES: 'ib-team',
        }),
      ),
    );
    const offered = (await (
      await callRoute(options.GET, '/api/session/options')
    ).json()) as SignInOptions;
    expect(offered.methods).toEqual(['context']);
    expect(offered.contexts.map((c) => c.name).sort()).toEqual([
      'ibnet-admin',
      'ibnet-editor',
      'ibnet-viewer',
    ]);

    const signedIn = await callRoute(session.POST, '/api/session', {
      method: 'POST',
      body: { method: 'context', context: 'ibnet-editor' },
    });
    expect(signedIn.status).toBe(200);
    const view = (await signedIn.json()) as SessionView;
    expect(view).toMatchObject({
      mode: 'kubeconfig',
      context: 'ibnet-editor',
      user: { username: 'editor' },
    });
    const cookie = `${SESSION_COOKIE}=${cookieOf(signedIn)}`;

    const list = await callRoute(networks.GET, '/api/networks', { headers: { cookie } });
    expect(((await list.json()) as ListResponse<NetworkRow>).items.map((r) => r.name)).toEqual([
      'team-net',
    ]);

    const remote = await callRoute(networks.GET, '/api/networks', {
      headers: { cookie, host: 'console.example.com' },
    });
    expect(remote.status).toBe(403);
    expect(((await remote.json()) as ApiErrorBody).error.message).toContain('127.0.0.1');
  });
});

describe('in-cluster mode behind an auth proxy (IBNET_AUTH=impersonate)', () => {
  it('impersonates the user the proxy names, and never another with the same cookie', async () => {
    // The console's service account, mounted where loadFromCluster looks; the admin may impersonate.
    const sa = join(scratch, 'var/run/secrets/kubernetes.io/serviceaccount');
    await mkdir(sa, { recursive: true });
    await writeFile(join(sa, 'ca.crt'), cluster.caPem);
    await writeFile(join(sa, 'token'), cluster.tokens.admin);
    await writeFile(join(sa, 'namespace'), 'openshift-sriov-network-operator');
    const url = new URL(cluster.url);
    process.env.KUBERNETES_SERVICE_HOST = url.hostname;
    process.env.KUBERNETES_SERVICE_PORT = url.port;
    await setConsole(
      new ConsoleServer(
        loadConfig({
          IBNET_MODE: 'in-cluster',
          IBNET_AUTH: 'impersonate',
          IBNET_SESSION_SECRET: 'x'.repeat(48),
          IBNET_SERVICEACCOUNT_ROOT: scratch,
          IBNET_NAMESPACES: 'ib-team',
        }),
      ),
    );

    const asEditor = { 'x-forwarded-user': 'editor' };
    const signedIn = await callRoute(session.POST, '/api/session', {
      method: 'POST',
      body: { method: 'proxy' },
      headers: asEditor,
    });
    expect(signedIn.status).toBe(200);
    const cookie = `${SESSION_COOKIE}=${cookieOf(signedIn)}`;

    const list = await callRoute(networks.GET, '/api/networks', {
      headers: { cookie, ...asEditor },
    });
    expect(((await list.json()) as ListResponse<NetworkRow>).items.map((r) => r.name)).toEqual([
      'team-net',
    ]);

    const switched = await callRoute(networks.GET, '/api/networks', {
      headers: { cookie, 'x-forwarded-user': 'admin' },
    });
    expect(switched.status).toBe(401);
    const without = await callRoute(networks.GET, '/api/networks', { headers: { cookie } });
    expect(without.status).toBe(401);
  });

  it('refuses to start without a session secret', () => {
    expect(() => loadConfig({ IBNET_MODE: 'in-cluster' })).toThrow(/IBNET_SESSION_SECRET/);
    expect(() => loadConfig({ IBNET_MODE: 'kubeconfig', IBNET_AUTH: 'impersonate' })).toThrow(
      /only for IBNET_MODE=in-cluster/,
    );
  });
});
