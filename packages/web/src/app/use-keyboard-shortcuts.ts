import { useEffect } from 'react';
import { player } from '../audio/player.ts';
import { controls } from '../devices/controls.ts';
import { isRemote, progressNow } from '../devices/playback-store.ts';

/** Space plays/pauses, arrows seek (←/→) and skip (Shift+←/→), `/` focuses search; on the active device when another one plays. */
export function useKeyboardShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable="true"]') || e.ctrlKey || e.metaKey || e.altKey) return;
      const c = controls();
      const position = isRemote() ? progressNow() / 1000 : player.getSnapshot().position;
      if (e.key === ' ' && !target.closest('button, [role="row"]')) {
        e.preventDefault();
        c.toggle();
      } else if (e.key === '/') {
        e.preventDefault();
        document.getElementById('search-box')?.focus();
      } else if (e.key === 'ArrowRight') {
        if (e.shiftKey) c.next();
        else c.seek(position + 5);
      } else if (e.key === 'ArrowLeft') {
        if (e.shiftKey) c.previous();
        else c.seek(position - 5);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
