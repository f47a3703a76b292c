/**
 * Edit distance with adjacent transpositions (optimal string alignment), case-insensitive:
 * `regoin` is one step from `region`, `databse` one from `database`.
 */
export function editDistance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
    for (let j = 1; j <= t.length; j++) d[0][j] = j;
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[s.length][t.length];
}

/**
 * The candidate closest to `word`, if it is close enough to be a typo of it: at most a third
 * of the word's letters wrong (at least one), or the same letters apart from case and `-`/`_`.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    const plain = (w: string) => w.toLowerCase().replace(/[-_]/g, "");
    const limit = Math.max(1, Math.floor(word.length / 3));
    let best: { candidate: string; distance: number } | undefined;
    for (const candidate of candidates) {
        const distance = plain(candidate) === plain(word) ? 0 : editDistance(word, candidate);
        if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
    }
    return best?.candidate;
}

/** ` (did you mean X?)` or nothing. */
export function didYouMean(suggestion: string | undefined): string {
    return suggestion === undefined ? "" : ` (did you mean ${suggestion}?)`;
}
