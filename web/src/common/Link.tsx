import type { ReactNode } from 'react';
import { navigate } from '../app/router.js';

/** A link to another screen of the app that changes the address without reloading the page. */
export function Link(props: { to: string; children: ReactNode; className?: string }) {
  return (
    <a
      href={props.to}
      className={props.className}
      onClick={(event) => {
        // A modified click opens a new tab, as on any link.
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}
