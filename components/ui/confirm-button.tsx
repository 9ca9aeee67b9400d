'use client';
// A destructive action asks again in place (no window.confirm, which blocks the page and
// is awkward for keyboard users): the first press shows "Confirm"/"Cancel" buttons.
import { useState, type ReactNode } from 'react';

export interface ConfirmButtonProps {
  label: ReactNode;
  confirmLabel: string;
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
  busyLabel?: string;
  busy?: boolean;
  testId?: string;
}

export function ConfirmButton({
  label,
  confirmLabel,
  question,
  onConfirm,
  disabled,
  busy,
  busyLabel,
  testId,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (busy) {
    return (
      <button type="button" className="button danger" disabled data-testid={testId}>
        {busyLabel ?? 'Working…'}
      </button>
    );
  }
  if (!asking) {
    return (
      <button
        type="button"
        className="button danger"
        disabled={disabled}
        onClick={() => setAsking(true)}
        data-testid={testId}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        className="button danger solid"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
