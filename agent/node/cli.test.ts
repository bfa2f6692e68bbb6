import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from './cli';

describe('ibnet agent node (usage)', () => {
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
    const help = out.join('\n');
    for (const flag of ['--kubeconfig', '--node', '--sysfs-root', '--ip-command', '--guid-pool']) {
      expect(help).toContain(flag);
    }
  });

  it('exits 2 with a readable message on bad usage', async () => {
    const { err } = capture();
    vi.stubEnv('NODE_NAME', '');
    expect(await run([])).toBe(2);
    expect(err.join('\n')).toContain('which node? pass --node NAME or set NODE_NAME');
    expect(await run(['--node', 'w', '--metrics-port', 'eighty'])).toBe(2);
    expect(err.join('\n')).toContain(
      "--metrics-port must be a whole number from 0 to 65535, not 'eighty'",
    );
    expect(await run(['--node', 'w', '--sysfs-root', '/nonexistent/sys'])).toBe(2);
    expect(err.join('\n')).toContain("--sysfs-root '/nonexistent/sys' is not a directory");
    expect(await run(['--node', 'w', '--guid-pool', '/nonexistent/guids'])).toBe(2);
    expect(err.join('\n')).toContain("--guid-pool '/nonexistent/guids' does not exist");
    expect(await run(['--node', 'w', '--frobnicate'])).toBe(2);
    expect(await run(['--node', 'w', 'extra'])).toBe(2);
    vi.unstubAllEnvs();
  });

  it('exits 1 saying what to fix when the kubeconfig is missing', async () => {
    const { err } = capture();
    expect(
      await run(['--node', 'w', '--kubeconfig', '/nonexistent/kubeconfig', '--metrics-port', '0']),
    ).toBe(1);
    expect(err.join('\n')).toContain("kubeconfig '/nonexistent/kubeconfig' does not exist");
  });
});
