import { parseNetworkStatus, parseNetworksAnnotation } from '@/lib/annotations';
import { CodeBlock } from '@/components/common/ui';
import type { PodDetail } from '@/lib/views/types';

const NETWORKS = 'k8s.v1.cni.cncf.io/networks';
const STATUS = 'k8s.v1.cni.cncf.io/network-status';

function Problems({ problems }: { problems: { severity: string; message: string }[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1 text-sm" aria-label="Problems in the annotation">
      {problems.map((p, i) => (
        <li
          key={i}
          className={
            p.severity === 'error'
              ? 'text-red-800 dark:text-red-300'
              : 'text-amber-800 dark:text-amber-300'
          }
        >
          <span className="font-medium">{p.severity}: </span>
          {p.message}
        </li>
      ))}
    </ul>
  );
}

/** The request as parsed: one row per requested attachment. */
function RequestTable({ value, namespace }: { value: string; namespace: string }) {
  const parsed = parseNetworksAnnotation(value);
  return (
    <div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {parsed.form === 'json' ? 'JSON form' : parsed.form === 'short' ? 'Short form' : 'Empty'}:{' '}
        {parsed.requests.length} request(s).
      </p>
      {parsed.requests.length > 0 && (
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">Requested networks</caption>
          <thead className="text-xs text-slate-600 dark:text-slate-400">
            <tr>
              <th className="py-1 pr-3 font-semibold">Network</th>
              <th className="py-1 pr-3 font-semibold">Interface</th>
              <th className="py-1 pr-3 font-semibold">IPs</th>
              <th className="py-1 pr-3 font-semibold">GUID</th>
              <th className="py-1 font-semibold">MAC</th>
            </tr>
          </thead>
          <tbody className="font-mono text-xs">
            {parsed.requests.map((r, i) => (
              <tr key={i} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1 pr-3 break-all">{`${r.namespace || namespace}/${r.name}`}</td>
                <td className="py-1 pr-3">{r.interface ?? 'any'}</td>
                <td className="py-1 pr-3 break-all">{r.ips?.join(', ') ?? '—'}</td>
                <td className="py-1 pr-3 break-all">{r.infinibandGuid ?? '—'}</td>
                <td className="py-1 break-all">{r.mac ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Problems problems={parsed.problems} />
    </div>
  );
}

function prettyJson(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

/** The two network annotations of the pod, parsed and raw. Values are shown as text only. */
export function AnnotationsView({ pod }: { pod: PodDetail }) {
  const { networks, networkStatus } = pod.annotations;
  const status = networkStatus === undefined ? undefined : parseNetworkStatus(networkStatus);
  return (
    <div className="space-y-6">
      <section aria-labelledby="ann-networks">
        <h3 id="ann-networks" className="font-mono text-sm font-semibold break-all">
          {NETWORKS}
        </h3>
        {networks === undefined ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Not set: the pod asks for no secondary network.
          </p>
        ) : (
          <div className="mt-2 space-y-3">
            <RequestTable value={networks} namespace={pod.namespace} />
            <CodeBlock text={networks} label="networks annotation" />
          </div>
        )}
      </section>
      <section aria-labelledby="ann-status">
        <h3 id="ann-status" className="font-mono text-sm font-semibold break-all">
          {STATUS}
        </h3>
        {networkStatus === undefined ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Not set yet: Multus writes it once the pod sandbox has its networks.
          </p>
        ) : (
          <div className="mt-2 space-y-3">
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {status?.statuses.length ?? 0} attachment(s) reported, the default network included.
            </p>
            <Problems problems={status?.problems ?? []} />
            <CodeBlock text={prettyJson(networkStatus)} label="network-status annotation" />
          </div>
        )}
      </section>
    </div>
  );
}
