import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { QueryProvider } from '@/components/api/QueryProvider';
import { AppShell } from '@/components/common/shell/AppShell';
import './globals.css';

export const metadata: Metadata = {
  title: 'ibnet',
  description: 'InfiniBand secondary networks on Kubernetes and OpenShift',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <QueryProvider>
          <AppShell>{children}</AppShell>
        </QueryProvider>
      </body>
    </html>
  );
}
