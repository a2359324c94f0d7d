import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Queue, emptyQueue, type QueueTrack } from './queue.ts';

const track = (id: string): QueueTrack => ({ id, title: id, artist: 'a', durationMs: 200_000 });
const album = ['a', 'b', 'c', 'd'].map(track);
const ids = (tracks: (QueueTrack | undefined)[]) => tracks.map((t) => t?.id);

test('plays a context in order and stops at its end', () => {
  let q = Queue.setContext(emptyQueue(), album, 1, 'runnel:album:x');
  assert.equal(Queue.current(q)?.id, 'b');
  assert.equal(Queue.peekNext(q)?.id, 'c');
  q = Queue.advance(Queue.advance(q));
  assert.equal(Queue.current(q)?.id, 'd');
  assert.equal(Queue.peekNext(q), undefined);
  q = Queue.advance(q);
  assert.equal(Queue.current(q), undefined);
});

test('next-up items play before the rest of the context, then the context resumes', () => {
  let q = Queue.setContext(emptyQueue(), album, 0, null);
  q = Queue.addToQueue(q, [track('x'), track('y')]);
  q = Queue.playNext(q, [track('n')]);
  assert.deepEqual(ids(q.nextUp), ['n', 'x', 'y']);
  const played = [];
  for (let i = 0; i < 6; i++) {
    played.push(Queue.current(q)?.id);
    q = Queue.advance(q);
  }
  assert.deepEqual(played, ['a', 'n', 'x', 'y', 'b', 'c']);
});

test('repeat context wraps around; repeat track stays unless skipped by hand', () => {
  let q = Queue.setRepeat(Queue.setContext(emptyQueue(), album, 3, null), 'context');
  assert.equal(Queue.peekNext(q)?.id, 'a');
  q = Queue.advance(q);
  assert.equal(Queue.current(q)?.id, 'a');
  q = Queue.setRepeat(q, 'track');
  assert.equal(Queue.peekNext(q)?.id, 'a');
  assert.equal(Queue.current(Queue.advance(q))?.id, 'a');
  assert.equal(Queue.current(Queue.advance(q, true))?.id, 'b');
});

test('shuffle keeps the playing track, plays every track once, and unshuffle resumes in order', () => {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const many = Array.from({ length: 50 }, (_, i) => track(`t${i}`));
  let q = Queue.setContext(emptyQueue(), many, 10, null);
  q = Queue.setShuffle(q, true, random);
  assert.equal(Queue.current(q)?.id, 't10');
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    seen.add(Queue.current(q)!.id);
    q = Queue.advance(q);
  }
  assert.equal(seen.size, 50);
  let r = Queue.setShuffle(Queue.setContext(emptyQueue(), many, 0, null), true, random);
  r = Queue.advance(r);
  const playing = Queue.current(r)!.id;
  r = Queue.setShuffle(r, false);
  assert.equal(Queue.current(r)!.id, playing);
  assert.equal(Queue.peekNext(r)!.id, `t${Number(playing.slice(1)) + 1}`);
});

test('queue items can be reordered and removed; previous goes back', () => {
  let q = Queue.addToQueue(Queue.setContext(emptyQueue(), album, 2, null), [track('x'), track('y'), track('z')]);
  q = Queue.moveInQueue(q, 2, 0);
  assert.deepEqual(ids(q.nextUp), ['z', 'x', 'y']);
  q = Queue.removeFromQueue(q, 1);
  assert.deepEqual(ids(q.nextUp), ['z', 'y']);
  assert.equal(Queue.current(Queue.previous(q))?.id, 'b');
  assert.deepEqual(ids(Queue.upcoming(q)), ['d']);
});

test('a context can grow at its end (a radio station): the new tracks play after the rest, shuffled or not', () => {
  for (const shuffle of [false, true]) {
    let q = Queue.setShuffle(Queue.setContext(emptyQueue(), album.slice(0, 2), 0, 'runnel:radio:x'), shuffle, () => 0.3);
    const before = [Queue.current(q)?.id];
    q = Queue.advance(q);
    before.push(Queue.current(q)?.id);
    q = Queue.extendContext(q, [track('e'), track('f')]);
    assert.equal(Queue.peekNext(q)?.id, 'e');
    q = Queue.advance(q);
    q = Queue.advance(q);
    assert.equal(Queue.current(q)?.id, 'f');
    assert.deepEqual(before.sort(), ['a', 'b']);
  }
});

test('an item of the context is removed by its place in the play order; the one playing stays', () => {
  let q = Queue.setContext(emptyQueue(), album, 2, 'runnel:album:x');
  q = Queue.removeFromContext(q, 0);
  assert.deepEqual(ids(q.tracks), ['b', 'c', 'd']);
  assert.equal(Queue.current(q)?.id, 'c');
  q = Queue.removeFromContext(q, 2);
  assert.deepEqual(ids(q.tracks), ['b', 'c']);
  assert.equal(Queue.current(q)?.id, 'c');
  assert.equal(Queue.removeFromContext(q, q.cursor), q, 'the track playing is not removed');
  assert.equal(Queue.removeFromContext(q, 9), q);
});
