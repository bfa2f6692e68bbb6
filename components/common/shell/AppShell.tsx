'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { LiveIndicator } from './LiveIndicator';
import { UserMenu } from './UserMenu';

export const NAV_LINKS = [
  { href: '/', label: 'Overview' },
  { href: '/networks', label: 'Networks' },
  { href: '/pods', label: 'Pods' },
  { href: '/fabric', label: 'Fabric' },
  { href: '/pools', label: 'IP pools' },
  { href: '/wizard', label: 'Wizard' },
  { href: '/policies', label: 'Policies' },
] as const;

function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

/** The frame of every page: header with navigation, stream state and the signed-in identity. */
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname() ?? '/';
  if (pathname.startsWith('/signin')) return <>{children}</>;

  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-2">
          <Link href="/" className="text-lg font-semibold tracking-tight">
            ibnet
          </Link>
          <nav aria-label="Main" className="flex flex-1 flex-wrap gap-1">
            {NAV_LINKS.map((link) => {
              const active = isActive(pathname, link.href);
              return (
                <Link
                  key={link.href}
                  href={link.href}
                  aria-current={active ? 'page' : undefined}
                  className={`rounded-md px-2.5 py-1 text-sm ${
                    active
                      ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900'
                      : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'
                  }`}
                >
                  {link.label}
                </Link>
              );
            })}
          </nav>
          <LiveIndicator />
          <UserMenu />
        </div>
      </header>
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
    </div>
  );
}
