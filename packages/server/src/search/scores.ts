import { EXACT } from './matcher.ts';
import { Field } from './query-parser.ts';

/**
 * Ranking. A word's score is its match class first (exact > prefix > fuzzy), then the
 * field it matched in (title > artist > album > genre); a document's score is the sum over
 * the query's words (all must match), plus a bonus when the words are exactly the whole
 * title. Ties go to popularity, then to the id (see Segment's numbering).
 */
export const FIELD_SCORE = new Int8Array(16).map((_, mask) => (mask & Field.title ? 3 : mask & Field.artist ? 2 : mask & Field.album ? 1 : 0));
export const CLASS_WEIGHT = 4;
export const WHOLE_TITLE_BONUS = 2;
/** The best a single word can score: exact, in the title. */
export const BEST_WORD = EXACT * CLASS_WEIGHT + 3;
