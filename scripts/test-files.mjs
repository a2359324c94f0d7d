// What the test runners (test.mjs, test-cluster.mjs) read of a test file to sort it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const source = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/**
 * Whether a test file's text matches `pattern`, or that of a local module it imports (those
 * whose path matches `through`, if given), up to `depth` imports away.
 */
export function mentions(file, pattern, { depth = 1, through = /./ } = {}) {
  const text = source(file);
  if (pattern.test(text)) return true;
  if (depth === 0) return false;
  return [...text.matchAll(/from '(\.[^']+\.ts)'/g)].some(
    (m) => through.test(m[1]) && mentions(join(dirname(file), m[1]), pattern, { depth: depth - 1, through }),
  );
}
