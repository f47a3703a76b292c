/**
 * The data perimeter of the stack's identities: a role or user that may send data into a
 * resource of another account (put objects into a bucket, send to a queue, publish to a topic,
 * put events on a bus, records on a stream, invoke a function) can copy whatever it reads there;
 * the other account's resource policy lets the write in, and it is the attacker's to write. A
 * bucket ARN carries no account and bucket names are first come, first served, so
 * `arn:aws:s3:::*\/*` or a partner's bucket name reaches a bucket an outsider owns. Each identity's
 * policies (those the stack writes; AWS managed policies are judged by iam-no-broad-grants) are
 * asked, with the IAM evaluation core, whether they allow such a send into another account: on a
 * resource no policy names, on each bucket a statement names that the stack does not hold, and on
 * each ARN a statement names in an untrusted account. An `aws:ResourceAccount` condition on the
 * stack's account keeps the send inside, as AWS evaluates it.
 */
import { accountOf, parseArn } from "../lib/iam/arn";
import { actsOn, globMatches } from "../lib/iam/catalog";
import { isPolicyError, NormalPolicy } from "../lib/iam/document";
import { evaluateDetailed, PROBE_NAME, probeResource } from "../lib/iam/evaluate";
import { Identity } from "../iam/identities";

/**
 * Actions that carry data into a resource another account may own and open to us by its
 * resource policy. CloudWatch Logs, Firehose and Step Functions take no cross-account writes
 * through a resource policy, so their writes stay in the account.
 */
export const DATA_SEND_ACTIONS: readonly string[] = [
    "s3:PutObject", "s3:ReplicateObject", "sqs:SendMessage", "sns:Publish", "events:PutEvents",
    "kinesis:PutRecord", "kinesis:PutRecords", "lambda:InvokeFunction", "dynamodb:PutItem",
];

/** A bucket name no policy names, standing for every bucket outside the stack. */
const OUTSIDE_BUCKET = "pack-probe-outside-bucket";

/** One identity document that lets its identity send data outside the stack. */
export interface PerimeterFinding {
    identity: Identity;
    document: Identity["documents"][number];
    action: string;
    /** Where: a bucket or ARN a statement names, or `a resource of any account`. */
    target: string;
}

/** What the perimeter is judged against. */
export interface Perimeter {
    /** Whether the stack (or a stack it references) holds a bucket of this name. */
    holdsBucket(name: string): boolean;
    /** The stack's account and the trusted ones. */
    trusted: readonly string[];
    /** An account that is not trusted, owning the probed resources. */
    outsider: string;
    region: string;
}

/** One request a perimeter asks an identity's policies about. */
export interface Probe {
    action: string;
    resource: string;
    account: string;
    /** For messages. */
    target: string;
}

/** Whether a statement may allow one of `actions` (before conditions and resources are judged). */
export function mayAllow(s: NormalPolicy["statements"][number], actions: readonly string[]): boolean {
    if (s.effect !== "Allow") return false;
    if (s.notAction) return actions.some(a => !s.notAction!.some(p => globMatches(p, a)));
    return actions.some(a => (s.action ?? []).some(p => globMatches(p, a)));
}

/** A pattern made concrete: what `partner-*` or `arn:aws:sqs:*:4444…:*` reaches beyond the stack. */
export const concrete = (pattern: string) => pattern.replace(/[*?]+/g, "pack-probe");

/**
 * The requests that would carry data outside: each send action on an unnamed resource of the
 * outsider, on each bucket the document names that the stack does not hold, and on each ARN it
 * names in an untrusted account.
 */
async function probesOf(policy: NormalPolicy, perimeter: Perimeter): Promise<Probe[]> {
    const out: Probe[] = [];
    const actions = DATA_SEND_ACTIONS.filter(a => policy.statements.some(s => mayAllow(s, [a])));
    for (const action of actions) {
        const anywhere = action.startsWith("s3:")
            ? `arn:aws:s3:::${OUTSIDE_BUCKET}/${PROBE_NAME}`
            : await probeResource(action, perimeter.outsider, perimeter.region);
        if (anywhere && anywhere !== "*") out.push({ action, resource: anywhere, account: perimeter.outsider, target: "a resource of any account" });
    }
    for (const s of policy.statements.filter(x => mayAllow(x, actions))) {
        for (const pattern of s.resource ?? []) {
            const bucket = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(pattern)?.[1];
            if (bucket !== undefined) {
                const name = concrete(bucket);
                if (!perimeter.holdsBucket(name)) {
                    actions.filter(a => a.startsWith("s3:")).forEach(action => out.push({ action, resource: `arn:aws:s3:::${name}/${PROBE_NAME}`, account: perimeter.outsider, target: name }));
                }
                continue;
            }
            const arn = parseArn(pattern);
            const account = arn && (accountOf(pattern) ?? (/[*?]/.test(arn.account) ? perimeter.outsider : undefined));
            if (account === undefined || perimeter.trusted.includes(account)) continue;
            const resource = concrete(pattern.replace(arn!.account, account));
            for (const action of actions) { // an access point's ARN carries its account: S3 writes through it are judged by that account
                if (await actsOn(action, resource)) out.push({ action, resource, account, target: pattern });
            }
        }
    }
    return out;
}

/** The first probe the policy allows, as its identity's own policies decide. */
async function firstAllowed(policy: NormalPolicy, probes: Probe[]): Promise<Probe | undefined> {
    for (const p of probes) {
        const decision = await evaluateDetailed({ identity: [policy] }, {
            action: p.action, resource: p.resource, resourceAccount: p.account,
            context: { "aws:ResourceAccount": p.account, ...(p.action.startsWith("s3:") ? { "s3:ResourceAccount": p.account } : {}) },
        });
        if (decision.identity === "Allowed") return p;
    }
    return undefined;
}

/**
 * The documents of `identities` (those the stack writes) that may allow one of `actions` and
 * allow one of the requests `probes` makes of them.
 */
export async function allowedProbeFindings(identities: Identity[], actions: readonly string[], probes: (policy: NormalPolicy) => Promise<Probe[]>): Promise<PerimeterFinding[]> {
    const out: PerimeterFinding[] = [];
    for (const identity of identities) {
        for (const document of identity.documents) {
            if (document.awsManaged || isPolicyError(document.policy) || !document.policy.statements.some(s => mayAllow(s, actions))) continue;
            const hit = await firstAllowed(document.policy, await probes(document.policy));
            if (hit) out.push({ identity, document, action: hit.action, target: hit.target });
        }
    }
    return out;
}

/** The documents of `identities` that allow sending data into a resource outside the stack. */
export function perimeterFindings(identities: Identity[], perimeter: Perimeter): Promise<PerimeterFinding[]> {
    return allowedProbeFindings(identities, DATA_SEND_ACTIONS, policy => probesOf(policy, perimeter));
}
