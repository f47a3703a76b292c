/** ARNs and account ids, as principals and resource fields spell them. */

/** The parts of an ARN; undefined when the text is not one. */
export interface Arn {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

const ACCOUNT_ID = /^\d{12}$/;

/** The six characters Secrets Manager appends to a secret's name in its ARN (`name-AbCdEf`). */
export const SECRET_SUFFIX = /-[A-Za-z0-9]{6}$/;

/** A secret's name from its ARN (`…:secret:NAME-AbCdEf`), undefined for any other. */
export function secretNameOfArn(arn: string): string | undefined {
    return /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(arn)?.[1];
}

/** Parses `arn:partition:service:region:account:resource` (the resource may contain colons). */
export function parseArn(text: string): Arn | undefined {
    const parts = text.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        return undefined;
    }
    const [, partition, service, region, account] = parts;
    return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

/** Whether a string is a 12-digit AWS account id. */
export function isAccountId(text: string): boolean {
    return ACCOUNT_ID.test(text);
}

/**
 * The account an AWS principal or a resource reference names: a bare account id, an ARN's
 * account field, or the account in an ECR repository URL / SQS queue URL. Undefined when the
 * reference names no account (an S3 bucket ARN, a service name, `"*"`).
 */
export function accountOf(reference: string): string | undefined {
    if (isAccountId(reference)) {
        return reference;
    }
    const arn = parseArn(reference);
    if (arn) {
        return isAccountId(arn.account) ? arn.account : undefined;
    }
    const host = /^(\d{12})\.dkr\.ecr\./.exec(reference) ?? /^https:\/\/sqs\.[^/]+\/(\d{12})\//.exec(reference);
    return host ? host[1] : undefined;
}

/** Whether a principal names a whole account (`"123456789012"` or `arn:aws:iam::123456789012:root`). */
export function isAccountRoot(principal: string): boolean {
    if (isAccountId(principal)) {
        return true;
    }
    const arn = parseArn(principal);
    return arn !== undefined && arn.service === "iam" && arn.resource === "root";
}
