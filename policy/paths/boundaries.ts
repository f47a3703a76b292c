/**
 * A role's permissions boundary as the path checks evaluate it: AWS allows a role's request only
 * when its identity policies and its boundary both allow it, so a boundary that leaves out what
 * a path needs breaks the path as surely as a dropped statement. The boundary's document comes
 * from the stack (a customer managed policy) or from what the pack knows of AWS managed policies;
 * a boundary the pack cannot read is recorded as refusing everything (AWS denies what a boundary
 * does not allow, and the pack cannot show it allows anything).
 */
import { managedVerdict, isAwsManaged } from "../iam/managed";
import { NormalPolicy, parsePolicy } from "../lib/iam";
import { PathResource, StackIndex } from "./model";

const MANAGED_POLICY = "aws:iam/policy:Policy";

/**
 * AWS managed policies in full, for those used as boundaries whose managed-policy entry (which
 * lists only what makes a policy broad) would be too narrow: AWSDenyAll denies everything;
 * ReadOnlyAccess allows the read families (Describe, Get, List, BatchGet…) of the services the
 * paths call, and not Secrets Manager's GetSecretValue, KMS's Decrypt or any write (as AWS's
 * reference lists them).
 */
const BOUNDARY_DOCUMENTS: Record<string, object[]> = {
    AWSDenyAll: [{ Effect: "Deny", Action: "*", Resource: "*" }],
    ReadOnlyAccess: [{
        Effect: "Allow", Resource: "*", Action: [
            "ecr:BatchCheck*", "ecr:BatchGet*", "ecr:Describe*", "ecr:Get*", "ecr:List*",
            "ssm:Describe*", "ssm:Get*", "ssm:List*", "secretsmanager:Describe*", "secretsmanager:GetResourcePolicy", "secretsmanager:List*",
            "kms:Describe*", "kms:Get*", "kms:List*", "logs:Describe*", "logs:Get*", "logs:List*", "logs:FilterLogEvents", "logs:StartQuery", "logs:StopQuery", "logs:TestMetricFilter",
            "s3:Describe*", "s3:Get*", "s3:List*", "rds:Describe*", "rds:List*", "lambda:Get*", "lambda:List*", "ecs:Describe*", "ecs:List*",
            "sns:Get*", "sns:List*", "sqs:Get*", "sqs:List*", "sqs:ReceiveMessage", "dynamodb:BatchGet*", "dynamodb:Describe*", "dynamodb:Get*", "dynamodb:List*", "dynamodb:Query", "dynamodb:Scan",
            "ec2:Describe*", "ec2:Get*", "cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*", "backup:Describe*", "backup:Get*", "backup:List*",
            "iam:Get*", "iam:List*", "events:Describe*", "events:List*", "elasticache:Describe*", "elasticache:List*",
        ],
    }],
};

/** A role's boundary: its ARN, the document when the pack can read it, and what the paths asked that it refused. */
export interface Boundary {
    arn: string;
    policy?: NormalPolicy;
    /** `action on resource` requests the role's policies allow and the boundary refuses, in the order asked. */
    refused: Set<string>;
}

/** The document of a boundary ARN: the stack's customer managed policy, or a known AWS managed one. */
function boundaryDocument(ix: StackIndex, arn: string): NormalPolicy | undefined {
    if (isAwsManaged(arn)) {
        const name = arn.split("/").pop() ?? arn;
        const verdict = managedVerdict(arn);
        const statements = BOUNDARY_DOCUMENTS[name] ?? (verdict.kind === "document" ? verdict.statements : undefined);
        return statements && readable({ Version: "2012-10-17", Statement: statements });
    }
    const policy = ix.named(arn, MANAGED_POLICY)[0];
    return policy ? readable(policy.props.policy) : undefined;
}

function readable(document: unknown): NormalPolicy | undefined {
    if (document === undefined) return undefined;
    const p = parsePolicy(document);
    return "error" in p ? undefined : p;
}

/** One Boundary per role and stack, so every path through the role records its refusals in one place. */
const perStack = new WeakMap<StackIndex, Map<string, Boundary>>();

/** The role's boundary (undefined when it has none). */
export function boundaryOf(ix: StackIndex, role: PathResource): Boundary | undefined {
    const arn = role.props.permissionsBoundary;
    if (typeof arn !== "string" || arn === "") return undefined;
    const roles = perStack.get(ix) ?? new Map<string, Boundary>();
    perStack.set(ix, roles);
    const known = roles.get(role.urn);
    if (known?.arn === arn) return known;
    const b: Boundary = { arn, policy: boundaryDocument(ix, arn), refused: new Set() };
    roles.set(role.urn, b);
    return b;
}

/** The roles of the stack whose boundary was asked, with it. */
export function boundariesAsked(ix: StackIndex): Array<{ role: PathResource; boundary: Boundary }> {
    const roles = perStack.get(ix) ?? new Map<string, Boundary>();
    return [...roles.entries()].map(([urn, boundary]) => ({ role: ix.urn(urn)!, boundary })).filter((x) => x.role !== undefined);
}
