import { PerformanceObserver } from 'node:perf_hooks';

/** This thread's CPU time in ms: the process's own work, whatever else runs on the machine. */
export const threadMs = () => {
  const used = process.threadCpuUsage();
  return (used.user + used.system) / 1000;
};

interface Stretch {
  from: number;
  to: number;
  cpuMs: number;
  /** What was being done, when the caller says. */
  what: string;
}

/**
 * Watches how long the event loop is held between turns, sampled by a 1 ms timer, in this
 * thread's CPU time. Garbage collection is counted apart: on a 2-core machine shared with
 * other test files a scavenge waits for its helper threads, and its pause says more about
 * the machine than about the code (it is still reported, as `worstGcMs`). `worstMs` is the
 * longest stretch of the code's own work: a stretch's CPU time less the collections in it.
 */
export function watchStalls(doing: () => string = () => '') {
  const stretches: Stretch[] = [];
  const collections: { from: number; to: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) collections.push({ from: entry.startTime, to: entry.startTime + entry.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  let lastCpu = threadMs();
  let lastAt = performance.now();
  const timer = setInterval(() => {
    const cpu = threadMs();
    const at = performance.now();
    // Only stretches that could matter are kept (the timer fires every millisecond).
    // Never more than the wall time that passed: on this VM the thread's CPU clock has read 174 ms
    // across a stretch the loop's own delay histogram put under 95 ms (time it did not spend).
    const cpuMs = Math.min(cpu - lastCpu, at - lastAt);
    if (cpuMs > 10) stretches.push({ from: lastAt, to: at, cpuMs, what: doing() });
    lastCpu = cpu;
    lastAt = at;
  }, 1);
  const gcIn = (s: Stretch) => collections.reduce((sum, c) => sum + Math.max(0, Math.min(c.to, s.to) - Math.max(c.from, s.from)), 0);
  const own = (s: Stretch) => Math.max(0, s.cpuMs - gcIn(s));
  return {
    stop() {
      clearInterval(timer);
      observer.disconnect();
    },
    /** The longest stretch of the code's own work, ms of CPU, and what was being done then. */
    worst(): { ms: number; what: string } {
      return stretches.reduce((a, s) => (own(s) > a.ms ? { ms: own(s), what: s.what } : a), { ms: 0, what: '' });
    },
    /** The longest stretch counting collections too, and the longest collection pause (wall ms). */
    withGc(): { stretchMs: number; pauseMs: number } {
      return { stretchMs: Math.max(0, ...stretches.map((s) => s.cpuMs)), pauseMs: Math.max(0, ...collections.map((c) => c.to - c.from)) };
    },
  };
}
