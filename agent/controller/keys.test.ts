import { describe, expect, it } from 'vitest';
import { networkFromOwnerRef, networkKey, parseNetworkKey } from './keys';

describe('network keys', () => {
  it('round-trips a queue key', () => {
    const ref = { kind: 'SriovNetwork' as const, namespace: 'ns', name: 'eth' };
    expect(parseNetworkKey(networkKey(ref))).toEqual(ref);
    expect(parseNetworkKey('Pod/ns/x')).toBeUndefined();
    expect(parseNetworkKey('SriovIBNetwork/ns')).toBeUndefined();
  });

  it('maps an owner-ref annotation back to its network, and nothing else', () => {
    expect(networkFromOwnerRef('SriovIBNetwork.sriovnetwork.openshift.io/op/ib1')).toEqual({
      kind: 'SriovIBNetwork',
      namespace: 'op',
      name: 'ib1',
    });
    expect(networkFromOwnerRef('OVSNetwork.sriovnetwork.openshift.io/op/x')).toBeUndefined();
    expect(networkFromOwnerRef('SriovIBNetwork.example.com/op/x')).toBeUndefined();
    expect(networkFromOwnerRef('')).toBeUndefined();
    expect(networkFromOwnerRef('SriovIBNetwork.sriovnetwork.openshift.io/op')).toBeUndefined();
  });
});
