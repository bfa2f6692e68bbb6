import { PODNETINFO_ANNOTATIONS_PATH, formatPodNetInfo } from '@/lib/annotations';
import { CodeBlock } from '@/components/common/ui';
import type { PodDetail } from '@/lib/views/types';

/**
 * How `/etc/podnetinfo/annotations` reads inside the pod for the network annotations: sorted
 * `key="value"` lines with Go escaping, as the downward API writes them.
 */
export function PodNetInfoView({ pod }: { pod: PodDetail }) {
  const annotations: Record<string, string> = {};
  if (pod.annotations.networks !== undefined) {
    annotations['k8s.v1.cni.cncf.io/networks'] = pod.annotations.networks;
  }
  if (pod.annotations.networkStatus !== undefined) {
    annotations['k8s.v1.cni.cncf.io/network-status'] = pod.annotations.networkStatus;
  }
  const text = formatPodNetInfo(annotations);
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        The file {PODNETINFO_ANNOTATIONS_PATH} exists when network-resources-injector mounts the
        pod&apos;s annotations with the downward API. It holds every annotation of the pod; only the
        two network annotations are shown here. It is filled in shortly after the pod starts, so a
        process that reads it at once may find it empty.
      </p>
      {text ? (
        <CodeBlock text={text} label={PODNETINFO_ANNOTATIONS_PATH} />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The pod has neither annotation yet.
        </p>
      )}
    </div>
  );
}
