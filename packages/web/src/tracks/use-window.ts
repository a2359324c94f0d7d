import { useEffect, useState, type RefObject } from 'react';

/** Height of one track row in pixels (the CSS says the same). */
export const ROW = 36;
const MARGIN = 30;

/**
 * Long lists render only the rows near the visible part of the scrolling view (plus a
 * margin), with spacers for the rest: 10,000 tracks scroll like 50. Each list measures
 * itself, so two lists in one view (search) each get their own window.
 */
export function useWindow(count: number, list: RefObject<HTMLElement | null>) {
  const [range, setRange] = useState({ start: 0, end: Math.min(count, 120) });
  useEffect(() => {
    const view = document.getElementById('main');
    if (!view) return;
    const update = () => {
      const table = list.current;
      const above = table ? view.getBoundingClientRect().top - table.getBoundingClientRect().top : view.scrollTop;
      const first = Math.max(0, Math.floor(above / ROW) - MARGIN);
      const end = Math.min(count, first + Math.ceil(view.clientHeight / ROW) + 2 * MARGIN);
      setRange((r) => (r.start === first && r.end === end ? r : { start: first, end }));
    };
    update();
    view.addEventListener('scroll', update, { passive: true });
    addEventListener('resize', update);
    return () => {
      view.removeEventListener('scroll', update);
      removeEventListener('resize', update);
    };
  }, [count, list]);
  const start = Math.min(range.start, count);
  const end = Math.min(Math.max(range.end, start), count);
  return { start, end, before: start, after: count - end };
}
