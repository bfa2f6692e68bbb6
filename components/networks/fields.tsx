'use client';

import {
  type InputHTMLAttributes,
  type ReactNode,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import type { Diagnostic } from '@/lib/diagnostics';
import { ToneIcon } from '@/components/common/StatusMark';

/** Diagnostics whose path is `path` or lies under it. */
export function diagnosticsAt(
  diagnostics: readonly Diagnostic[],
  path: readonly (string | number)[],
): Diagnostic[] {
  return diagnostics.filter(
    (d) =>
      d.path !== undefined &&
      d.path.length >= path.length &&
      path.every((p, i) => d.path?.[i] === p),
  );
}

export const inputClass =
  'w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 disabled:bg-slate-100 disabled:text-slate-500 aria-[invalid=true]:border-red-600 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:disabled:bg-slate-900';

/** Findings for one field, announced through the field's aria-describedby. */
export function FieldMessages({
  id,
  messages,
  onReveal,
}: {
  id: string;
  messages: readonly Diagnostic[];
  onReveal?: (d: Diagnostic) => void;
}) {
  if (messages.length === 0) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-xs">
      {messages.map((m, i) => (
        <li
          key={`${m.code}-${i}`}
          className={`flex gap-1 ${
            m.severity === 'error'
              ? 'text-red-700 dark:text-red-400'
              : m.severity === 'warning'
                ? 'text-amber-800 dark:text-amber-300'
                : 'text-sky-800 dark:text-sky-300'
          }`}
        >
          <ToneIcon tone={m.severity === 'info' ? 'info' : m.severity} className="mt-0.5" />
          <span>
            <span className="sr-only">{m.severity}: </span>
            {m.message}
            {onReveal && (
              <>
                {' '}
                <button
                  type="button"
                  className="underline underline-offset-2"
                  onClick={() => onReveal(m)}
                >
                  line {m.line} in the editor
                </button>
              </>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A text input that edits a value living elsewhere (the YAML). While focused it keeps what the
 * user typed, so a value the YAML normalizes (a trailing comma in a list) does not jump back.
 */
export function DraftInput({
  value,
  onCommit,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  onCommit: (value: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setDraft(value);
  }, [value]);
  return (
    <input
      {...rest}
      value={draft}
      onFocus={(e) => {
        focused.current = true;
        rest.onFocus?.(e);
      }}
      onBlur={(e) => {
        focused.current = false;
        setDraft(value);
        rest.onBlur?.(e);
      }}
      onChange={(e) => {
        setDraft(e.target.value);
        onCommit(e.target.value);
      }}
    />
  );
}

/** A labelled text field with help text and the findings for its YAML path. */
export function TextField({
  label,
  value,
  onCommit,
  help,
  messages = [],
  disabled,
  disabledReason,
  placeholder,
  required,
  name,
  list,
  inputMode,
  onReveal,
}: {
  label: ReactNode;
  value: string;
  onCommit: (value: string) => void;
  help?: ReactNode;
  messages?: readonly Diagnostic[];
  disabled?: boolean;
  /** Shown under the field when it is disabled. */
  disabledReason?: string;
  placeholder?: string;
  required?: boolean;
  name?: string;
  list?: string;
  inputMode?: InputHTMLAttributes<HTMLInputElement>['inputMode'];
  onReveal?: (d: Diagnostic) => void;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-errors`;
  const describedBy = [help || disabledReason ? helpId : '', messages.length ? errorId : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {required && (
          <span aria-hidden="true" className="text-red-700">
            {' '}
            *
          </span>
        )}
      </label>
      <DraftInput
        id={id}
        name={name}
        value={value}
        onCommit={onCommit}
        disabled={disabled}
        placeholder={placeholder}
        required={required}
        list={list}
        inputMode={inputMode}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={messages.some((m) => m.severity === 'error')}
        aria-describedby={describedBy || undefined}
        className={`mt-1 ${inputClass}`}
      />
      {(help || (disabled && disabledReason)) && (
        <p id={helpId} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          {disabled && disabledReason ? disabledReason : help}
        </p>
      )}
      <FieldMessages id={errorId} messages={messages} onReveal={onReveal} />
    </div>
  );
}

/** A list of strings edited as one comma- or space-separated input. */
export function ListField({
  label,
  values,
  onCommit,
  help,
  messages,
  disabled,
  placeholder,
  onReveal,
}: {
  label: ReactNode;
  values: readonly string[];
  onCommit: (values: string[]) => void;
  help?: ReactNode;
  messages?: readonly Diagnostic[];
  disabled?: boolean;
  placeholder?: string;
  onReveal?: (d: Diagnostic) => void;
}) {
  return (
    <TextField
      label={label}
      value={values.join(', ')}
      onCommit={(text) => onCommit(text.split(/[\s,]+/).filter(Boolean))}
      help={help}
      messages={messages}
      disabled={disabled}
      placeholder={placeholder}
      onReveal={onReveal}
    />
  );
}

/** A group of radio buttons with a description under each choice. */
export function RadioGroup<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  disabled,
  help,
  messages = [],
  onReveal,
}: {
  legend: ReactNode;
  name: string;
  value: T | '';
  options: { value: T; label: ReactNode; description?: ReactNode }[];
  onChange: (value: T) => void;
  disabled?: boolean;
  help?: ReactNode;
  messages?: readonly Diagnostic[];
  onReveal?: (d: Diagnostic) => void;
}) {
  const id = useId();
  return (
    <fieldset
      disabled={disabled}
      aria-describedby={messages.length ? `${id}-errors` : undefined}
      aria-invalid={messages.some((m) => m.severity === 'error') || undefined}
    >
      <legend className="text-sm font-medium">{legend}</legend>
      {help && <p className="text-xs text-slate-600 dark:text-slate-400">{help}</p>}
      <div className="mt-1 space-y-1">
        {options.map((o) => (
          <label key={o.value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{o.label}</span>
              {o.description && (
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  {o.description}
                </span>
              )}
            </span>
          </label>
        ))}
      </div>
      <FieldMessages id={`${id}-errors`} messages={messages} onReveal={onReveal} />
    </fieldset>
  );
}
