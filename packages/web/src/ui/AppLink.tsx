import type { ReactNode } from 'react';
import { navigate } from '../app/router.ts';

/** A link to a view of the player: a real link (open in a new tab works), followed in place on a plain click. */
export function AppLink({ to, className, children }: { to: string; className?: string; children: ReactNode }) {
  return (
    <a
      className={className}
      href={to}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
