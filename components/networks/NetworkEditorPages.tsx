'use client';

import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { NetworkAttachmentDefinition } from '@/lib/model';
import type { NetworkPlural } from '@/lib/views/types';
import { useNetwork, useSession } from '@/components/api';
import { ErrorBanner, Loading } from '@/components/common/ui';
import { editableYaml } from './export';
import { IMPORT_HANDOFF_KEY } from './links';
import { newNetworkYaml } from './network-form';
import { NetworkEditor } from './NetworkEditor';

/** The document the import page left behind for the editor, if any. */
function readImported(): string | null {
  try {
    return sessionStorage.getItem(IMPORT_HANDOFF_KEY);
  } catch {
    return null;
  }
}

/** `/networks/new`: a fresh network (`?kind=SriovNetwork&namespace=x`), or one from the import page. */
export function NewNetworkPage() {
  const params = useSearchParams();
  const session = useSession();
  const [imported] = useState(() =>
    params.get('from') === 'import' && typeof window !== 'undefined' ? readImported() : null,
  );
  // Taken once: a reload of the page starts fresh.
  useEffect(() => {
    if (imported !== null) sessionStorage.removeItem(IMPORT_HANDOFF_KEY);
  }, [imported]);
  if (session.isLoading) return <Loading label="Loading…" />;
  const kind = params.get('kind') === 'SriovNetwork' ? 'SriovNetwork' : 'SriovIBNetwork';
  const namespace = params.get('namespace') ?? session.data?.defaultNamespace ?? 'default';
  return <NetworkEditor mode="create" initialText={imported ?? newNetworkYaml(kind, namespace)} />;
}

/** `/networks/<plural>/<namespace>/<name>/edit`: the network as loaded, kept apart from live updates. */
export function EditNetworkPage({
  plural,
  namespace,
  name,
}: {
  plural: NetworkPlural;
  namespace: string;
  name: string;
}) {
  const network = useNetwork(plural, namespace, name);
  const [start, setStart] = useState<{ text: string; base: Record<string, unknown> } | null>(null);

  if (!start && network.data) {
    // The edit starts from the version loaded now; later live updates only flag a change.
    const base = network.data.object as unknown as Record<string, unknown>;
    setStart({ text: editableYaml(base), base });
  }
  if (!start) {
    if (network.isLoading) return <Loading label={`Loading ${namespace}/${name}…`} />;
    return <ErrorBanner error={network.error} title={`${namespace}/${name} could not be loaded`} />;
  }
  return (
    <NetworkEditor
      mode="edit"
      initialText={start.text}
      base={start.base}
      target={{ plural, namespace, name }}
      clusterObject={network.data?.object as unknown as Record<string, unknown> | undefined}
      clusterNad={network.data?.nadObject as NetworkAttachmentDefinition | undefined}
    />
  );
}
