/**
 * High-entropy strings: a value that looks random is judged a secret whatever its name.
 *
 * Thresholds were chosen by measuring two corpora (docs/policies.md, "Secrets by value"):
 * every string input and output of the prod and dr stacks (1,829 values, 1,362 tokens of 16+
 * characters) and 2,000 random strings per length and alphabet. A token counts as random when
 * - it is at least MIN_LENGTH characters and has no benign shape (ARN, UUID, digest, AWS
 *   resource id, host name, path, IAM action, …);
 * - it mixes character classes as random text does: lower case, upper case and at least
 *   MIN_DIGITS digits (one from 32 characters on), or it is hexadecimal and at
 *   least HEX_MIN_LENGTH long; a password with all four classes is judged from 12 characters;
 * - its Shannon entropy reaches the threshold for its length: the 1st percentile of random
 *   alphanumeric strings of that length, less a margin (hexadecimal: its own table).
 * The stacks' own values stay below the thresholds (the highest, `HTTPCode_ELB_5XX_Count` and an
 * RDS resource id, are excluded by the digit rule and by shape), while 83% of random
 * alphanumeric strings of 20 characters, 91% of 24 and 99.7% or more of 32+ reach them.
 */

/** Shannon entropy in bits per character. */
export function shannon(text: string): number {
    const counts = new Map<string, number>();
    for (const c of text) {
        counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    let bits = 0;
    for (const n of counts.values()) {
        const p = n / text.length;
        bits -= p * Math.log2(p);
    }
    return bits;
}

export const MIN_LENGTH = 20;
/** Passwords (all four classes: lower, upper, digit, symbol) are judged from this length. */
export const PASSWORD_MIN_LENGTH = 12;
const MIN_DIGITS = 2;
const HEX_MIN_LENGTH = 32;

/**
 * Entropy thresholds by length (interpolated linearly; the last holds beyond). Alphanumeric:
 * measured 1st percentile of random strings 3.62 (20), 3.86 (24), 4.19 (32), 4.44 (40), 4.90 (64),
 * less 0.1. Hexadecimal: 3.26 (32), 3.39 (40), 3.64 (64), less 0.1.
 */
const MIXED_THRESHOLDS: readonly [number, number][] = [[20, 3.52], [24, 3.76], [32, 4.09], [40, 4.34], [64, 4.8]];
/** Four-class passwords: a random 12-character one has about 3.4 bits per character. */
const PASSWORD_THRESHOLDS: readonly [number, number][] = [[12, 3.1], [16, 3.4], [20, 3.52], [24, 3.76], [32, 4.09], [40, 4.34], [64, 4.8]];
const HEX_THRESHOLDS: readonly [number, number][] = [[32, 3.16], [40, 3.29], [64, 3.54]];

function threshold(table: readonly [number, number][], length: number): number {
    if (length <= table[0][0]) {
        return table[0][1];
    }
    for (let i = 1; i < table.length; i++) {
        const [l1, t1] = table[i];
        if (length <= l1) {
            const [l0, t0] = table[i - 1];
            return t0 + (t1 - t0) * (length - l0) / (l1 - l0);
        }
    }
    return table[table.length - 1][1];
}

/** Shapes that are long and varied but public by nature. */
const BENIGN_SHAPES: readonly RegExp[] = [
    /^arn:[a-z-]+:/i,                                              // ARNs
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // UUIDs
    /^(?:sha256|sha384|sha512|sha1|md5):[0-9a-f]+$/i,             // digests (image digests)
    /@sha256:[0-9a-f]{64}$/i,                                      // image references pinned by digest
    /^[a-z]+(?:-[a-z]+)*-[0-9a-f]{8,17}$/,                        // AWS resource ids (sg-…, vpc-…, nat-…)
    /^db-[A-Z0-9]{26}$/,                                           // RDS resource ids
    /^[a-z0-9-]+:[A-Za-z0-9*]+$/,                                  // IAM actions (s3:GetObject)
    /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?::\d+)?$/i, // host names
    /^\.{0,2}\/[\w./@+-]*$/,                                       // paths (/ecs/expertconnect-prod-backend)
    /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$/,                       // dates
];

/** Whether the token has a shape that is public by nature. */
export function hasBenignShape(token: string): boolean {
    return BENIGN_SHAPES.some(p => p.test(token));
}

/** Whether `token` looks like random text (see the module comment). */
export function looksRandom(token: string): boolean {
    if (token.length < PASSWORD_MIN_LENGTH || hasBenignShape(token)) {
        return false;
    }
    const entropy = shannon(token);
    if (/^[0-9a-f]+$/i.test(token)) {
        return token.length >= HEX_MIN_LENGTH && entropy >= threshold(HEX_THRESHOLDS, token.length);
    }
    const lower = /[a-z]/.test(token);
    const upper = /[A-Z]/.test(token);
    const digits = (token.match(/[0-9]/g) ?? []).length;
    const symbols = /[^A-Za-z0-9\-_./:]/.test(token);
    if (lower && upper && digits > 0 && symbols && token.length >= PASSWORD_MIN_LENGTH) {
        return entropy >= threshold(PASSWORD_THRESHOLDS, token.length);
    }
    const mixed = lower && upper && digits >= (token.length >= 32 ? 1 : MIN_DIGITS);
    return token.length >= MIN_LENGTH && mixed && entropy >= threshold(MIXED_THRESHOLDS, token.length);
}

/** A password is judged by its look (not its entropy) from this length. */
export const CREDENTIAL_MIN_LENGTH = 8;

/**
 * Whether a value given under a credential's name also looks like one, for inputs where prose is
 * common (descriptions, tags, event payloads): one token of CREDENTIAL_MIN_LENGTH characters or
 * more, no public shape, and random-looking or mixing three of lower case, upper case, digits and
 * symbols (`Winter2024`, `hunter2!`), which words such as "rotated" or "monthly" do not.
 */
export function looksLikeCredential(value: string): boolean {
    const token = value.trim();
    if (token.length < CREDENTIAL_MIN_LENGTH || /\s/.test(token) || hasBenignShape(token)) {
        return false;
    }
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9\-_./:]/].filter(p => p.test(token)).length;
    return classes >= 3 || looksRandom(token);
}
