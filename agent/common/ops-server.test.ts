import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { createAgentMetrics } from './metrics';
import { startOpsServer } from './ops-server';

describe('ops server', () => {
  it('serves metrics, liveness and readiness with per-check detail', async () => {
    const metrics = createAgentMetrics();
    metrics.reconcileTotal.inc({ kind: 'SriovIBNetwork', result: 'ready' });
    metrics.leader.set(1);
    let synced = false;
    const server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: metrics.registry,
      liveness: [{ name: 'ping', check: () => ({ ok: true }) }],
      readiness: [
        {
          name: 'informers',
          check: () => (synced ? { ok: true } : { ok: false, detail: 'not synced: NAD' }),
        },
      ],
    });
    try {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(text).toContain('ibnet_reconcile_total{kind="SriovIBNetwork",result="ready"} 1');
      expect(text).toContain('ibnet_leader 1');

      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const notReady = await fetch(`${server.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.text()).toContain('[-]informers failed: not synced: NAD');
      synced = true;
      const ready = await fetch(`${server.url}/readyz?verbose`);
      expect(ready.status).toBe(200);
      expect(await ready.text()).toContain('[+]informers ok');
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('logger', () => {
  it('writes JSON lines with level, component, fields and message, and redacts tokens', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().trim().split('\n'));
        done();
      },
    });
    const log = createLogger({ component: 'network-controller', destination: sink });
    log.info(
      {
        network: 'SriovIBNetwork/a/b',
        token: 'secret-token',
        headers: { authorization: 'Bearer x' },
      },
      'created NetworkAttachmentDefinition',
    );
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'info',
      component: 'network-controller',
      network: 'SriovIBNetwork/a/b',
      token: '[redacted]',
      headers: { authorization: '[redacted]' },
      msg: 'created NetworkAttachmentDefinition',
    });
    expect(lines[0]).not.toContain('secret-token');
    expect(Object.keys(line).at(-1)).toBe('msg');
  });
});
