import { policyDocument, PolicyStatement } from "../../lib/iam";

/** An AWS service that encrypts with the key, e.g. `logs.us-east-1.amazonaws.com`. */
export interface KeyServiceGrant {
    /** Service principal. */
    service: string;
    /**
     * Extra condition keys that narrow the grant (e.g. encryption context); a function gets the
     * account id, for conditions that name it. @default none
     */
    condition?: Record<string, unknown> | ((accountId: string) => Record<string, unknown>);
    /**
     * Require `aws:SourceAccount`. Turn off only for services whose KMS requests do not carry
     * it (EventBridge delivering to an encrypted SNS topic, CloudWatch Logs), and narrow those
     * grants with `condition` instead. @default true
     */
    sourceAccount?: boolean;
}

/**
 * CloudWatch Logs' use of a key for the log groups matching `logGroupPattern` (a name, or `*`
 * wildcards) in `region`. CloudWatch Logs sends no `aws:SourceAccount` to KMS; the encryption
 * context, which names the log group, pins the grant to this account's groups instead (ArnLike
 * for a pattern, ArnEquals for one group).
 */
export function cloudWatchLogsGrant(region: string, logGroupPattern: string): KeyServiceGrant {
    const operator = logGroupPattern.includes("*") ? "ArnLike" : "ArnEquals";
    return {
        service: `logs.${region}.amazonaws.com`,
        sourceAccount: false,
        condition: (accountId) => ({
            [operator]: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:${logGroupPattern}` },
        }),
    };
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
            Condition: {
                ...(grant.sourceAccount === false ? {} : { StringEquals: { "aws:SourceAccount": accountId } }),
                ...(typeof grant.condition === "function" ? grant.condition(accountId) : grant.condition ?? {}),
            },
        })),
    ];
    return policyDocument(statements);
}
