'use client';

import { type ReactNode, useEffect, useState } from 'react';
import { ErrorBanner, Loading } from '@/components/common/ui';
import { type Monaco, setupMonaco } from './monaco-setup';

/**
 * Renders `children` once Monaco is set up from the local bundle: "Loading the <name>…" until
 * then, and what went wrong if it cannot load.
 */
export function WithMonaco({
  name,
  children,
}: {
  name: string;
  children: (monaco: Monaco) => ReactNode;
}) {
  const [monaco, setMonaco] = useState<Monaco | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setupMonaco().then(setMonaco, setError);
  }, []);
  if (error) return <ErrorBanner error={error} title={`The ${name} could not load`} />;
  if (!monaco) return <Loading label={`Loading the ${name}…`} />;
  return children(monaco);
}
