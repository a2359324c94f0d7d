import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeZoneName, zonedDayStart, zoneOffset } from './time.ts';

const start = (day: string, zone: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(zonedDayStart(y, m - 1, d, zone)).toISOString();
};

test('a day starts at its local midnight, on either side of a DST change', () => {
  assert.equal(start('2026-01-01', 'Europe/Stockholm'), '2025-12-31T23:00:00.000Z');
  assert.equal(start('2026-03-29', 'Europe/Stockholm'), '2026-03-28T23:00:00.000Z', 'the 23-hour day');
  assert.equal(start('2026-03-30', 'Europe/Stockholm'), '2026-03-29T22:00:00.000Z');
  assert.equal(start('2026-10-26', 'Europe/Stockholm'), '2026-10-25T23:00:00.000Z', 'after the 25-hour day');
  assert.equal(start('2026-03-09', 'America/Los_Angeles'), '2026-03-09T07:00:00.000Z');
  assert.equal(start('2026-11-02', 'America/Los_Angeles'), '2026-11-02T08:00:00.000Z');
  assert.equal(start('2026-01-01', 'Asia/Kathmandu'), '2025-12-31T18:15:00.000Z');
  assert.equal(start('2026-01-01', 'UTC'), '2026-01-01T00:00:00.000Z');
});

test('where the clocks skip midnight, the day starts when they resume; a skipped day has no length', () => {
  assert.equal(start('2022-09-11', 'America/Santiago'), '2022-09-11T04:00:00.000Z', '00:00 −04 became 01:00 −03');
  assert.equal(start('2011-12-30', 'Pacific/Apia'), start('2011-12-31', 'Pacific/Apia'), 'Samoa skipped 30 December 2011');
});

test('offsets and zone names come from Intl', () => {
  assert.equal(zoneOffset(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Stockholm'), 7_200_000);
  assert.equal(zoneOffset(Date.parse('2026-01-01T12:00:00Z'), 'America/Los_Angeles'), -28_800_000);
  assert.equal(timeZoneName('europe/stockholm'), 'Europe/Stockholm');
  assert.equal(timeZoneName('Mars/Olympus'), null);
});
