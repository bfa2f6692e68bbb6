import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from './cli';

describe('ibnet agent controller (usage)', () => {
  afterEach(() => vi.restoreAllMocks());

  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
    vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
    return { out, err };
  }

  it('prints its options with --help', async () => {
    const { out } = capture();
    expect(await run(['--help'])).toBe(0);
    expect(out.join('\n')).toContain('--take-over');
  });

  it('exits 2 with a readable message on bad usage', async () => {
    const { err } = capture();
    expect(await run(['--metrics-port', 'eighty'])).toBe(2);
    expect(err.join('\n')).toContain(
      "--metrics-port must be a whole number from 0 to 65535, not 'eighty'",
    );
    expect(await run(['--leader-elect', '--no-leader-elect'])).toBe(2);
    expect(await run(['--frobnicate'])).toBe(2);
    expect(await run(['--log-level', 'loud'])).toBe(2);
  });

  it('exits 1 saying what to fix when the kubeconfig is missing', async () => {
    const { err } = capture();
    expect(await run(['--kubeconfig', '/nonexistent/kubeconfig', '--metrics-port', '0'])).toBe(1);
    expect(err.join('\n')).toContain("kubeconfig '/nonexistent/kubeconfig' does not exist");
  });
});
