import Link from 'next/link';
import type { ReactNode } from 'react';
import { StatusMark } from '@/components/common/StatusMark';
import type { Tone } from '@/components/common/ui';

/** One figure of the overview, its health in words, and where to look closer. */
export function CountCard({
  title,
  value,
  href,
  tone,
  status,
  children,
}: {
  title: string;
  value: ReactNode;
  href: string;
  tone: Tone;
  status: string;
  children?: ReactNode;
}) {
  return (
    <section
      aria-label={title}
      className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900"
    >
      <h2 className="text-sm font-semibold text-slate-600 dark:text-slate-400">
        <Link href={href} className="hover:underline">
          {title}
        </Link>
      </h2>
      <p className="mt-1 text-3xl font-semibold tabular-nums">{value}</p>
      <div className="mt-2">
        <StatusMark tone={tone}>{status}</StatusMark>
      </div>
      {children && (
        <div className="mt-2 text-sm text-slate-600 dark:text-slate-400">{children}</div>
      )}
    </section>
  );
}
