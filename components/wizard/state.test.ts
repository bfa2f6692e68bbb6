import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATE,
  compactIpam,
  decodeWizardState,
  encodeWizardState,
  type WizardState,
} from './state';

const dualStack = JSON.stringify(
  {
    type: 'whereabouts',
    ipRanges: [{ range: '10.56.0.0/24' }, { range: 'fd00:56::/64' }],
    network_name: 'team-a',
  },
  null,
  2,
);

const chosen: WizardState = {
  step: 4,
  policy: {
    name: 'ib-rack1',
    node: 'worker-1',
    pf: 'ibp59s0',
    numVfs: 8,
    resourceName: 'ib_rack1',
    made: true,
  },
  network: {
    name: 'ib-storage',
    namespace: 'ib-team',
    home: 'pods',
    resourceName: 'ib_rack1',
    ipam: dualStack,
    linkState: 'enable',
    guid: true,
    ips: false,
    made: false,
  },
  pod: {
    form: 'json',
    interface: 'ib1',
    guid: '02:00:00:00:00:00:00:07',
    ips: '',
    node: 'worker-1',
    name: 'ibnet-test-abcde',
    made: false,
  },
};

/** What a browser does with the query string: to text and back. */
const throughUrl = (state: WizardState) =>
  decodeWizardState(new URLSearchParams(encodeWizardState(state).toString()));

describe('wizard state in the URL', () => {
  it('resumes at the saved step with every choice kept (IPAM compacted to one line)', () => {
    const back = throughUrl(chosen);
    expect(back).toEqual({
      ...chosen,
      network: { ...chosen.network, ipam: compactIpam(dualStack) },
    });
    expect(JSON.parse(back.network.ipam ?? '')).toEqual(JSON.parse(dualStack));
  });

  it('keeps the URL of a fresh wizard empty and opens a bare URL at step 1', () => {
    expect(encodeWizardState(DEFAULT_STATE).toString()).toBe('');
    expect(decodeWizardState(new URLSearchParams())).toEqual(DEFAULT_STATE);
  });

  it('tells "no IPAM" apart from "the default IPAM"', () => {
    const none = { ...DEFAULT_STATE, network: { ...DEFAULT_STATE.network, ipam: null } };
    expect(encodeWizardState(none).get('ipam')).toBe('none');
    expect(throughUrl(none).network.ipam).toBeNull();
    expect(decodeWizardState(new URLSearchParams()).network.ipam).toBe(DEFAULT_STATE.network.ipam);
  });

  it('keeps IPAM text that is not valid JSON exactly as typed', () => {
    const broken = '{"type": "whereabouts", "range": "10.0.0.0/24",}';
    const state = { ...DEFAULT_STATE, network: { ...DEFAULT_STATE.network, ipam: broken } };
    expect(throughUrl(state).network.ipam).toBe(broken);
  });

  it('opens hand-edited or damaged URLs with defaults for what it cannot read', () => {
    const state = decodeWizardState(
      new URLSearchParams('step=99&linkState=up&home=elsewhere&policyVfs=-3&guid=yes&form=xml'),
    );
    expect(state.step).toBe(7);
    expect(state.network.linkState).toBe('auto');
    expect(state.network.home).toBe('operator');
    expect(state.policy.numVfs).toBeUndefined();
    expect(state.network.guid).toBe(false);
    expect(state.pod.form).toBe('short');
    expect(decodeWizardState(new URLSearchParams('step=0')).step).toBe(1);
    expect(decodeWizardState(new URLSearchParams('step=two')).step).toBe(1);
  });

  it('survives values with characters that mean something in a URL', () => {
    const odd = {
      ...DEFAULT_STATE,
      network: { ...DEFAULT_STATE.network, name: 'a&b=c#d', namespace: 'x?y' },
    };
    expect(throughUrl(odd).network.name).toBe('a&b=c#d');
    expect(throughUrl(odd).network.namespace).toBe('x?y');
  });
});
