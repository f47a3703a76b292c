/**
 * AWS-managed KMS keys (`alias/aws/rds`, `alias/aws/s3`, …) cannot have their key policy
 * changed, cannot be shared with another account or region and are not rotated or deleted on
 * the project's terms, so data that must be recoverable or copied uses a customer key.
 */

/** Whether a key reference names an AWS-managed key by its alias (bare or as an ARN). */
export function isAwsManagedKeyAlias(key: unknown): boolean {
    return typeof key === "string" && /(?:^|:)alias\/aws\//.test(key);
}

/**
 * A KMS key named in a value, as KMS resolves names: a key by its ARN or id (`1234abcd-…`, a
 * multi-Region `mrk-…`), an alias by its ARN or name (`alias/…`).
 */
export interface KeyMention {
    /** The text as written. */
    text: string;
    /** The key id, when a key is named. */
    keyId?: string;
    /** The alias name (`alias/…`), when an alias is named. */
    alias?: string;
    /** The region the text names (an ARN's), when it names one. */
    region?: string;
}

const KMS_ARN = /arn:aws[a-z-]*:kms:([a-z0-9-]*):(?:\d{12})?:(key|alias)\/([A-Za-z0-9/_+=.@-]+)/g;
const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const ALIAS_NAME = /^alias\/[A-Za-z0-9/_-]+$/;

/**
 * The KMS keys a string names, by value: every key or alias ARN in it (a policy document's JSON
 * included; a wildcard such as `key/*` names no one key), or the whole string when it is an alias
 * name. A bare key id says nothing of what it is, so it counts only where the caller knows the
 * value names a key (`keyIdHere`: a property named for a key).
 */
export function keyMentions(text: string, keyIdHere: boolean): KeyMention[] {
    const found: KeyMention[] = [];
    for (const m of text.includes(":kms:") ? text.matchAll(KMS_ARN) : []) {
        if (/[*?]/.test(text[m.index + m[0].length] ?? "")) continue;
        const [whole, region, kind, rest] = m;
        found.push(kind === "key" ? { text: whole, keyId: rest, region: region || undefined } : { text: whole, alias: `alias/${rest}`, region: region || undefined });
    }
    if (found.length > 0) return found;
    if (ALIAS_NAME.test(text)) return [{ text, alias: text }];
    return keyIdHere && KEY_ID.test(text) ? [{ text, keyId: text }] : [];
}
