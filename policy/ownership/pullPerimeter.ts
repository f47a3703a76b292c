/**
 * Where the stack's identities may pull images from. An execution role that may read any
 * repository (`ecr:BatchGetImage` on `*`, on a wildcard account, on a repository the stack does
 * not hold) lets a task definition run whatever another account or team pushed, outside the
 * stack's scanning, immutable tags and lifecycle; the image reference alone is judged elsewhere,
 * the grant is what makes a swapped image start. Each identity document the stack writes is
 * asked, with the IAM evaluation core, whether it allows a pull from a repository of an
 * untrusted account, from an unheld repository of the stack's own account, and from each
 * repository a statement names that the stack neither holds nor pulls from AWS (GuardDuty's
 * Fargate agent of the stack's region). AWS managed policies are judged by iam-no-broad-grants.
 */
import { parseArn } from "../lib/iam/arn";
import { NormalPolicy } from "../lib/iam/document";
import { probeResource } from "../lib/iam/evaluate";
import { Identity } from "../iam/identities";
import { awsOwnedRepository, Held, holdsRepository } from "./computeSources";
import { allowedProbeFindings, concrete, mayAllow, PerimeterFinding, Probe } from "./writePerimeter";

/** The actions that fetch an image's manifest and layers: with both, the image runs. */
export const PULL_ACTIONS: readonly string[] = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/** What pulls are judged against. */
export interface PullPerimeter {
    held: Held;
    /** The stack's own account. */
    account: string;
    /** The stack's account and the trusted ones: another trusted account's repositories (a shared build account's) are a configured source. */
    trusted: readonly string[];
    /** An account that is not trusted, owning the probed repositories. */
    outsider: string;
    region: string;
}

/** The pulls that reach a repository outside the stack: one unnamed repository of the outsider and of the stack's account, and each unheld repository a statement names. */
async function probesOf(policy: NormalPolicy, perimeter: PullPerimeter): Promise<Probe[]> {
    const out: Probe[] = [];
    const actions = PULL_ACTIONS.filter(a => policy.statements.some(s => mayAllow(s, [a])));
    for (const action of actions) {
        for (const account of [perimeter.outsider, perimeter.account]) {
            const resource = await probeResource(action, account, perimeter.region);
            if (resource && resource !== "*") out.push({ action, resource, account, target: `a repository of ${account === perimeter.account ? "this account the stack does not hold" : "any account"}` });
        }
    }
    for (const s of policy.statements.filter(x => mayAllow(x, actions))) {
        for (const pattern of s.resource ?? []) {
            const arn = parseArn(pattern);
            if (!arn || arn.service !== "ecr" || !arn.resource.startsWith("repository/")) continue;
            // A wildcard account reaches the outsider's repositories; a wildcard name, repositories the stack never created.
            const account = /^\d{12}$/.test(arn.account) ? arn.account : perimeter.outsider;
            if (account !== perimeter.account && perimeter.trusted.includes(account)) continue;
            const resource = `arn:${arn.partition}:ecr:${concrete(arn.region)}:${account}:${concrete(arn.resource)}`;
            if (holdsRepository(resource, perimeter.held) || awsOwnedRepository(resource, perimeter.region)) continue;
            actions.forEach(action => out.push({ action, resource, account, target: pattern }));
        }
    }
    return out;
}

/** The documents of `identities` that allow pulling an image from a repository outside the stack. */
export function pullFindings(identities: Identity[], perimeter: PullPerimeter): Promise<PerimeterFinding[]> {
    return allowedProbeFindings(identities, PULL_ACTIONS, policy => probesOf(policy, perimeter));
}
