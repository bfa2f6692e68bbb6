'use client';

import { useState } from 'react';
import { Button } from './Button';

/** Copies text to the clipboard and says so for a moment. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="ghost"
      aria-label={label}
      onClick={async () => {
        await navigator.clipboard.writeText(text);
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      <span aria-live="polite">{copied ? 'Copied' : label}</span>
    </Button>
  );
}

/** A block of preformatted text (YAML, JSON, shell) with a copy button. */
export function CodeBlock({ text, label }: { text: string; label?: string }) {
  return (
    <div className="relative">
      <div className="absolute top-1 right-1">
        <CopyButton text={text} label={label ? `Copy ${label}` : 'Copy'} />
      </div>
      <pre className="overflow-x-auto rounded-md bg-slate-100 p-3 pr-20 font-mono text-xs leading-relaxed dark:bg-slate-800">
        {text}
      </pre>
    </div>
  );
}
