/**
 * Registers the service worker (production builds only: src/main.ts) and tells the page when a new version
 * has taken over. The first install says nothing; an update installed while a page is open takes over at
 * once (the worker skips waiting), and that page, still running the old version, says the new one is used
 * from the next visit.
 */
type Listener = (text: string) => void;

const listeners = new Set<Listener>();
let pending: string | null = null;

export const UPDATE_NOTICE = 'A new version of Dark Knowledge Lab has been installed: it is used from the next visit (reload the page to use it now).';

function announce(text: string): void {
  if (listeners.size === 0) pending = text;
  for (const listener of listeners) listener(text);
}

/** Hear about updates (the app shows them as notices); returns the unsubscribe. */
export function onAppUpdate(listener: Listener): () => void {
  listeners.add(listener);
  if (pending !== null) {
    listener(pending);
    pending = null;
  }
  return () => listeners.delete(listener);
}

export function registerServiceWorker(url: string): void {
  if (!('serviceWorker' in navigator)) return;
  // Already controlled: a later change of controller is an update, not the first install.
  let controlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (controlled) announce(UPDATE_NOTICE);
    controlled = true;
  });
  const register = () => {
    navigator.serviceWorker.register(url).catch((error: unknown) => {
      // Offline use is a bonus: the app works without it (e.g. in a private window that refuses workers).
      console.warn('Service worker not registered:', error);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
