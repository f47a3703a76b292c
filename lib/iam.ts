/** One statement of an IAM, S3 bucket, KMS key or SNS topic policy. */
export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: unknown;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, unknown>;
}

/** A policy document (identity, trust or resource policy) as the JSON string AWS takes. */
export function policyDocument(statements: PolicyStatement[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * Trust policy letting one AWS service assume a role, only on behalf of this account and
 * only from resources matching `sourceArn` (guards against the confused-deputy problem).
 */
export function serviceAssumeRolePolicy(service: string, accountId: string, sourceArn: string): string {
    return policyDocument([{
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": sourceArn },
        },
    }]);
}
