import Link from 'next/link';
import { ToneIcon } from '@/components/common/StatusMark';
import type { Tone } from '@/components/common/ui';
import { pageHref } from '@/lib/views/paths';
import type { FabricVf } from '@/lib/views/types';
import { GUID_STATES } from './guid-states';

const FRAME: Record<Tone, string> = {
  ok: 'border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-900',
  error: 'border-2 border-red-600 bg-red-50 dark:border-red-500 dark:bg-red-950/50',
  warning: 'border-2 border-amber-500 bg-amber-50 dark:border-amber-400 dark:bg-amber-950/40',
  info: 'border-sky-400 bg-white dark:bg-slate-900',
  neutral: 'border-dashed border-slate-400 bg-slate-50 dark:border-slate-500 dark:bg-slate-900',
};

const MARK: Record<Tone, string> = {
  ok: 'text-emerald-700 dark:text-emerald-400',
  error: 'text-red-700 dark:text-red-400',
  warning: 'text-amber-800 dark:text-amber-300',
  info: 'text-sky-700 dark:text-sky-300',
  neutral: 'text-slate-500 dark:text-slate-400',
};

/** One VF: its index, GUID (state in colour, icon and words), driver, and the pod using it. */
export function VfTile({ vf }: { vf: FabricVf }) {
  const state = GUID_STATES[vf.guidState];
  const tone = state.tone;
  const used = vf.pod !== undefined;
  return (
    <li
      data-vf={vf.pciAddress}
      data-guid-state={vf.guidState}
      className={`relative rounded-md border p-2 text-xs ${FRAME[tone]} ${used ? 'ring-2 ring-blue-500/60 ring-inset dark:ring-blue-400/60' : ''}`}
    >
      <div className="flex items-center justify-between gap-2">
        <span className="font-semibold">VF {vf.vfID}</span>
        <span className="font-mono text-slate-500 dark:text-slate-400">{vf.pciAddress}</span>
      </div>
      <div className={`mt-1 flex items-center gap-1 ${MARK[tone]}`} title={state.meaning}>
        <ToneIcon tone={state.tone} />
        {vf.guidState === 'ok' ? (
          <span className="font-mono text-slate-900 dark:text-slate-100">{vf.guid}</span>
        ) : (
          <span>
            <span className="font-semibold">{state.label}</span>
            {vf.guid && <span className="ml-1 font-mono break-all">{vf.guid}</span>}
          </span>
        )}
      </div>
      <div className="mt-1 flex flex-wrap gap-x-2 text-slate-600 dark:text-slate-400">
        {/* A VF attached to a pod has its netdev in the pod's namespace, where the node cannot see it. */}
        <span>{vf.name ?? (vf.driver && used ? 'netdev in the pod' : 'no netdev')}</span>
        <span>{vf.driver ?? 'no driver'}</span>
        {vf.mtu !== undefined && <span>MTU {vf.mtu}</span>}
      </div>
      <div className="mt-1 truncate">
        {vf.pod ? (
          <Link
            href={pageHref.pod(vf.pod.namespace, vf.pod.name)}
            className="font-medium text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300"
            aria-label={`VF ${vf.vfID} used by pod ${vf.pod.namespace}/${vf.pod.name}${vf.pod.interface ? ` as ${vf.pod.interface}` : ''}`}
          >
            {vf.pod.namespace}/{vf.pod.name}
            {vf.pod.interface && <span className="text-slate-500"> · {vf.pod.interface}</span>}
          </Link>
        ) : (
          <span className="text-slate-500 italic dark:text-slate-400">free</span>
        )}
      </div>
    </li>
  );
}
