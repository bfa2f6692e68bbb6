import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../lib/model';
import { RecentWrites } from './recent-writes';

const obj = (rv: string, note = ''): KubeObject & { note: string } => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', namespace: 'ns', resourceVersion: rv },
  note,
});

describe('RecentWrites', () => {
  it('prefers our write until the cache catches up', () => {
    const w = new RecentWrites<ReturnType<typeof obj>>();
    w.wrote('ns/x', obj('12', 'ours'));
    expect(w.resolve('ns/x', obj('10', 'stale'))?.note).toBe('ours');
    expect(w.resolve('ns/x', undefined)?.note).toBe('ours');
    expect(w.resolve('ns/x', obj('12', 'cache'))?.note).toBe('cache');
    expect(w.size).toBe(0);
  });

  it('takes a newer cached object over our write', () => {
    const w = new RecentWrites<ReturnType<typeof obj>>();
    w.wrote('ns/x', obj('12', 'ours'));
    expect(w.resolve('ns/x', obj('15', 'someone else'))?.note).toBe('someone else');
  });

  it('hides an object we deleted until the cache drops it, but shows a re-created one', () => {
    const w = new RecentWrites<ReturnType<typeof obj>>();
    w.deleted('ns/x', obj('12'));
    expect(w.resolve('ns/x', obj('12'))).toBeUndefined();
    expect(w.resolve('ns/x', obj('20', 'new'))?.note).toBe('new');
  });

  it('forgets a write once a newer deletion is seen', () => {
    const w = new RecentWrites<ReturnType<typeof obj>>();
    w.wrote('ns/x', obj('12', 'ours'));
    w.observeDeleted('ns/x', obj('13'));
    expect(w.resolve('ns/x', undefined)).toBeUndefined();
  });

  it('ignores resourceVersions that are not integers', () => {
    const w = new RecentWrites<ReturnType<typeof obj>>();
    w.wrote('ns/x', obj('abc', 'ours'));
    expect(w.resolve('ns/x', obj('zzz', 'cache'))?.note).toBe('cache');
  });

  it('forgets writes after maxAge', async () => {
    const w = new RecentWrites<ReturnType<typeof obj>>(5);
    w.wrote('ns/x', obj('12', 'ours'));
    await new Promise((r) => setTimeout(r, 10));
    expect(w.resolve('ns/x', obj('10', 'cache'))?.note).toBe('cache');
  });
});
