/**
 * What compute runs as and runs from: the identity a resource acts with (a task's task and
 * execution roles, a function's, a canary's, a flow log's or a backup selection's role: the
 * properties iam/roleUsers lists as handing a role to a service) and where its code comes from (a function's, layer's or canary's code
 * bucket, a function's layers, an image's repository). The pack judges what a role may do by the
 * policies the stack writes for it; a role the stack does not hold has policies no review sees
 * (an account's administrator role, another team's role), and code from a bucket, layer or
 * repository outside the stack is whatever its owner puts there. So each of these values must
 * resolve to a resource the stack (or a stack it references) holds, or to a source AWS owns and
 * defines: a service-linked role, GuardDuty's Fargate agent repository of the stack's region.
 */
import { Arn } from "../lib/iam/arn";
import { ecrImage } from "../lib/ecr";
import { ROLE_USERS } from "../iam/roleUsers";
import { guardDutyAgentRepositoryArn, GUARDDUTY_FARGATE_AGENT_ACCOUNTS } from "../lib/facts/guardDutyAgent";

/**
 * Keys, by type, naming by bare name the bucket a compute resource's code is read from. A
 * function's, layer's and canary's code come from the object at s3Bucket/s3Key.
 */
export const CODE_BUCKETS: Readonly<Record<string, readonly string[]>> = {
    "aws:lambda/function:Function": ["s3Bucket"],
    "aws:lambda/layerVersion:LayerVersion": ["s3Bucket"],
    "aws:synthetics/canary:Canary": ["s3Bucket"],
};


/** What the stack holds, as ownership-references indexes it (ARNs, URLs, a referenced stack's outputs). */
export interface Held {
    has(value: string): boolean;
}

/** The ARN of the repository an ECR image URI or repository URL names. */
export function repositoryArnOf(image: string): string | undefined {
    const parts = ecrImage(image);
    return parts ? `arn:aws:ecr:${parts.region}:${parts.account}:repository/${parts.repository}` : undefined;
}

/**
 * Repositories AWS owns that a stack legitimately pulls from: GuardDuty's Fargate agent, which
 * ECS adds to each task with Runtime Monitoring and pulls with the task's execution role.
 */
export function awsOwnedRepository(arn: string, region: string | undefined): boolean {
    return region !== undefined && region in GUARDDUTY_FARGATE_AGENT_ACCOUNTS && arn === guardDutyAgentRepositoryArn(region);
}

/** Whether the stack holds the repository `arn` (by its ARN, or by its URL: a repository's `repositoryUrl`, a referenced stack's replica URLs). */
export function holdsRepository(arn: string, held: Held): boolean {
    if (held.has(arn)) return true;
    const m = /^arn:aws:ecr:([^:]+):(\d{12}):repository\/(.+)$/.exec(arn);
    return m !== null && held.has(`${m[2]}.dkr.ecr.${m[1]}.amazonaws.com/${m[3]}`);
}

/** Where a value was found: the resource's type, the property path (`[]` for list items), the value and, when it is one, its ARN. */
export interface SourceValue {
    type: string;
    path: string;
    value: string;
    arn: Arn | undefined;
}

/** What sources are judged against. */
export interface SourceContext {
    held: Held;
    /**
     * The stack's account: its layers and repositories must be the stack's. Another trusted
     * account's (a shared build account's registry) is a configured source, held by its own stacks.
     */
    account: string;
    region: string | undefined;
    /** Why a bucket name is not the stack's (see ownership-references' foreignBucket), or undefined. */
    bucketProblem(name: string): string | undefined;
}

/** Why a value a resource names is an identity or code source outside the stack (the end of a sentence), or undefined. */
export function foreignComputeSource({ type, path, value, arn }: SourceValue, { held, account, region, bucketProblem }: SourceContext): string | undefined {
    if ((CODE_BUCKETS[type] ?? []).includes(path)) {
        const why = bucketProblem(value);
        return why && `${why}: the code is read from there, and whoever writes there decides what runs. Upload the code to a bucket of the stack, or deploy it from the program as an archive`;
    }
    // The properties that hand a role to a service are the ones iam-trust-policy judges trust by (ROLE_USERS).
    if (arn && arn.service === "iam" && arn.resource.startsWith("role/") && (ROLE_USERS[type]?.properties ?? []).includes(path)) {
        // A service-linked role's policy is AWS's own, fixed for its service.
        if (arn.resource.startsWith("role/aws-service-role/") || held.has(value)) return undefined;
        return "is no role of this stack: the pack judges what compute may do by the policies the stack writes for its own roles, and this one's (an account administrator's, another team's) are beyond its review. " +
            "Create the role in the program with only what the resource needs and pass its arn output";
    }
    if (arn && arn.service === "lambda" && arn.account === account && arn.resource.startsWith("layer:") && /(^|\.)layers\[\]$/.test(path)) {
        return held.has(value) ? undefined : "is no layer version of this stack: its code runs inside the function, with the function's role, and is whatever the layer's publisher put there. Publish the layer from the program (aws.lambda.LayerVersion) and pass its arn output";
    }
    const repository = ecrImage(value)?.account === account ? repositoryArnOf(value) : undefined;
    if (repository !== undefined && !holdsRepository(repository, held) && !awsOwnedRepository(repository, region)) {
        return `pulls from repository ${repository}, which the stack does not hold: what runs is whatever is pushed there, outside the stack's scanning, tag immutability and lifecycle. Push the image to a repository of the stack and name its repositoryUrl output`;
    }
    return undefined;
}
