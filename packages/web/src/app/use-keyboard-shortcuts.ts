import { useEffect } from 'react';
import { player } from '../audio/player.ts';

/** Space plays/pauses, arrows seek (←/→) and skip (Shift+←/→), `/` focuses search. */
export function useKeyboardShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable="true"]') || e.ctrlKey || e.metaKey || e.altKey) return;
      const s = player.getSnapshot();
      if (e.key === ' ' && !target.closest('button, [role="row"]')) {
        e.preventDefault();
        void player.toggle();
      } else if (e.key === '/') {
        e.preventDefault();
        document.getElementById('search-box')?.focus();
      } else if (e.key === 'ArrowRight') {
        if (e.shiftKey) void player.next();
        else player.seek(s.position + 5);
      } else if (e.key === 'ArrowLeft') {
        if (e.shiftKey) void player.previous();
        else player.seek(s.position - 5);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
