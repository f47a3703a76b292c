/**
 * Bucket ACLs as grants: a canned ACL or an explicit grant can open a bucket to everyone
 * (AllUsers), to every AWS account (AuthenticatedUsers), or to another account's canonical user
 * or e-mail, just as a bucket policy can.
 */

/** Canned ACLs that grant to everyone or to every AWS account. */
const PUBLIC_CANNED = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUPS = /\/global\/(AllUsers|AuthenticatedUsers)$/;

interface Grant {
    grantee?: { type?: string; uri?: string; id?: string; emailAddress?: string };
    permission?: string;
}

/** What is wrong with a BucketAcl's inputs, one sentence each. */
export function bucketAclFindings(props: { acl?: unknown; accessControlPolicy?: { grants?: Grant[]; owner?: { id?: string } } }): string[] {
    const findings: string[] = [];
    if (typeof props.acl === "string" && PUBLIC_CANNED.includes(props.acl)) {
        findings.push(`the canned ACL ${props.acl} grants to ${props.acl === "authenticated-read" ? "every AWS account" : "everyone"}`);
    }
    const owner = props.accessControlPolicy?.owner?.id;
    for (const g of props.accessControlPolicy?.grants ?? []) {
        const grantee = g.grantee ?? {};
        if (grantee.uri && PUBLIC_GROUPS.test(grantee.uri)) {
            findings.push(`a grant gives ${g.permission ?? "access"} to ${grantee.uri.split("/").pop()}`);
        } else if (grantee.type === "CanonicalUser" && grantee.id && grantee.id !== owner) {
            findings.push(`a grant gives ${g.permission ?? "access"} to canonical user ${grantee.id}, not the bucket owner`);
        } else if (grantee.type === "AmazonCustomerByEmail") {
            findings.push(`a grant gives ${g.permission ?? "access"} to the account of ${grantee.emailAddress ?? "an e-mail address"}`);
        }
    }
    return findings;
}
