import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestConsole,
  ORIGIN,
  callRoute,
  startTestConsole,
} from '@/app/_server/testing/harness';
import { SIGN_IN_AGAIN } from '@/app/_server/problems';
import { SESSION_COOKIE } from '@/app/_server/session';
import * as session from '@/app/api/session/route';
import { TEST_POD_IMAGE } from '@/app/_server/test-pods';
import { testPodManifest } from '@/lib/views/test-pod';
import * as networks from '@/app/api/networks/route';
import * as network from '@/app/api/networks/[plural]/[namespace]/[name]/route';
import * as pod from '@/app/api/pods/[namespace]/[name]/route';
import * as testPods from '@/app/api/pods/test/route';
import * as nad from '@/app/api/nads/[namespace]/[name]/route';
import type { ApiErrorBody, NetworkDetail, PodDetail } from '@/lib/views/types';
import { ibNetwork, seedNetwork, seedPod, seedSecret } from './fixtures';

const MARKER = 'do-not-leak-7f3a9c';
let t: TestConsole;

beforeAll(async () => {
  t = await startTestConsole();
  await seedNetwork(t.cluster, ibNetwork('ib-team', 'shared'));
  await seedNetwork(t.cluster, ibNetwork('ib-team', 'edited'));
  await seedPod(t.cluster, 'ib-team', 'trainer-0', { 'k8s.v1.cni.cncf.io/networks': 'shared' });
  await seedPod(t.cluster, 'ib-team', 'trainer-1', {
    'k8s.v1.cni.cncf.io/networks': 'ib-team/shared@ib1',
  });
  await seedSecret(t.cluster, 'ib-team', 'db', MARKER);
});

afterAll(async () => {
  await t?.stop();
});

type Handler = Parameters<typeof callRoute>[0];

/** Every exported method of every route module under app/api. */
async function allRoutes(): Promise<{ path: string; method: string; handler: Handler }[]> {
  const root = join(import.meta.dirname, '..');
  const found: { path: string; method: string; handler: Handler }[] = [];
  async function walk(dir: string) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name === 'route.ts') {
        const mod = (await import(/* @vite-ignore */ full)) as Record<string, unknown>;
        for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
          if (typeof mod[method] === 'function') {
            found.push({
              path: `/api/${relative(root, dir)}`,
              method,
              handler: mod[method] as Handler,
            });
          }
        }
      }
    }
  }
  await walk(root);
  return found;
}

describe('the console is no open door', () => {
  it('never returns a Secret through any route, whatever the parameters', async () => {
    const admin = await t.signIn('admin');
    const routes = await allRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const params = { plural: 'secrets', namespace: 'ib-team', name: 'db', kind: 'Secret' };
    for (const r of routes) {
      if (r.path.endsWith('/stream')) continue;
      const path = `${r.path.replace(/\[(\w+)\]/g, (_, k: string) => params[k as keyof typeof params] ?? k)}?namespace=ib-team&kind=Secret&name=db`;
      const res = await admin.call(r.handler, path, {
        method: r.method,
        params,
        body:
          r.method === 'GET'
            ? undefined
            : {
                object: {
                  apiVersion: 'v1',
                  kind: 'Secret',
                  metadata: { name: 'db', namespace: 'ib-team' },
                },
              },
      });
      const text = await res.text();
      expect(text, `${r.method} ${path}`).not.toContain(MARKER);
      expect(text, `${r.method} ${path}`).not.toContain(Buffer.from(MARKER).toString('base64'));
    }
    const secret = await t.cluster.store.get({ apiVersion: 'v1', kind: 'Secret' }, 'db', 'ib-team');
    expect(secret.metadata.name).toBe('db');
  });

  it('refuses a cross-site POST even with a valid session cookie', async () => {
    const admin = await t.signIn('admin');
    const body = { object: ibNetwork('ib-team', 'csrf-attempt') };
    const crossSite = await admin.call(networks.POST, '/api/networks', {
      method: 'POST',
      body,
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as ApiErrorBody).error.code).toBe('csrf');

    const noToken = await callRoute(networks.POST, '/api/networks', {
      method: 'POST',
      body,
      headers: { cookie: `${SESSION_COOKIE}=${admin.cookie}` },
    });
    expect(noToken.status).toBe(403);

    const signIn = await callRoute(session.POST, '/api/session', {
      method: 'POST',
      body: { method: 'demo', user: 'admin' },
      headers: { origin: 'https://evil.example' },
    });
    expect(signIn.status).toBe(403);
    const exists = await admin.call(
      network.GET,
      '/api/networks/sriovibnetworks/ib-team/csrf-attempt',
      {
        params: { plural: 'sriovibnetworks', namespace: 'ib-team', name: 'csrf-attempt' },
      },
    );
    expect(exists.status).toBe(404);
  });

  it('puts security headers on every answer, errors included', async () => {
    const res = await callRoute(networks.GET, '/api/networks');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).toContain("worker-src 'self' blob:");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('refuses a wrong token, a forged cookie and an expired session alike: "sign in again"', async () => {
    const wrong = await callRoute(session.POST, '/api/session', {
      method: 'POST',
      body: { method: 'token', token: 'not-a-real-token' },
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as ApiErrorBody).error.message).toBe(SIGN_IN_AGAIN);

    const forged = await callRoute(networks.GET, '/api/networks', {
      headers: { cookie: `${SESSION_COOKIE}=forged.value.x.y.z` },
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as ApiErrorBody).error.message).toBe(SIGN_IN_AGAIN);
    expect(forged.headers.get('set-cookie')).toContain('Max-Age=0');

    const codec = t.console.codec;
    const expired = await codec.seal(
      codec.create(
        {
          method: 'token',
          user: { username: 'admin', groups: [] },
          identity: { token: t.cluster.tokens.admin },
        },
        Date.now() - 24 * 3600_000,
      ),
    );
    const late = await callRoute(networks.GET, '/api/networks', {
      headers: { cookie: `${SESSION_COOKIE}=${expired}` },
    });
    expect(late.status).toBe(401);
    expect(((await late.json()) as ApiErrorBody).error.message).toBe(SIGN_IN_AGAIN);

    // A session whose token the cluster no longer accepts (revoked after sign-in).
    const revoked = await codec.seal(
      codec.create({
        method: 'token',
        user: { username: 'x', groups: [] },
        identity: { token: 'revoked-token' },
      }),
    );
    const denied = await callRoute(networks.GET, '/api/networks', {
      headers: { cookie: `${SESSION_COOKIE}=${revoked}` },
    });
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as ApiErrorBody).error.message).toBe(SIGN_IN_AGAIN);
  });

  it('returns a stale write as a conflict carrying the current object', async () => {
    const admin = await t.signIn('admin');
    const params = { plural: 'sriovibnetworks', namespace: 'ib-team', name: 'edited' };
    const path = '/api/networks/sriovibnetworks/ib-team/edited';
    const seen = (await admin.json<NetworkDetail>(network.GET, path, { params })).body.object;

    // Someone else changes it after the user opened it.
    const live = await t.cluster.store.get(
      { apiVersion: seen.apiVersion, kind: seen.kind },
      'edited',
      'ib-team',
    );
    await t.cluster.store.update(
      { ...live, spec: { ...(live.spec as object), linkState: 'disable' } } as never,
      { fieldManager: 'someone-else' },
    );

    const res = await admin.json<ApiErrorBody>(network.PUT, path, {
      method: 'PUT',
      params,
      body: { object: { ...seen, spec: { ...seen.spec, linkState: 'enable' } } },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    const current = res.body.error.current as typeof seen;
    expect(current.spec.linkState).toBe('disable');
    expect(current.metadata.resourceVersion).not.toBe(seen.metadata.resourceVersion);

    const rebased = await admin.json<NetworkDetail>(network.PUT, path, {
      method: 'PUT',
      params,
      body: { object: { ...current, spec: { ...current.spec, linkState: 'enable' } } },
    });
    expect(rebased.status).toBe(200);
  });

  it('refuses to delete a network pods use, naming them, and deletes it when they are confirmed', async () => {
    const admin = await t.signIn('admin');
    const params = { plural: 'sriovibnetworks', namespace: 'ib-team', name: 'shared' };
    const path = '/api/networks/sriovibnetworks/ib-team/shared';
    const refused = await admin.json<ApiErrorBody>(network.DELETE, path, {
      method: 'DELETE',
      params,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('in-use');
    expect(refused.body.error.pods?.map((p) => `${p.namespace}/${p.name}`).sort()).toEqual([
      'ib-team/trainer-0',
      'ib-team/trainer-1',
    ]);

    const partial = await admin.json<ApiErrorBody>(network.DELETE, path, {
      method: 'DELETE',
      params,
      body: { confirmPods: ['ib-team/trainer-0'] },
    });
    expect(partial.status).toBe(409);

    const done = await admin.call(network.DELETE, path, {
      method: 'DELETE',
      params,
      body: { confirmPods: ['ib-team/trainer-0', 'ib-team/trainer-1'] },
    });
    expect(done.status).toBe(204);
    const gone = await admin.call(network.GET, path, { params });
    expect(gone.status).toBe(404);
  });

  it('deletes only orphaned NADs and only test pods', async () => {
    const admin = await t.signIn('admin');
    const keep = await admin.json<ApiErrorBody>(nad.DELETE, '/api/nads/ib-team/edited', {
      method: 'DELETE',
      params: { namespace: 'ib-team', name: 'edited' },
    });
    expect(keep.status).toBe(409);
    expect(keep.body.error.message).toContain('still exists');
    // The network "shared" was deleted above; its NAD is now an orphan.
    const orphan = await admin.call(nad.DELETE, '/api/nads/ib-team/shared', {
      method: 'DELETE',
      params: { namespace: 'ib-team', name: 'shared' },
    });
    expect(orphan.status).toBe(204);

    const notTest = await admin.json<ApiErrorBody>(pod.DELETE, '/api/pods/ib-team/trainer-0', {
      method: 'DELETE',
      params: { namespace: 'ib-team', name: 'trainer-0' },
    });
    expect(notTest.status).toBe(403);
    expect(notTest.body.error.code).toBe('not-allowed');

    const created = await admin.json<PodDetail>(testPods.POST, '/api/pods/test', {
      method: 'POST',
      body: {
        namespace: 'ib-team',
        name: 'probe-1',
        networks: 'edited',
        resources: { 'openshift.io/ib_vfs': 1 },
      },
    });
    expect(created.status).toBe(200);
    expect(created.body.testPod).toBe(true);
    // What the wizard shows before creating is what the cluster got, image included.
    const stored = await t.cluster.store.get<Record<string, unknown>>('pods', 'probe-1', 'ib-team');
    const shown = testPodManifest({
      name: 'probe-1',
      namespace: 'ib-team',
      networks: 'edited',
      resources: { 'openshift.io/ib_vfs': '1' },
      image: TEST_POD_IMAGE,
    });
    expect(stored).toMatchObject(shown);
    const bad = await admin.json<ApiErrorBody>(testPods.POST, '/api/pods/test', {
      method: 'POST',
      body: { namespace: 'ib-team', networks: 'edited', resources: { cpu: 64 } },
    });
    expect(bad.status).toBe(400);
    const escalate = await admin.json<ApiErrorBody>(testPods.POST, '/api/pods/test', {
      method: 'POST',
      body: { namespace: 'ib-team', networks: 'edited', spec: { hostNetwork: true } },
    });
    expect(escalate.status).toBe(400);
    const removed = await admin.call(pod.DELETE, '/api/pods/ib-team/probe-1', {
      method: 'DELETE',
      params: { namespace: 'ib-team', name: 'probe-1' },
    });
    expect(removed.status).toBe(204);
  });

  it('refuses oversized bodies before reading them', async () => {
    const admin = await t.signIn('admin');
    const res = await admin.json<ApiErrorBody>(networks.POST, '/api/networks', {
      method: 'POST',
      body: { yaml: 'x'.repeat(300 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too-large');
    expect(ORIGIN).toContain('127.0.0.1');
  });
});
