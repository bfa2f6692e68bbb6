import { distance } from 'fastest-levenshtein';

const squash = (s: string) => s.toLowerCase().replace(/[-_\s.]/g, '');

/**
 * The candidate a misspelled name most likely meant: same letters in another case or with
 * separators (`infiniband_guid` → `infinibandGUID`, `linkstate` → `linkState`), else the nearest by
 * edit distance when it is close enough to be a typo rather than a different word.
 */
export function suggestName(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word === '') return undefined;
  const lower = word.toLowerCase();
  const sameCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const squashed = squash(word);
  const sameLetters = candidates.find((c) => squash(c) === squashed);
  if (sameLetters) return sameLetters;

  // A cut-short word (netdev for netdevice) is a typo too.
  const prefixed = candidates.filter((c) => lower.length >= 4 && c.toLowerCase().startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];

  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(Math.max(word.length, 3) / 3)));
  return bestDistance <= limit ? best : undefined;
}

/** "a, b or c" for messages. */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
