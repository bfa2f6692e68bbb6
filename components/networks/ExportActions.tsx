'use client';

import { useState } from 'react';
import { Button } from '@/components/common/ui';
import { applyCommand, downloadName } from './export';

/** Saves a text as a .yaml file through a temporary object URL. */
export function downloadYaml(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Download as YAML, and copy as a `kubectl apply` or `oc apply` command. */
export function ExportActions({
  yaml,
  namespace,
  name,
}: {
  yaml: string;
  namespace: string;
  name: string;
}) {
  const [copied, setCopied] = useState<'' | 'kubectl' | 'oc'>('');
  const copy = async (tool: 'kubectl' | 'oc') => {
    await navigator.clipboard.writeText(applyCommand(yaml, tool));
    setCopied(tool);
    setTimeout(() => setCopied(''), 1500);
  };
  return (
    <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Export">
      <Button variant="ghost" onClick={() => downloadYaml(yaml, downloadName(namespace, name))}>
        Download YAML
      </Button>
      <Button variant="ghost" onClick={() => void copy('kubectl')}>
        Copy kubectl command
      </Button>
      <Button variant="ghost" onClick={() => void copy('oc')}>
        Copy oc command
      </Button>
      <span
        role="status"
        aria-live="polite"
        className="text-xs text-emerald-800 dark:text-emerald-300"
      >
        {copied ? `Copied the ${copied} apply command` : ''}
      </span>
    </div>
  );
}
