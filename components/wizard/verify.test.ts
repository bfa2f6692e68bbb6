import { describe, expect, it } from 'vitest';
import type { AttachedInterface, InterfaceView, PodDetail } from '@/lib/views/types';
import { DEFAULT_STATE } from './state';
import { expectedFamilies, verifyPod } from './verify';

const REF = 'ib-team/ib-storage';

function pod(interfaces: InterfaceView[], patch: Partial<PodDetail> = {}): PodDetail {
  return {
    namespace: 'ib-team',
    name: 'ibnet-test-abcde',
    phase: 'Running',
    networks: [REF],
    requested: 1,
    attached: interfaces.filter((i) => i.attached).length,
    state: 'ok',
    testPod: true,
    interfaces,
    requestProblems: [],
    annotations: {},
    events: [],
    ...patch,
  };
}

const requested = { network: REF, namespace: 'ib-team', name: 'ib-storage', interface: 'ib1' };

const attachedDualStack: InterfaceView = {
  requested,
  attached: {
    network: REF,
    interface: 'ib1',
    ips: ['192.168.10.1', '2001:db8::1'],
    mtu: 'unknown',
    pciAddress: '0000:3b:00.1',
    rdmaDevice: 'mlx5_2',
    pfPciAddress: '0000:3b:00.0',
  },
  status: 'attached',
  diagnoses: [{ code: 'attached', severity: 'ok', title: 'Attached', detail: '' }],
};

describe('expected addresses', () => {
  const network = DEFAULT_STATE.network;

  it('one per whereabouts range: dual stack gives an IPv4 and an IPv6', () => {
    expect(expectedFamilies(network, DEFAULT_STATE.pod)).toEqual(['IPv4', 'IPv6']);
  });

  it('none without IPAM; static gives its addresses, or the pod’s own with the ips capability', () => {
    expect(expectedFamilies({ ...network, ipam: null }, DEFAULT_STATE.pod)).toEqual([]);
    const fixed = {
      ...network,
      ipam: '{"type":"static","addresses":[{"address":"10.0.0.2/24"}]}',
    };
    expect(expectedFamilies(fixed, DEFAULT_STATE.pod)).toEqual(['IPv4']);
    const own = { ...DEFAULT_STATE.pod, form: 'json' as const, ips: 'fd00::5/64' };
    expect(expectedFamilies({ ...fixed, ips: true }, own)).toEqual(['IPv6']);
  });
});

describe('following the test pod', () => {
  it('verifies an attached dual-stack interface and reports MTU as unknown', () => {
    const v = verifyPod(pod([attachedDualStack]), REF, ['IPv4', 'IPv6']);
    expect(v.verified).toBe(true);
    expect(v.stalled).toBe(false);
    expect(v.checks.map((c) => [c.label, c.state, c.value])).toEqual([
      ['InfiniBand interface in network-status', 'ok', 'ib1'],
      ['IPv4 address', 'ok', '192.168.10.1'],
      ['IPv6 address', 'ok', '2001:db8::1'],
      ['MTU', 'ok', 'unknown (not reported)'],
      ['device-info', 'ok', 'PCI 0000:3b:00.1, RDMA mlx5_2, PF 0000:3b:00.0'],
    ]);
  });

  it('keeps waiting while the pod is pending, without calling it stalled', () => {
    const pending: InterfaceView = { requested, status: 'pending', diagnoses: [] };
    const v = verifyPod(pod([pending], { phase: 'Pending', state: 'pending' }), REF, ['IPv4']);
    expect(v.verified).toBe(false);
    expect(v.stalled).toBe(false);
    expect(v.checks.map((c) => c.state)).toEqual(['waiting', 'waiting']);
  });

  it('does not verify an interface that lacks the IPv6 address', () => {
    const v4only: InterfaceView = {
      ...attachedDualStack,
      attached: { ...(attachedDualStack.attached as AttachedInterface), ips: ['192.168.10.1'] },
    };
    const v = verifyPod(pod([v4only]), REF, ['IPv4', 'IPv6']);
    expect(v.verified).toBe(false);
    expect(v.checks.find((c) => c.label === 'IPv6 address')?.state).toBe('waiting');
  });

  it('calls it stalled and passes on the diagnosis with its fix', () => {
    const failed: InterfaceView = {
      requested,
      status: 'failed',
      diagnoses: [
        {
          code: 'no-free-vf',
          severity: 'error',
          title: 'No free VF',
          detail: 'Every VF of openshift.io/ib_vfs is in use.',
          action: 'Delete a pod that holds one, or raise numVfs in the policy.',
        },
      ],
    };
    const v = verifyPod(pod([failed], { phase: 'Pending', state: 'problem' }), REF, ['IPv4']);
    expect(v.stalled).toBe(true);
    expect(v.checks[0]?.state).toBe('failed');
    expect(v.diagnoses[0]?.action).toContain('raise numVfs');
  });

  it('checks addresses the pod asked for itself', () => {
    const v = verifyPod(pod([attachedDualStack]), REF, ['IPv4'], ['192.168.10.1/24']);
    expect(v.checks.find((c) => c.id === 'requested-192.168.10.1')?.state).toBe('ok');
  });
});
