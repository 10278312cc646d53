import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'loopline-theme';
const listeners = new Set<() => void>();
const dark = () => window.matchMedia('(prefers-color-scheme: dark)');

function read(): ThemeChoice {
  const stored = localStorage.getItem(KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** Follows the system unless the user chose; the choice lives in localStorage and on <html data-theme>. */
export function setTheme(choice: ThemeChoice): void {
  if (choice === 'system') {
    localStorage.removeItem(KEY);
    delete document.documentElement.dataset.theme;
  } else {
    localStorage.setItem(KEY, choice);
    document.documentElement.dataset.theme = choice;
  }
  for (const l of listeners) l();
}

/** The theme in effect now: the choice, or the system's. */
export const effectiveTheme = (): 'light' | 'dark' => {
  const choice = read();
  return choice === 'system' ? (dark().matches ? 'dark' : 'light') : choice;
};

function subscribe(listener: () => void) {
  listeners.add(listener);
  const media = dark();
  media.addEventListener('change', listener);
  return () => {
    listeners.delete(listener);
    media.removeEventListener('change', listener);
  };
}

/** The effective theme, re-rendering when the choice or the system changes. */
export const useTheme = () => useSyncExternalStore(subscribe, effectiveTheme);
