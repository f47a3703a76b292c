/**
 * Who may read a bucket's objects, derived from the stack's policies: the roles, users and groups
 * whose identity policies allow s3:GetObject on an object of it (a grant on `*` or on the bucket),
 * and the principals its bucket policy lets read. A copy of one bucket's data or metadata into
 * another (an inventory report, server access logs, replication, a storage-class analysis
 * export) reaches the destination's readers: when some of them cannot read the source, the copy
 * widens the source's audience (the backup bucket's object list, read by the web application
 * through the static-assets bucket). Identities that read both (an administrator, an AWS managed
 * ReadOnlyAccess) change nothing and are not counted.
 */
import { PolicyResource } from "@pulumi/policy";

import { globMatches } from "../lib/iam/catalog";
import { NormalPolicy, parsePolicy } from "../lib/iam/document";
import { allowsOn } from "../lib/iam/evaluate";
import { known } from "../lib/stack";
import { Identity } from "../iam/identities";
import { bucketName } from "./buckets";

/** The object every reader decision is asked about: a key the stack never names. */
const PROBE_KEY = "pack-audience-probe";

/** The readers a bucket policy names: principals of Allow statements whose actions cover s3:GetObject. */
function policyReaders(policy: NormalPolicy | undefined): string[] {
    return (policy?.statements ?? [])
        .filter(s => s.effect === "Allow" && (s.action ?? []).some(a => globMatches(a.toLowerCase(), "s3:getobject")))
        .flatMap(s => Object.entries(s.principal ?? {}).flatMap(([kind, ids]) => ids.map(id => id === "*" ? "anyone (Principal *)" : `${kind} ${id}`)));
}

/** Reader sets per bucket, computed once per bucket for one stack run. */
export class BucketAudience {
    private readonly cache = new Map<PolicyResource, Promise<Set<string>>>();

    constructor(private readonly identities: Identity[], private readonly bucketPolicies: Map<PolicyResource, PolicyResource[]>, private readonly account: string) {}

    /** Who may read the bucket's objects (identity labels and bucket-policy principals). */
    readers(bucket: PolicyResource): Promise<Set<string>> {
        let found = this.cache.get(bucket);
        if (!found) {
            found = this.compute(bucket);
            this.cache.set(bucket, found);
        }
        return found;
    }

    private async compute(bucket: PolicyResource): Promise<Set<string>> {
        const object = `arn:aws:s3:::${bucketName(bucket)}/${PROBE_KEY}`;
        const readers = new Set<string>();
        for (const identity of this.identities) {
            const identityPolicies = identity.documents.map(d => d.policy).filter((p): p is NormalPolicy => !("error" in p));
            if (identityPolicies.length > 0 && await allowsOn({ identity: identityPolicies }, "s3:GetObject", object, this.account)) {
                readers.add(identity.label);
            }
        }
        for (const setting of this.bucketPolicies.get(bucket) ?? []) {
            const parsed = parsePolicy(known(() => setting.props.policy));
            policyReaders("error" in parsed ? undefined : parsed).forEach(r => readers.add(r));
        }
        return readers;
    }

    /** The readers of `destination` who cannot read `source`: whom a copy from source to destination adds. */
    async widening(source: PolicyResource, destination: PolicyResource): Promise<string[]> {
        const [from, to] = await Promise.all([this.readers(source), this.readers(destination)]);
        return [...to].filter(r => !from.has(r));
    }
}
