import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PodDetail } from '@/lib/views/types';
import { Diagnoses } from '../Diagnoses';
import { InterfaceFacts } from '../InterfaceFacts';
import { AnnotationsView } from './AnnotationsView';
import { PodNetInfoView } from './PodNetInfoView';

const SCRIPT = '<script>window.__owned=1</script>';
const IMG = '<img src=x onerror="window.__owned=2">';

const pod: PodDetail = {
  namespace: 'ib-team',
  name: 'hostile',
  phase: 'Running',
  networks: [`ib-team/${IMG}`],
  requested: 1,
  attached: 1,
  state: 'problem',
  testPod: false,
  interfaces: [
    {
      requested: { network: `ib-team/${IMG}`, namespace: 'ib-team', name: IMG, interface: SCRIPT },
      attached: { network: SCRIPT, interface: SCRIPT, ips: [IMG], mtu: 'unknown', mac: SCRIPT },
      status: 'problem',
      diagnoses: [
        { code: 'attach-failed', severity: 'error', title: SCRIPT, detail: IMG, action: SCRIPT },
      ],
    },
  ],
  requestProblems: [],
  annotations: {
    networks: `[{"name":"${IMG.replaceAll('"', '\\"')}","interface":"${SCRIPT}"}]`,
    networkStatus: `[{"name":"${SCRIPT}","interface":"net1","ips":["${IMG.replaceAll('"', '\\"')}"]}]`,
  },
  events: [],
};

/** No element or attribute from the annotation may reach the markup; only escaped text. */
function expectInert(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  // No tag of the markup carries an event handler attribute.
  expect(html).not.toMatch(/<[a-z][^>]*\son\w+=/i);
  expect(html).toContain('&lt;');
}

describe('hostile annotation values are shown as text', () => {
  it('in the parsed and raw annotations', () => {
    const html = renderToStaticMarkup(<AnnotationsView pod={pod} />);
    expectInert(html);
    expect(html).toContain('&lt;script&gt;window.__owned=1&lt;/script&gt;');
  });

  it('in the /etc/podnetinfo/annotations rendering', () => {
    expectInert(renderToStaticMarkup(<PodNetInfoView pod={pod} />));
  });

  it('in the interface facts and the diagnoses', () => {
    const view = pod.interfaces[0];
    if (!view) throw new Error('fixture has an interface');
    expectInert(renderToStaticMarkup(<InterfaceFacts view={view} node="worker-0" />));
    expectInert(renderToStaticMarkup(<Diagnoses diagnoses={view.diagnoses} />));
  });
});
