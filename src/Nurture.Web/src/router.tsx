// A small history-based router: the server serves the same shell for every page path and checks the
// role first (401 -> sign-in, 403 -> this app's Forbidden view); the client checks again when navigating.
import { useEffect, useState, type AnchorHTMLAttributes } from 'react';

const listeners = new Set<(path: string) => void>();

export function navigate(path: string): void {
  window.history.pushState({}, '', path);
  listeners.forEach((listener) => listener(path));
}

export function useLocation(): string {
  const [path, setPath] = useState(window.location.pathname + window.location.search);
  useEffect(() => {
    const update = () => setPath(window.location.pathname + window.location.search);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => { listeners.delete(update); window.removeEventListener('popstate', update); };
  }, []);
  return path;
}

export function Link({ to, children, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a href={to} {...rest} onClick={(e) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      navigate(to);
    }}>{children}</a>
  );
}
