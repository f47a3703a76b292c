/**
 * Least privilege by purpose. Each workload of the stack (code that runs under a role of its own)
 * exists for one job, and the job fixes which of the stack's data it reaches and with which
 * verbs: the backend writes backups and never reads or deletes them, the internet-facing frontend
 * may read static files and never writes them, only the backend reaches the cache and logs in to
 * PostgreSQL (as the application's user, never the master user), the canary browses the site like
 * a visitor and holds no application secret, only the database's own functions hold its master
 * secret. A grant beyond the purpose is what an attacker who runs code in that workload gains,
 * although every path works and AWS accepts it.
 *
 * Stated once: the program builds the backend's grants, the settings each service is told and the
 * secrets each receives from these facts (stack/compute.ts, components/app/settings.ts), and the
 * pack judges what every workload role may effectively do (its identity policies of every
 * attachment kind with the resource's own policy, as AWS combines them within an account) and
 * which workloads each data store's security groups admit (paths-verified, policy/paths/purposes.ts
 * and secretUse.ts; ecs-secret-audience for what a container is given).
 */

/** The workloads, each with a role of its own. */
export type Workload = "backend" | "frontend" | "database-maintenance" | "database-rotation" | "synthetic-check";

/** The application's services, by the name of their container (lib/facts/appHealth.ts). */
export type AppService = Extract<Workload, "backend" | "frontend">;
export const APP_SERVICES: readonly AppService[] = ["backend", "frontend"];

/** What a secret is, as far as who may hold it. */
export type SecretKind = "signing-key" | "database-master" | "data-store-credential" | "provider-key";

/** What a holder of each kind of secret can do with it, for messages. */
export const SECRET_KINDS: Readonly<Record<SecretKind, { power: string }>> = {
    "signing-key": { power: "signs sessions, CSRF tokens, password-reset links and API tokens: whoever holds it can forge any user's session" },
    "database-master": { power: "logs in to PostgreSQL as its master user, around the IAM-authenticated application user" },
    "data-store-credential": { power: "logs in to a data store (database or cache) holding every user's data" },
    "provider-key": { power: "calls a third-party provider's API in the company's name" },
};

/** The application's buckets, by the setting that names them (an SSM parameter the backend reads into its environment). */
export type AppBucket = "static" | "backup";
export const APP_BUCKETS: Readonly<Record<AppBucket, { setting: string }>> = {
    // Collected static files and user uploads, served through the backend's /static/ route.
    static: { setting: "STATIC_BUCKET" },
    // The guide's `aws s3 sync` of the static files (components/app/settings.ts names it in prod only).
    backup: { setting: "BACKUP_BUCKET" },
};

/** A bucket as a purpose names it: an application bucket, or the canary's artifact location. */
export type BucketKind = AppBucket | "canary-artifacts";

/** What a workload does with a bucket's objects. */
export type BucketVerb = "list" | "read" | "write" | "delete";

/**
 * The S3 actions that exercise each verb: the pack asks each of them for a verb outside a
 * workload's purpose, and the program grants those of its purpose.
 */
export const BUCKET_VERB_ACTIONS: Readonly<Record<BucketVerb, readonly string[]>> = {
    list: ["s3:ListBucket", "s3:ListBucketVersions"],
    read: ["s3:GetObject", "s3:GetObjectVersion"],
    // A multipart upload that fails is aborted by its writer.
    write: ["s3:PutObject", "s3:AbortMultipartUpload"],
    delete: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
};

/** The data stores a workload's security groups may reach on their port. */
export type DataStore = "database" | "cache";

/** The database's master user, which the guide's `pg_dump -U expertconnect_user` uses. */
export const MASTER_USERNAME = "expertconnect_user";
/**
 * The application's own database role. It logs in with RDS IAM authentication (a 15-minute
 * token from the task role), so it has no password to rotate; the master user stays for
 * administration and its rotation never touches running tasks.
 */
export const APP_DATABASE_USER = "expertconnect_app";

export interface Purpose {
    /** What the workload is, for messages. */
    what: string;
    /** The buckets it may reach and what it may do with their objects. @default none */
    buckets: Partial<Record<BucketKind, readonly BucketVerb[]>>;
    /** The kinds of secrets it may hold (secrets of no known kind: whoever uses them). @default none */
    secrets: readonly SecretKind[];
    /** The data stores its security groups may reach. @default none */
    stores: readonly DataStore[];
    /** The database users it may log in as with an IAM token (`rds-db:connect`). @default none */
    databaseUsers: readonly string[];
}

/**
 * Each workload's purpose. An ECS execution role acts for the agent that starts the workload's
 * tasks: it holds the workload's secrets (to inject them) and reaches none of its data.
 */
export const PURPOSES: Readonly<Record<Workload, Purpose>> = {
    backend: {
        what: "the backend (Django API)",
        buckets: { static: ["list", "read", "write", "delete"], backup: ["list", "write"] },
        secrets: ["signing-key", "data-store-credential", "provider-key"],
        stores: ["database", "cache"],
        databaseUsers: [APP_DATABASE_USER],
    },
    frontend: {
        what: "the internet-facing frontend (Next.js)",
        buckets: { static: ["read"] },
        secrets: [],
        stores: [],
        databaseUsers: [],
    },
    "database-maintenance": {
        what: "the database's maintenance function (creates the application user, validates restore tests)",
        buckets: {},
        secrets: ["database-master"],
        stores: ["database"],
        databaseUsers: [],
    },
    "database-rotation": {
        what: "the master secret's rotation function",
        buckets: {},
        secrets: ["database-master"],
        stores: ["database"],
        databaseUsers: [],
    },
    "synthetic-check": {
        what: "the synthetic canary (browses the site like a visitor)",
        buckets: { "canary-artifacts": ["write"] },
        secrets: [],
        stores: [],
        databaseUsers: [],
    },
};

export const WORKLOADS = Object.keys(PURPOSES) as Workload[];

/**
 * The stack's secrets by the last part of their name (`<project>/<environment>/<id>`), and what
 * each is. Secrets Manager and SSM names both end with it.
 */
export const SECRET_IDS = {
    djangoSecretKey: { id: "django-secret-key", kind: "signing-key" },
    jwtSigningKey: { id: "jwt-signing-key", kind: "signing-key" },
    videoProviderApiKey: { id: "video-provider-api-key", kind: "provider-key" },
    databaseMaster: { id: "database/master", kind: "database-master" },
    cacheAuthToken: { id: "cache-auth-token", kind: "data-store-credential" },
} as const satisfies Record<string, { id: string; kind: SecretKind }>;

/**
 * Variable names that say which secret a value is whatever secret it comes from (a copy of the
 * Django key in another parameter still signs sessions), upper case with `_`.
 */
const KINDS_BY_VARIABLE: readonly [RegExp, SecretKind][] = [
    [/^((DJANGO|APP)_)?SECRET_KEY$|(^|_)SIGNING_KEY$|(^|_)JWT_(SIGNING_)?(KEY|SECRET)(_KEY)?$/, "signing-key"],
    [/(^|_)(DATABASE|DB|PG|POSTGRES|POSTGRESQL|RDS)_?(PASSWORD|PASS|PWD)$|^DATABASE_URL$|(^|_)(DATABASE|DB|RDS)_(MASTER_)?(SECRET|CREDENTIALS?)$/, "data-store-credential"],
    [/(^|_)(REDIS|CACHE|VALKEY|ELASTICACHE)_(AUTH_TOKEN|AUTH|PASSWORD|TOKEN)$/, "data-store-credential"],
];

/** The workloads whose purpose holds a kind of secret. */
export function workloadsHolding(kind: SecretKind): Workload[] {
    return WORKLOADS.filter((w) => PURPOSES[w].secrets.includes(kind));
}

/** The application services that hold a kind of secret (the program hands each its secrets from this). */
export function secretAudience(kind: SecretKind): readonly AppService[] {
    return APP_SERVICES.filter((s) => PURPOSES[s].secrets.includes(kind));
}

/** The application services whose purpose reaches a data store (the program tells each its address). */
export function storeAudience(store: DataStore): readonly AppService[] {
    return APP_SERVICES.filter((s) => PURPOSES[s].stores.includes(store));
}

/** The verbs a workload's purpose allows on a kind of bucket. */
export function bucketVerbs(workload: Workload, kind: BucketKind): readonly BucketVerb[] {
    return PURPOSES[workload].buckets[kind] ?? [];
}

/** The application bucket a setting names; undefined for any other setting. */
export function appBucketOf(setting: string): AppBucket | undefined {
    return (Object.keys(APP_BUCKETS) as AppBucket[]).find((b) => APP_BUCKETS[b].setting === setting);
}

/** Whether any workload reads a kind of bucket's objects (the backup bucket is only written to). */
export function bucketIsRead(kind: BucketKind): boolean {
    return WORKLOADS.some((w) => bucketVerbs(w, kind).includes("read"));
}

/**
 * A secret's name from what names it: a Secrets Manager ARN (its name less the 6-character
 * suffix, a JSON key after it dropped), an SSM parameter ARN, or a name.
 */
export function secretNameOf(reference: string): string {
    const parts = reference.split(":");
    if (parts[0] === "arn" && parts[2] === "secretsmanager" && parts[5] === "secret" && parts[6]) {
        return parts[6].replace(/-[A-Za-z0-9]{6}$/, "");
    }
    if (parts[0] === "arn" && parts[2] === "ssm" && parts[5]?.startsWith("parameter")) {
        return parts.slice(5).join(":").replace(/^parameter/, "");
    }
    return reference;
}

/** What the secret a reference names is, by its name; undefined for a secret of no known kind. */
export function kindOfSecret(reference: string): SecretKind | undefined {
    const name = secretNameOf(reference).replace(/^\/+/, "");
    // RDS-managed master secrets are named rds!db-… / rds!cluster-….
    if (/^rds!/.test(name)) {
        return "database-master";
    }
    return Object.values(SECRET_IDS).find(s => name === s.id || name.endsWith(`/${s.id}`))?.kind;
}

/** What a secret given to a process as `variable` is, by its name and then by the variable's. */
export function kindOf(reference: string, variable?: string): SecretKind | undefined {
    const byName = kindOfSecret(reference);
    if (byName !== undefined || variable === undefined) {
        return byName;
    }
    const normal = variable.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase().replace(/[^A-Z0-9]+/g, "_");
    return KINDS_BY_VARIABLE.find(([pattern]) => pattern.test(normal))?.[1];
}

/**
 * Why `workload` may not hold the secret, or undefined when it may (or the secret is of no known
 * kind). `undefined` as the workload: code of no known purpose, which holds no secret of a known kind.
 */
export function audienceProblem(workload: Workload | undefined, reference: string, variable?: string): string | undefined {
    const kind = kindOf(reference, variable);
    if (kind === undefined || (workload !== undefined && PURPOSES[workload].secrets.includes(kind))) {
        return undefined;
    }
    const holders = workloadsHolding(kind);
    const services = holders.filter((w) => (APP_SERVICES as readonly Workload[]).includes(w));
    const others = holders.filter((w) => !services.includes(w)).map((w) => PURPOSES[w].what);
    const who = services.length > 0 ? `only the ${[...services, ...others].join(" and ")} may hold it`
        : `no application service may hold it${others.length > 0 ? `, only ${others.join(" and ")}` : ""}`;
    const why = workload === undefined ? "it runs under a role of no known workload, and " : "";
    return `${secretNameOf(reference)} is a ${kind} (it ${SECRET_KINDS[kind].power}); ${why}${who} (policy/lib/facts/purposes.ts)`;
}

/** The application service a task definition runs, by its containers' names, else its Component tag. */
export function serviceOfTask(containerNames: readonly (string | undefined)[], component?: unknown): AppService | undefined {
    const named = APP_SERVICES.filter(s => containerNames.includes(s));
    if (named.length === 1) {
        return named[0];
    }
    return named.length === 0 && APP_SERVICES.includes(component as AppService) ? component as AppService : undefined;
}
