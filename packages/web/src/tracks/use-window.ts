import { useEffect, useState, type RefObject } from 'react';

/** Height of one track row in pixels, on a desktop and on a phone (the CSS says the same). */
export const ROW = 36;
export const TOUCH_ROW = 60;
const MARGIN = 15;
const SLACK = 5;

/**
 * Long lists render only the rows near the visible part of the scrolling view (plus a
 * margin of MARGIN rows each side), with spacers for the rest: 10,000 tracks scroll like
 * 50. The window moves only when the view gets within SLACK rows of its edge, so a scroll
 * renders once per ~10 rows rather than on every frame. Each list measures itself, so two
 * lists in one view (search) each get their own window.
 */
export function useWindow(count: number, list: RefObject<HTMLElement | null>, touch = false) {
  const row = touch ? TOUCH_ROW : ROW;
  const [range, setRange] = useState({ start: 0, end: Math.min(count, 120) });
  useEffect(() => {
    const view = document.getElementById('main');
    if (!view) return;
    const update = () => {
      const table = list.current;
      const above = table ? view.getBoundingClientRect().top - table.getBoundingClientRect().top : view.scrollTop;
      const top = Math.max(0, Math.floor(above / row));
      const bottom = Math.min(count, Math.ceil((above + view.clientHeight) / row));
      setRange((r) => {
        const covered = r.start <= Math.max(0, top - SLACK) && r.end >= Math.min(count, bottom + SLACK);
        const tooWide = r.end - r.start > bottom - top + 2 * MARGIN + 2 * SLACK; // after a jump back
        if (covered && !tooWide) return r;
        return { start: Math.max(0, top - MARGIN), end: Math.min(count, bottom + MARGIN) };
      });
    };
    update();
    view.addEventListener('scroll', update, { passive: true });
    addEventListener('resize', update);
    return () => {
      view.removeEventListener('scroll', update);
      removeEventListener('resize', update);
    };
  }, [count, list, row]);
  const start = Math.min(range.start, count);
  const end = Math.min(Math.max(range.end, start), count);
  return { start, end, before: start, after: count - end, row };
}
