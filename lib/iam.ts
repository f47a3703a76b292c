import type { PolicyStatement } from "../components/storage/bucketPolicy";

/** An IAM policy document (identity or trust policy) as the JSON string AWS takes. */
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
