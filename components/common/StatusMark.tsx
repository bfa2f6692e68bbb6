import type { ReactNode } from 'react';
import { Badge, type Tone } from './ui/Badge';

const PATHS: Record<Tone, string> = {
  ok: 'M4 8.5l2.5 2.5L12 5.5',
  warning: 'M8 2.5L14 13H2L8 2.5zM8 6.5v3M8 11.2v.1',
  error: 'M4.5 4.5l7 7M11.5 4.5l-7 7',
  info: 'M8 7v4.5M8 4.6v.1',
  neutral: 'M4 8h8',
};

/** A small icon per tone, so state never depends on colour alone. Decorative: the text says it. */
export function ToneIcon({ tone, className = '' }: { tone: Tone; className?: string }) {
  return (
    <svg
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      focusable="false"
      className={`inline-block shrink-0 ${className}`}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {tone === 'info' && <circle cx="8" cy="8" r="6.5" strokeWidth="1.5" />}
      <path d={PATHS[tone]} />
    </svg>
  );
}

/** A status word in a coloured badge with its icon: colour, shape and text all say it. */
export function StatusMark({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <Badge tone={tone}>
      <ToneIcon tone={tone} className="mr-1" />
      {children}
    </Badge>
  );
}
