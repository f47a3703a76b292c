/**
 * Whether a key policy statement for an AWS service principal keeps the scoping AWS documents
 * for that service (policy/lib/facts/keyServiceScoping.ts): without it the service uses the key
 * for any account's resources that name it (confused deputy).
 */
import { accountOf, parseArn } from "../lib/iam/arn";
import { entriesOf, isRestrictive } from "../lib/iam/conditions";
import { NormalStatement } from "../lib/iam/document";
import { KeyServiceScoping, keyServiceScoping } from "../lib/facts/keyServiceScoping";

/** Actions that reveal no data and create nothing (AWS's own CloudTrail key policy grants DescribeKey unconditioned). */
const METADATA_ONLY = /^kms:(DescribeKey|GetPublicKey|GetKeyPolicy|GetKeyRotationStatus|ListResourceTags)$/i;

/** Whether a condition key is one of the fact's keys (`kms:EncryptionContext:*` stands for every context key). */
function scopingKey(fact: KeyServiceScoping, key: string): boolean {
    return fact.keys.some(k => k.toLowerCase() === key.toLowerCase() || (k.endsWith(":*") && key.toLowerCase().startsWith(k.slice(0, -1).toLowerCase())));
}

/**
 * Why an Allow statement of a key policy leaves `service` unconfined, or undefined: one of the
 * keys AWS documents for the service, with a requiring operator, and every value naming one of
 * `accounts` (an ARN with a wildcard account names none) — and for a regional service, the
 * principal's region.
 */
export function keyServiceScopeProblem(s: NormalStatement, service: string, accounts: readonly string[]): string | undefined {
    const fact = keyServiceScoping(service);
    const actions = s.action ?? [];
    if (!fact || fact.keys.length === 0 || (s.notAction === undefined && actions.length > 0 && actions.every(a => METADATA_ONLY.test(a)))) {
        return undefined;
    }
    const region = fact.regional ? fact.principal.exec(service)?.[1] : undefined;
    const scoped = entriesOf(s.condition).filter(e => isRestrictive(e) && scopingKey(fact, e.key)).some(e => e.values.every(v => {
        const account = accountOf(v);
        if (account === undefined || !accounts.includes(account)) return false;
        const arn = parseArn(v);
        return region === undefined || arn === undefined || arn.region === region;
    }));
    if (scoped) {
        return undefined;
    }
    const wanted = fact.keys.map(k => k.replace(/:\*$/, ":…")).join(" or ");
    return `statement ${s.index} lets ${service} use the key without ${wanted} naming this account${region ? ` and region ${region}` : ""}: ` +
        `the service would use it for any account's resources that name the key (confused deputy; ${fact.source})`;
}
