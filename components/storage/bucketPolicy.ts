import { policyDocument, PolicyStatement } from "../../lib/iam";

export type { PolicyStatement };

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
    return policyDocument([denyInsecureTransport, ...statements]);
}
