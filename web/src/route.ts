/**
 * Routes live in the URL's fragment (`#/analyse`, `#/fleet`, `#/device/KEY`), so the page works
 * as static files and the back button works.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { view: 'analyse' }
  | { view: 'explain'; code: string | null }
  | { view: 'fleet' }
  | { view: 'device'; id: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [head = '', ...rest] = path.split('/');
  const tail = rest.join('/');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if (head === 'fleet') return { view: 'fleet' };
  if (head === 'device' && tail !== '') return { view: 'device', id: decode(tail) };
  if (head === 'explain') return { view: 'explain', code: tail ? decode(tail) : null };
  return { view: 'analyse' };
}

export function deviceHref(id: string): string {
  return `#/device/${encodeURIComponent(id)}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
