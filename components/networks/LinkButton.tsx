import Link from 'next/link';
import type { ReactNode } from 'react';
import { Button } from '@/components/common/ui';

const STYLES = {
  primary: 'bg-blue-700 text-white hover:bg-blue-800',
  secondary:
    'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700',
} as const;

/**
 * A link that looks like a button; with `disabledReason` it becomes a disabled Button that says
 * why (a disabled link cannot be focused or explained).
 */
export function LinkButton({
  href,
  children,
  variant = 'secondary',
  disabledReason,
}: {
  href: string;
  children: ReactNode;
  variant?: keyof typeof STYLES;
  disabledReason?: string;
}) {
  if (disabledReason !== undefined) {
    return (
      <Button variant={variant} disabledReason={disabledReason}>
        {children}
      </Button>
    );
  }
  return (
    <Link
      href={href}
      className={`inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 ${STYLES[variant]}`}
    >
      {children}
    </Link>
  );
}
