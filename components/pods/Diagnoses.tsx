import Link from 'next/link';
import { ToneIcon } from '@/components/common/StatusMark';
import { toneOf } from '@/components/common/ui';
import type { Diagnosis } from '@/lib/views/types';

const TEXT_TONE = {
  ok: 'text-emerald-800 dark:text-emerald-300',
  warning: 'text-amber-800 dark:text-amber-300',
  error: 'text-red-800 dark:text-red-300',
  info: 'text-sky-800 dark:text-sky-300',
  neutral: 'text-slate-700 dark:text-slate-300',
};

/** The back end's diagnoses in its own plain words: what happened, what to do, where. */
export function Diagnoses({ diagnoses }: { diagnoses: Diagnosis[] }) {
  if (diagnoses.length === 0) return null;
  return (
    <ul className="space-y-2">
      {diagnoses.map((d, i) => {
        const tone = toneOf(d.severity);
        return (
          <li key={`${d.code}-${i}`} className="flex gap-2 text-sm">
            <span className={`mt-0.5 ${TEXT_TONE[tone]}`}>
              <ToneIcon tone={tone} />
            </span>
            <div className="min-w-0">
              <p className={`font-medium ${TEXT_TONE[tone]}`}>
                <span className="sr-only">{d.severity === 'ok' ? 'OK' : d.severity}: </span>
                {d.title}
              </p>
              <p className="break-words text-slate-700 dark:text-slate-300">{d.detail}</p>
              {d.action && (
                <p className="mt-0.5 text-slate-700 dark:text-slate-300">
                  <span className="font-medium">What to do: </span>
                  {d.action}
                  {d.href && (
                    <>
                      {' '}
                      <Link
                        href={d.href}
                        className="text-blue-800 underline underline-offset-2 dark:text-blue-300"
                      >
                        Open where it is fixed
                      </Link>
                    </>
                  )}
                </p>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
