/**
 * The S3 data perimeter of the stack's identities: a role or user that may put objects into a
 * bucket the stack does not hold can copy whatever it reads there (a bucket ARN carries no
 * account, and bucket names are first come, first served: `arn:aws:s3:::*\/*` or a partner's bucket
 * name reaches a bucket an outsider owns, whose own policy lets the write in). Each identity's
 * policies (those the stack writes; AWS managed policies are judged by iam-no-broad-grants) are
 * asked, with the IAM evaluation core, whether they allow an object write into a bucket of another
 * account: one no policy names, and each bucket a statement names that the stack does not hold.
 * An `aws:ResourceAccount` / `s3:ResourceAccount` condition on the stack's account keeps the write
 * inside, as AWS evaluates it.
 */
import { evaluateDetailed } from "../lib/iam/evaluate";
import { globMatches } from "../lib/iam/catalog";
import { isPolicyError, NormalPolicy } from "../lib/iam/document";
import { Identity } from "../iam/identities";

/** Actions that put data into an object of a bucket. */
export const OBJECT_WRITE_ACTIONS: readonly string[] = ["s3:PutObject", "s3:ReplicateObject"];

/** A bucket name no policy names, standing for every bucket outside the stack. */
const OUTSIDE_BUCKET = "pack-probe-outside-bucket";

/** One identity document that lets its identity write objects outside the stack. */
export interface PerimeterFinding {
    identity: Identity;
    document: Identity["documents"][number];
    action: string;
    /** The bucket written to: a name a statement gives, or `any bucket`. */
    bucket: string;
}

/** Whether a statement may allow one of `actions` (before conditions and resources are judged). */
function mayAllow(s: NormalPolicy["statements"][number], actions: readonly string[]): boolean {
    if (s.effect !== "Allow") return false;
    if (s.notAction) return actions.some(a => !s.notAction!.some(p => globMatches(p, a)));
    return actions.some(a => (s.action ?? []).some(p => globMatches(p, a)));
}

/**
 * The buckets a document's write statements name that the stack does not hold (wildcards made
 * concrete: `partner-*` reaches `partner-pack-probe`), plus the bucket no one names.
 */
function candidateBuckets(policy: NormalPolicy, held: (name: string) => boolean): string[] {
    const out = new Set<string>([OUTSIDE_BUCKET]);
    for (const s of policy.statements) {
        if (!mayAllow(s, OBJECT_WRITE_ACTIONS)) continue;
        for (const r of s.resource ?? []) {
            const m = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(r);
            if (!m) continue;
            const name = m[1].replace(/[*?]+/g, "pack-probe");
            if (!held(name)) out.add(name);
        }
    }
    return [...out];
}

/**
 * The documents of `identities` that allow an object write into a bucket outside the stack.
 * `held` says whether a bucket name is one the stack (or a stack it references) holds;
 * `outsider` is an account that is not trusted.
 */
export async function perimeterFindings(identities: Identity[], held: (name: string) => boolean, outsider: string): Promise<PerimeterFinding[]> {
    const out: PerimeterFinding[] = [];
    for (const identity of identities) {
        for (const document of identity.documents) {
            if (document.awsManaged || isPolicyError(document.policy) || !document.policy.statements.some(s => mayAllow(s, OBJECT_WRITE_ACTIONS))) continue;
            const policy = document.policy;
            const hit = await firstOutsideWrite(policy, candidateBuckets(policy, held), outsider);
            if (hit) out.push({ identity, document, ...hit });
        }
    }
    return out;
}

async function firstOutsideWrite(policy: NormalPolicy, buckets: string[], outsider: string): Promise<{ action: string; bucket: string } | undefined> {
    for (const bucket of buckets) {
        for (const action of OBJECT_WRITE_ACTIONS) {
            const decision = await evaluateDetailed({ identity: [policy] }, {
                action, resource: `arn:aws:s3:::${bucket}/pack-probe-unnamed`, resourceAccount: outsider,
                context: { "aws:ResourceAccount": outsider, "s3:ResourceAccount": outsider },
            });
            if (decision.identity === "Allowed") {
                return { action, bucket: bucket === OUTSIDE_BUCKET ? "any bucket" : bucket };
            }
        }
    }
    return undefined;
}
