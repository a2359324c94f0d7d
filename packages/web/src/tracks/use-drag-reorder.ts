import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';

/** A drag under way: the row moved, and the row it would go before (the row count: after the last). */
export interface Drag {
  from: number;
  before: number;
}

/** How close to the view's top or bottom edge (px) a finger scrolls it, and how fast (px a frame). */
const EDGE = 64;
const SPEED = 10;

/**
 * Reordering rows by a handle with pointer events: a finger on a touch screen (where HTML5
 * drag and drop never starts), a pen, or a mouse. Each handle carries its row's index in
 * `data-reorder`; the handle captures the pointer, the rows it passes are found by their
 * handles' positions, and the view scrolls while the finger rests near its edge. Arrow keys
 * on a handle move its row by one. `onMove(from, insertBefore)` is the list's reorder, over
 * `count` rows.
 */
export function useDragReorder(onMove: ((from: number, insertBefore: number) => void) | undefined, count: number) {
  const [drag, setDrag] = useState<Drag | null>(null);
  const latest = useRef({ onMove, count });
  useLayoutEffect(() => {
    latest.current = { onMove, count };
  });
  const handle = useMemo(() => {
    let active: (Drag & { pointer: number; y: number; list: Element; frame: number }) | null = null;
    const handles = (list: Element) => [...list.querySelectorAll<HTMLElement>('[data-reorder]')];
    /** The row a pointer at `y` would drop before: the first whose handle's middle is below it. */
    const target = (list: Element, y: number) => {
      const all = handles(list);
      for (const h of all) {
        const box = h.getBoundingClientRect();
        if (y < box.top + box.height / 2) return Number(h.dataset.reorder);
      }
      return all.length ? Number(all.at(-1)!.dataset.reorder) + 1 : 0;
    };
    const scroll = () => {
      if (!active) return;
      const view = document.getElementById('main');
      const box = view?.getBoundingClientRect();
      if (view && box) {
        const by = active.y < box.top + EDGE ? -SPEED : active.y > box.bottom - EDGE ? SPEED : 0;
        if (by) {
          view.scrollBy(0, by);
          active.before = target(active.list, active.y);
          setDrag({ from: active.from, before: active.before });
        }
      }
      active.frame = requestAnimationFrame(scroll);
    };
    const end = () => {
      if (active) cancelAnimationFrame(active.frame);
      active = null;
      setDrag(null);
    };
    const move = (from: number, before: number, list: Element | null) => {
      if (before === from || before === from + 1 || !latest.current.onMove) return;
      latest.current.onMove(from, before);
      // Focus follows the row to its new place (rows are reused by slot, so the old handle now shows another track).
      const to = before > from ? before - 1 : before;
      requestAnimationFrame(() => list?.querySelector<HTMLElement>(`[data-reorder="${to}"]`)?.focus());
    };
    return {
      onPointerDown(e: PointerEvent<HTMLElement>) {
        const list = e.currentTarget.closest('[role="grid"], ol, ul');
        if (e.button !== 0 || !list) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        const from = Number(e.currentTarget.dataset.reorder);
        active = { from, before: from, pointer: e.pointerId, y: e.clientY, list, frame: 0 };
        active.frame = requestAnimationFrame(scroll);
        setDrag({ from, before: from });
      },
      onPointerMove(e: PointerEvent<HTMLElement>) {
        if (active?.pointer !== e.pointerId) return;
        active.y = e.clientY;
        const before = target(active.list, e.clientY);
        if (before !== active.before) {
          active.before = before;
          setDrag({ from: active.from, before });
        }
      },
      onPointerUp(e: PointerEvent<HTMLElement>) {
        if (active?.pointer !== e.pointerId) return;
        const { from, before, list } = active;
        end();
        move(from, before, list);
      },
      onPointerCancel: end,
      onLostPointerCapture: end,
      // A tap on the handle is not a tap on its row (which would play it).
      onClick: (e: MouseEvent<HTMLElement>) => e.stopPropagation(),
      onKeyDown(e: KeyboardEvent<HTMLElement>) {
        const from = Number(e.currentTarget.dataset.reorder);
        const list = e.currentTarget.closest('[role="grid"], ol, ul');
        if (e.key === 'ArrowUp' && from > 0) move(from, from - 1, list);
        else if (e.key === 'ArrowDown' && from < latest.current.count - 1) move(from, from + 2, list);
        else return;
        e.preventDefault();
        e.stopPropagation();
      },
    };
  }, []);
  // Where the dragged row would land; null where it would not move (its own place).
  const dropAt = drag && drag.before !== drag.from && drag.before !== drag.from + 1 ? drag.before : null;
  return { drag, dropAt, handle };
}
