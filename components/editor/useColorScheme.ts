'use client';

import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(callback: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', callback);
  return () => media.removeEventListener('change', callback);
}

/** `dark` or `light`, following the operating system's setting live. */
export function useColorScheme(): 'dark' | 'light' {
  return useSyncExternalStore(
    subscribe,
    () => (window.matchMedia(QUERY).matches ? 'dark' : 'light'),
    () => 'light',
  );
}

/** The Monaco theme for the colour scheme. */
export function monacoTheme(scheme: 'dark' | 'light'): string {
  return scheme === 'dark' ? 'vs-dark' : 'vs';
}
