import { distance } from 'fastest-levenshtein';

/**
 * The known name a misspelt one most likely meant (`replica` → `replicas`, `ingres` → `ingress`, `tga` → `tag`,
 * `dependson` → `dependsOn`): at most a third of its letters off, or its letters swapped, ignoring case;
 * undefined when none is that close.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const other = candidate.toLowerCase();
    const apart = distance(lower, other);
    const close = apart <= Math.max(1, Math.floor(other.length / 3)) || (apart === 2 && sameLetters(lower, other));
    if (close && (!best || apart < best.distance)) best = { name: candidate, distance: apart };
  }
  return best?.name;
}

/** Two letters swapped (`tga`, `tag`) are two edits apart, but one slip of the fingers. */
function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}
