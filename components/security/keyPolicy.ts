import type { PolicyStatement } from "../storage/bucketPolicy";

/** An AWS service that encrypts with the key, e.g. `logs.us-east-1.amazonaws.com`. */
export interface KeyServiceGrant {
    /** Service principal. */
    service: string;
    /** Extra condition keys that narrow the grant (e.g. encryption context). @default none */
    condition?: Record<string, unknown>;
}

/**
 * Key policy: the account administers the key through IAM (the AWS default), and each listed
 * service may use it for encryption. Pure, so it is tested without mocks.
 */
export function keyPolicyDocument(accountId: string, services: KeyServiceGrant[]): string {
    const statements: PolicyStatement[] = [
        {
            Sid: "AccountAdministersKeyThroughIam",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${accountId}:root` },
            Action: "kms:*",
            Resource: "*",
        },
        ...services.map((grant, i): PolicyStatement => ({
            Sid: `ServiceUse${i}`,
            Effect: "Allow",
            Principal: { Service: grant.service },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": accountId }, ...(grant.condition ?? {}) },
        })),
    ];
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
