/**
 * Thresholds of the ranking strategies (exported so tests can shrink them and exercise
 * every path on a small index; the results never depend on them, only the speed).
 */
export const TUNING = {
  /** Above this many postings a single word is ranked in two tiers (broadWord). */
  broadWord: 150_000,
  /** Tier 1 may hold this many postings per word. */
  tierOnePostings: 20_000,
  /** Below this many candidates every one is scored, so the total is exact. */
  exactTotalUnder: 2_000,
  /** Up to this many candidates are collected and sorted; more are found by scanning in rank order. */
  listAtMost: 50_000,
  /**
   * Several words whose postings number at most this many in all are scored from their
   * postings (by-postings.ts: bounded cost, exact total); broader ones take the marking
   * and rank-order path below, which stops early when the best are found first.
   */
  postingsAtMost: 250_000,
  /**
   * When the walk (below) found the candidates too sparse to stop early: words with at most
   * this many postings in all are scored from their postings.
   */
  postingsAfterWalk: 800_000,
  /**
   * Broad queries first walk documents in rank order, scoring each through the forward
   * index, and stop when the best cannot change (walk.ts); after this many documents
   * without that, matches are too sparse for it and the postings paths take over.
   */
  walkDocs: 30_000,
  /** Postings of a word the walk reads to split it by posting (its tier 1); past this, by whole ranges. */
  scanPostings: 1_000_000,
};
