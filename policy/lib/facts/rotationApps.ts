/**
 * The Secrets Manager rotation code the stacks deploy from the AWS Serverless Application
 * Repository, stated once: the program's PasswordRotation deploys it from here and paths-verified
 * (the rotation path) holds every application the stack deploys to it. The function rotates the
 * database's master password, so what it runs and where it sends the new password are reviewed
 * facts judged by value:
 * - the publisher: an application id names its publisher's account, and anyone can publish an
 *   application of the same name (a look-alike) in another account;
 * - the version: the application's code changes with its version, and old versions ship a libpq
 *   without SCRAM authentication, the default of PostgreSQL 14 and later (they cannot log in);
 * - the endpoint: the function sends PutSecretValue, carrying the new password, to its `endpoint`
 *   parameter (the template's SECRETS_MANAGER_ENDPOINT).
 * Facts modules import nothing.
 */

/**
 * AWS's own publisher account of the rotation applications in the `aws` partition, and the region
 * they are published in (AWS CDK's SecretRotationApplication.applicationArnForPartition:
 * `arn:aws:serverlessrepo:us-east-1:297356227824:applications/<name>`).
 */
export const AWS_ROTATION_PUBLISHER = { account: "297356227824", region: "us-east-1" } as const;

/**
 * The rotation applications a stack may deploy, each with the least version it may run: the
 * version the program pins, reviewed (AWS CDK pinned 1.1.650 of the PostgreSQL single-user
 * application when it was chosen). Raising the program's version means raising it here; a
 * downgrade is refused. Another application (multi-user, another engine) is one row, once reviewed.
 */
export const REVIEWED_ROTATION_APPLICATIONS: Readonly<Record<string, string>> = {
    SecretsManagerRDSPostgreSQLRotationSingleUser: "1.1.650",
};

/** An application's id (ARN) as AWS publishes it. */
export function rotationApplicationId(name: string): string {
    return `arn:aws:serverlessrepo:${AWS_ROTATION_PUBLISHER.region}:${AWS_ROTATION_PUBLISHER.account}:applications/${name}`;
}

/** AWS's single-user PostgreSQL rotation application at its reviewed version (what PasswordRotation deploys). */
export const POSTGRES_SINGLE_USER_ROTATION = {
    applicationId: rotationApplicationId("SecretsManagerRDSPostgreSQLRotationSingleUser"),
    semanticVersion: REVIEWED_ROTATION_APPLICATIONS.SecretsManagerRDSPostgreSQLRotationSingleUser,
} as const;

const APPLICATION_ARN = /^arn:aws:serverlessrepo:([a-z0-9-]+):(\d{12}):applications\/([A-Za-z0-9-]+)$/;
const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

/** Negative, zero or positive as version `a` is older than, equal to or newer than `b` (both `major.minor.patch`). */
export function compareVersions(a: string, b: string): number {
    const [x, y] = [VERSION.exec(a), VERSION.exec(b)];
    if (!x || !y) throw new Error(`not a version: ${x ? b : a}`);
    for (let i = 1; i <= 3; i++) {
        const d = Number(x[i]) - Number(y[i]);
        if (d !== 0) return d;
    }
    return 0;
}

/**
 * Why a Serverless Application Repository deployment does not run reviewed rotation code, or
 * undefined when it does: the application must be one of {@link REVIEWED_ROTATION_APPLICATIONS}
 * published by AWS's account, pinned (without `semanticVersion` SAR deploys whatever it publishes
 * last, so the code changes without a review) at the reviewed version or a later one.
 */
export function rotationApplicationProblem(applicationId: unknown, semanticVersion: unknown): string | undefined {
    const m = typeof applicationId === "string" ? APPLICATION_ARN.exec(applicationId) : null;
    if (!m) {
        return `applicationId naming an application of AWS's publisher account ${AWS_ROTATION_PUBLISHER.account} (${String(applicationId)} is no Serverless Application Repository application ARN)`;
    }
    const [, , account, name] = m;
    if (account !== AWS_ROTATION_PUBLISHER.account) {
        return `applicationId ${rotationApplicationId(name)} (AWS's publisher account ${AWS_ROTATION_PUBLISHER.account}); ${applicationId} is published by account ${account}, ` +
            "whose code nobody reviewed would rotate the master password";
    }
    const minimum = REVIEWED_ROTATION_APPLICATIONS[name];
    if (minimum === undefined) {
        return `applicationId naming a reviewed rotation application (${Object.keys(REVIEWED_ROTATION_APPLICATIONS).join(", ")}); ${name} is not one`;
    }
    if (semanticVersion === undefined || semanticVersion === "") {
        return `semanticVersion pinned to ${minimum} or later (unset, the repository deploys its newest version: code nobody reviewed)`;
    }
    if (typeof semanticVersion !== "string" || !VERSION.test(semanticVersion)) {
        return `semanticVersion ${minimum} or later (${String(semanticVersion)} is not a released major.minor.patch version)`;
    }
    if (compareVersions(semanticVersion, minimum) < 0) {
        return `semanticVersion ${minimum} or later (the reviewed version); ${semanticVersion} is older: old releases ship a libpq without SCRAM and run code nobody reviewed`;
    }
    return undefined;
}

/** The Secrets Manager endpoint of a region (what PasswordRotation passes as `endpoint`). */
export function secretsManagerEndpoint(region: string): string {
    return `https://secretsmanager.${region}.amazonaws.com`;
}

/** A Secrets Manager interface endpoint of the stack: its id and DNS names (undefined while not known). */
export interface SecretsManagerVpcEndpoint {
    id: string | undefined;
    dnsNames: string[] | undefined;
}

/**
 * Why a rotation function's `endpoint` parameter sends the new password somewhere other than
 * Secrets Manager of `region`, or undefined when it does not. Allowed: HTTPS to AWS's public
 * endpoint or its FIPS twin (docs.aws.amazon.com/general/latest/gr/asm.html), or to a DNS name
 * of one of the stack's Secrets Manager interface endpoints
 * (`vpce-<id>-<suffix>[-<zone>].secretsmanager.<region>.vpce.amazonaws.com`); nothing but the
 * origin (no credentials, port or path).
 */
export function secretsManagerEndpointProblem(value: string, region: string, vpcEndpoints: readonly SecretsManagerVpcEndpoint[]): string | undefined {
    const want = `parameters.endpoint = ${secretsManagerEndpoint(region)} (or the DNS name of the stack's Secrets Manager VPC endpoint)`;
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return `${want}; ${value} is not a URL`;
    }
    const host = url.hostname.toLowerCase();
    const elsewhere = /^secretsmanager(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/.exec(host)?.[1];
    if (elsewhere !== undefined && elsewhere !== region) {
        return `parameters.endpoint = ${secretsManagerEndpoint(region)} (it names ${elsewhere}, where the secret does not exist)`;
    }
    if (url.protocol !== "https:" || url.username !== "" || url.password !== "" || (url.port !== "" && url.port !== "443") || !["", "/"].includes(url.pathname) || url.search !== "" || url.hash !== "") {
        return `${want}: HTTPS to the host alone; ${value} ${url.protocol !== "https:" ? "is not HTTPS" : "carries credentials, a port, a path or a query"}, and the new master password travels in each PutSecretValue`;
    }
    if (elsewhere === region || ownVpcEndpoint(host, region, vpcEndpoints)) {
        return undefined;
    }
    return `${want}; it names ${host}, which is not Secrets Manager of ${region}: the function sends every new master password there`;
}

/** Whether a host is a DNS name of one of the stack's Secrets Manager interface endpoints of the region (given the benefit of the doubt while one is not known yet). */
function ownVpcEndpoint(host: string, region: string, endpoints: readonly SecretsManagerVpcEndpoint[]): boolean {
    if (!host.endsWith(`.secretsmanager.${region}.vpce.amazonaws.com`) || !host.startsWith("vpce-")) {
        return false;
    }
    const label = host.split(".")[0];
    return endpoints.some(e => (e.id === undefined && e.dnsNames === undefined)
        || (e.dnsNames ?? []).some(n => n.toLowerCase() === host)
        || (e.id !== undefined && label.startsWith(`${e.id.toLowerCase()}-`)));
}
