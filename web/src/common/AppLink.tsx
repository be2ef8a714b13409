import type { AnchorHTMLAttributes } from 'react';
import { navigate } from '../app/router.js';

/**
 * A link to another of the app's addresses, followed without reloading the app; with a modifier
 * key held it opens as the browser would (a new tab).
 */
export function AppLink({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a
      {...rest}
      href={to}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) return;
        event.preventDefault();
        navigate(to);
      }}
    />
  );
}
