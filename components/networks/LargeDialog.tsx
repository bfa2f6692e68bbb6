'use client';

import { type ReactNode, useEffect, useId, useRef } from 'react';
import { Button } from '@/components/common/ui';

/**
 * A large modal built on the native <dialog> (focus trap and Escape for free), for reviews that
 * need room: previews, diffs, conflicts. `footer` holds the actions.
 */
export function LargeDialog({
  open,
  title,
  description,
  onClose,
  footer,
  children,
  testId,
}: {
  open: boolean;
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  footer?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto h-[92vh] w-[min(1200px,96vw)] max-w-none rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      {open && (
        <div className="flex h-full flex-col">
          <header className="flex items-start justify-between gap-3 border-b border-slate-200 px-5 py-3 dark:border-slate-700">
            <div>
              <h2 id={`${id}-title`} className="text-lg font-semibold">
                {title}
              </h2>
              {description && (
                <p id={`${id}-description`} className="text-sm text-slate-600 dark:text-slate-400">
                  {description}
                </p>
              )}
            </div>
            <Button variant="ghost" onClick={onClose} aria-label="Close">
              Close
            </Button>
          </header>
          <div className="min-h-0 flex-1 overflow-y-auto px-5 py-3">{children}</div>
          {footer && (
            <footer className="flex flex-wrap items-center justify-end gap-2 border-t border-slate-200 px-5 py-3 dark:border-slate-700">
              {footer}
            </footer>
          )}
        </div>
      )}
    </dialog>
  );
}
