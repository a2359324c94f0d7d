import type { SlotOutput } from './engine-types.ts';

let context: AudioContext | undefined;
/** Each routed output's way to apply its level again (when the context starts running). */
const reapply = new Set<() => void>();

/**
 * Makes, or resumes, this page's AudioContext. Browsers let one run only after the listener
 * has used the page (a click, a key), so this is called from those; until it runs, tracks
 * play without their boosts rather than through a silent graph.
 */
export function wakeAudio() {
  if (!context) {
    context = new AudioContext();
    context.addEventListener('statechange', () => reapply.forEach((apply) => apply()));
  }
  if (context.state === 'suspended') void context.resume().catch(() => {});
}

/**
 * A track slot's output in the browser. An element's volume can only attenuate, so the
 * level (volume × gain) goes on the element while it is at most 1. A boost needs Web Audio:
 * the first time one is asked for while the AudioContext runs, the element is routed
 * through a GainNode to the speakers (for good: the browser cannot undo it), and from then
 * on the node carries the whole level and the element plays at full volume. The media is
 * same-origin (stream URLs, blob URLs, the offline cache), as a MediaElementAudioSourceNode
 * needs: cross-origin media without CORS would come out silent.
 *
 * The level applied, read back from the element and the node, is on the element as
 * `data-level` (browser tests read it).
 */
export function webAudioOutput(audio: HTMLAudioElement): SlotOutput {
  let node: GainNode | undefined;
  let level = { volume: 1, gain: 1 };
  const apply = () => {
    const { volume, gain } = level;
    if (!node && volume * gain > 1 && context?.state === 'running') {
      node = context.createGain();
      context.createMediaElementSource(audio).connect(node).connect(context.destination);
    }
    if (node) {
      audio.volume = 1;
      node.gain.value = volume * gain;
    } else audio.volume = Math.min(1, volume * gain);
    audio.dataset.level = String(audio.volume * (node?.gain.value ?? 1));
  };
  reapply.add(apply);
  return {
    setLevel(volume, gain) {
      level = { volume, gain };
      apply();
    },
  };
}
