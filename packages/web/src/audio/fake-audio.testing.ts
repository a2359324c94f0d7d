import type { AudioLike } from './engine-types.ts';

/** A stand-in for the browser's audio element: the browser is outside Runnel. */
export class FakeAudio implements AudioLike {
  src = '';
  currentTime = 0;
  duration = NaN;
  volume = 1;
  paused = true;
  preload = '';
  loads: string[] = [];
  failNextPlay = false;
  private handlers = new Map<string, (() => void)[]>();
  async play() {
    this.paused = false;
  }
  pause() {
    this.paused = true;
  }
  load() {
    if (this.src) this.loads.push(this.src);
    this.currentTime = 0;
  }
  removeAttribute(name: string) {
    if (name === 'src') this.src = '';
  }
  addEventListener(type: string, listener: () => void) {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  fire(type: string) {
    if (type === 'ended') this.paused = true; // as the browser does at the end
    for (const h of this.handlers.get(type) ?? []) h();
  }
}
