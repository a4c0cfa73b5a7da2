/**
 * Breaks text into lines that fit a width, the way a word processor does: at spaces, keeping the
 * text's own line breaks, and through a word only when the word alone is wider than the line.
 * Pure: the caller says how wide a string is (in the PDF, the current font's measure).
 */
export type MeasureWidth = (text: string) => number;

/** The longest start of `word` that fits `width` (at least one character, so lines always advance). */
function longestFittingStart(word: string, width: number, widthOf: MeasureWidth): number {
  let low = 1;
  let high = word.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (widthOf(word.slice(0, middle)) <= width) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low;
}

export function wrapText(text: string, width: number, widthOf: MeasureWidth): string[] {
  const lines: string[] = [];
  const space = widthOf(' ');
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(' ').filter((word) => word.length > 0);
    let line = '';
    let lineWidth = 0;
    for (let word of words) {
      let wordWidth = widthOf(word);
      if (line && lineWidth + space + wordWidth <= width) {
        line += ` ${word}`;
        lineWidth += space + wordWidth;
        continue;
      }
      if (line) {
        lines.push(line);
      }
      while (wordWidth > width && word.length > 1) {
        const cut = longestFittingStart(word, width, widthOf);
        lines.push(word.slice(0, cut));
        word = word.slice(cut);
        wordWidth = widthOf(word);
      }
      line = word;
      lineWidth = wordWidth;
    }
    lines.push(line);
  }
  return lines;
}

/** At most `max` lines; when some are dropped, the last one kept ends with an ellipsis that fits. */
export function clipLines(lines: readonly string[], max: number, width: number, widthOf: MeasureWidth): string[] {
  if (lines.length <= max) {
    return [...lines];
  }
  const kept = lines.slice(0, Math.max(1, max));
  let last = kept[kept.length - 1];
  while (last.length > 0 && widthOf(`${last}…`) > width) {
    last = last.slice(0, -1);
  }
  kept[kept.length - 1] = `${last.trimEnd()}…`;
  return kept;
}
