/**
 * How alike two passages are, for proposing links between an imported item and one already in
 * the tracker. Words are compared, not characters: case, punctuation, quote styles and line breaks
 * do not count, and neither do the commonest function words.
 */
const STOP_WORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were will with should force forces our we'.split(
    ' ',
  ),
);

/** The distinct content words of a text. */
export function contentWords(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .split(/[^a-z0-9']+/)
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word));
  return new Set(words);
}

/** How many words two sets share. */
function sharedCount(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  let shared = 0;
  for (const word of left) {
    if (right.has(word)) {
      shared += 1;
    }
  }
  return shared;
}

/** Dice's coefficient over content words: 1 for the same words, 0 for none in common. */
export function textSimilarity(a: string, b: string): number {
  const left = contentWords(a);
  const right = contentWords(b);
  return left.size === 0 || right.size === 0 ? 0 : (2 * sharedCount(left, right)) / (left.size + right.size);
}

/** The share of the shorter text's content words that the longer one also has (a quote inside a passage scores 1). */
export function textContainment(a: string, b: string): number {
  const left = contentWords(a);
  const right = contentWords(b);
  const small = Math.min(left.size, right.size);
  return small === 0 ? 0 : sharedCount(left, right) / small;
}

/**
 * The larger of the two: Dice's coefficient, or containment weighted down by `containmentWeight`
 * (a short text inside a long one is a weaker sign of the same item than the same words throughout).
 */
export function blendedSimilarity(a: string, b: string, containmentWeight: number): number {
  return Math.max(textSimilarity(a, b), textContainment(a, b) * containmentWeight);
}
