/**
 * Which service may hold which secret. The backend (Django) signs sessions, CSRF tokens and the
 * API's JWTs and talks to the data stores; the frontend (Next.js) renders pages for the internet
 * and calls the API like a browser does. A signing key or a data store's credential in the
 * frontend widens the secret's audience to the internet-facing process (and to whatever of its
 * environment reaches a browser) although every path works. The program wires the application's
 * secrets from this (components/app/settings.ts, stack/data.ts) and the pack judges every task
 * definition's secrets (ecs-secret-audience) and every runtime role's read grants
 * (paths-verified, policy/paths/secretUse.ts) against it.
 */

/** The application's services, by the name of their container (lib/facts/appHealth.ts). */
export type AppService = "backend" | "frontend";
export const APP_SERVICES: readonly AppService[] = ["backend", "frontend"];

/** What a secret is, as far as who may hold it. */
export type SecretKind = "signing-key" | "database-master" | "data-store-credential" | "provider-key";

export interface SecretKindFact {
    /** The services that may hold it; none: no application service (rotation and operators only). */
    audience: readonly AppService[];
    /** What a holder can do with it, for messages. */
    power: string;
}

export const SECRET_KINDS: Readonly<Record<SecretKind, SecretKindFact>> = {
    "signing-key": { audience: ["backend"], power: "signs sessions, CSRF tokens, password-reset links and API tokens: whoever holds it can forge any user's session" },
    // The backend logs in with an IAM token as the application's user (databaseSettings.ts).
    "database-master": { audience: [], power: "logs in to PostgreSQL as its master user, around the IAM-authenticated application user" },
    "data-store-credential": { audience: ["backend"], power: "logs in to a data store (database or cache) holding every user's data" },
    "provider-key": { audience: ["backend"], power: "calls a third-party provider's API in the company's name" },
};

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

/** The audience of a kind. */
export function secretAudience(kind: SecretKind): readonly AppService[] {
    return SECRET_KINDS[kind].audience;
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

/** Why `service` may not hold the secret, or undefined when it may (or the secret is of no known kind). */
export function audienceProblem(service: AppService, reference: string, variable?: string): string | undefined {
    const kind = kindOf(reference, variable);
    if (kind === undefined || SECRET_KINDS[kind].audience.includes(service)) {
        return undefined;
    }
    const fact = SECRET_KINDS[kind];
    const who = fact.audience.length > 0 ? `only the ${fact.audience.join(" and ")} may hold it` : "no application service may hold it";
    return `${secretNameOf(reference)} is a ${kind} (it ${fact.power}); ${who} (policy/lib/facts/secretAudience.ts)`;
}

/** The application service a task definition runs, by its containers' names, else its Component tag. */
export function serviceOfTask(containerNames: readonly (string | undefined)[], component?: unknown): AppService | undefined {
    const named = APP_SERVICES.filter(s => containerNames.includes(s));
    if (named.length === 1) {
        return named[0];
    }
    return named.length === 0 && APP_SERVICES.includes(component as AppService) ? component as AppService : undefined;
}
