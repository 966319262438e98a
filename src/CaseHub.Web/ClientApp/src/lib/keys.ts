import { useEffect, useLayoutEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react';

/** Whether a key press lands in a field the user is typing into, where letters must stay letters. */
export function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/**
 * Single-key shortcuts for a work page (j/k, a letter per action, ? for help), by `KeyboardEvent.key`. Ignored with
 * Ctrl, Alt or Meta, while typing in a field (Escape leaves the field), and while `enabled` is false (a dialog is open).
 */
export function useKeyboardShortcuts(enabled: boolean, act: Record<string, () => void>) {
  const latest = useRef(act);
  useLayoutEffect(() => { latest.current = act; });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (typing(e.target)) {
        if (e.key === 'Escape') (e.target as HTMLElement).blur();
        return;
      }
      const handler = latest.current[e.key];
      if (handler) {
        e.preventDefault();
        handler();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

/** A form's onKeyDown that submits on Ctrl+Enter (⌘+Enter on a Mac), from any field, as the dialogs' main button does. */
export function submitOnCtrlEnter(submit: () => void) {
  return (e: ReactKeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };
}
