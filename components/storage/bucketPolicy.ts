/** An IAM policy statement as S3 bucket and KMS key policies take it. */
export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: unknown;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, unknown>;
}

/**
 * The bucket policy every bucket gets: deny any request not made over TLS (FSBP S3.5), plus
 * the statements a delivering service needs. Pure, so it is tested without mocks.
 */
export function bucketPolicyDocument(bucketArn: string, statements: PolicyStatement[] = []): string {
    const denyInsecureTransport: PolicyStatement = {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
    return JSON.stringify({ Version: "2012-10-17", Statement: [denyInsecureTransport, ...statements] });
}
