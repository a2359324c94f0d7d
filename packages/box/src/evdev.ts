import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { errorText, type Log } from './log.ts';

/** Linux key codes (input-event-codes.h) a card reader types: digits, letters, keypad, minus, Enter. */
const KEYS: Record<number, string> = {
  12: '-',
  28: '\n',
  96: '\n',
  11: '0',
  82: '0',
  79: '1',
  80: '2',
  81: '3',
  75: '4',
  76: '5',
  77: '6',
  71: '7',
  72: '8',
  73: '9',
};
for (let d = 1; d <= 9; d++) KEYS[d + 1] = String(d);
for (const [row, first] of [
  ['qwertyuiop', 16],
  ['asdfghjkl', 30],
  ['zxcvbnm', 44],
] as const)
  for (const [i, letter] of [...row].entries()) KEYS[first + i] = letter;
const SHIFTS = new Set([42, 54]);
const EV_KEY = 1;

/**
 * Reads a keyboard-wedge card reader straight from its input device (`/dev/input/event3`,
 * or a stable `/dev/input/by-id/…-event-kbd`), as the text it types, for readCardLines.
 * Each `input_event` is 24 bytes on 64-bit Linux (16 on 32-bit): a time, then type, code and
 * value; a key press is type 1, value 1. The keys still reach the console too (the box does
 * not grab the device; a headless box has nobody at its console).
 */
export function evdevText(path: string, log: Log, bits: 32 | 64 = process.arch === 'arm' || process.arch === 'ia32' ? 32 : 64): Readable {
  const size = bits === 64 ? 24 : 16;
  const out = new PassThrough();
  const input = createReadStream(path);
  let rest = Buffer.alloc(0);
  let shift = false;
  input.on('data', (chunk: Buffer | string) => {
    let buf = Buffer.concat([rest, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
    let text = '';
    for (; buf.length >= size; buf = buf.subarray(size)) {
      const type = buf.readUInt16LE(size - 8);
      const code = buf.readUInt16LE(size - 6);
      const value = buf.readInt32LE(size - 4);
      if (type !== EV_KEY) continue;
      if (SHIFTS.has(code)) shift = value !== 0;
      else if (value === 1 && KEYS[code]) text += shift ? KEYS[code].toUpperCase() : KEYS[code];
    }
    rest = Buffer.from(buf);
    if (text) out.write(text);
  });
  input.on('error', (error) => {
    log('the card reader cannot be read', { path, error: errorText(error) });
    out.end();
  });
  input.on('end', () => out.end());
  return out;
}
