import * as pulumi from "@pulumi/pulumi";
import { FEATURE_FLAG_NAME } from "../../lib/naming";
import { STORE_WRITER_SETTINGS } from "../../policy/lib/facts/storeSettings";
import { APP_BUCKETS, APP_DATABASE_USER, APP_SERVICES, AppService, SECRET_IDS, secretAudience, storeAudience } from "../../policy/lib/facts/purposes";

/**
 * What each application service is told, and from where. Pure, so the mapping from settings
 * to container environment is tested without mocks.
 */

export { APP_SERVICES };
export type { AppService };

/** An ECS container secret: environment variable name and the ARN (with JSON key) it is read from. */
export interface ContainerSecret<T = string> {
    name: string;
    valueFrom: T;
}

/** A plain setting stored as an SSM String parameter under the environment's path. */
export interface ParameterSpec {
    /** Path below `/expertconnect/<env>/`, e.g. `database/host`. */
    key: string;
    /** Environment variable the services read it as. */
    env: string;
    value: pulumi.Input<string>;
    services: readonly AppService[];
}

/** An application secret kept in Secrets Manager. */
export interface AppSecretSpec {
    /** Last part of the secret name, e.g. `django-secret-key`. */
    id: string;
    env: string;
    description: string;
    services: readonly AppService[];
    /**
     * First value: `generated` by Secrets Manager, or a `placeholder` for a value only a third
     * party can issue, which operators put in place.
     */
    initial: "generated" | "placeholder";
}

/** Value of a placeholder secret until operators put the real one; not a secret itself. */
export const SECRET_PLACEHOLDER = "not-configured";

/** Secrets the application needs; who receives each is the audience of its kind (policy/lib/facts/purposes.ts). */
export const APP_SECRETS: readonly AppSecretSpec[] = [
    { ...secretOf(SECRET_IDS.djangoSecretKey), env: "DJANGO_SECRET_KEY", description: "Django SECRET_KEY (signing of sessions, CSRF, password reset)", initial: "generated" },
    { ...secretOf(SECRET_IDS.jwtSigningKey), env: "JWT_SIGNING_KEY", description: "Signing key of the API's JWT access and refresh tokens", initial: "generated" },
    { ...secretOf(SECRET_IDS.videoProviderApiKey), env: "VIDEO_PROVIDER_API_KEY", description: "API key of the video-conferencing provider (operators put it)", initial: "placeholder" },
];

/** A secret's id and the services its kind's audience allows. */
function secretOf(secret: (typeof SECRET_IDS)[keyof typeof SECRET_IDS]): Pick<AppSecretSpec, "id" | "services"> {
    return { id: secret.id, services: secretAudience(secret.kind) };
}

/** Where the services find the data stores and buckets. */
export interface AppEndpoints {
    databaseAddress: pulumi.Input<string>;
    databasePort: pulumi.Input<number>;
    databaseName: string;
    cacheAddress: pulumi.Input<string>;
    cachePort: pulumi.Input<number>;
    staticBucketName: pulumi.Input<string>;
    backupBucketName?: pulumi.Input<string>;
}

/** `video-calls` → `FEATURE_VIDEO_CALLS`. Throws on a name that is not lower-case kebab. */
export function featureFlagEnv(flag: string): string {
    if (!FEATURE_FLAG_NAME.test(flag)) {
        throw new Error(`feature flag ${JSON.stringify(flag)}: expected lower-case letters, digits and hyphens, starting with a letter`);
    }
    return `FEATURE_${flag.toUpperCase().replace(/-/g, "_")}`;
}

/** Every SSM parameter of the environment: endpoints for the backend, flags for both services. */
export function applicationParameters(endpoints: AppEndpoints, featureFlags: Record<string, boolean>): ParameterSpec[] {
    const backend: readonly AppService[] = ["backend"];
    // The stores' addresses go to the services whose purpose reaches them (policy/lib/facts/purposes.ts).
    const database = storeAudience("database");
    const cache = storeAudience("cache");
    const text = (v: pulumi.Input<number>) => pulumi.output(v).apply(String);
    return [
        { key: STORE_WRITER_SETTINGS.database.parameter, env: STORE_WRITER_SETTINGS.database.variable, value: endpoints.databaseAddress, services: database },
        { key: "database/port", env: "DATABASE_PORT", value: text(endpoints.databasePort), services: database },
        { key: "database/name", env: "DATABASE_NAME", value: endpoints.databaseName, services: database },
        // The application's own role, which logs in with an IAM token (no password to rotate).
        { key: "database/user", env: "DATABASE_USER", value: APP_DATABASE_USER, services: database },
        { key: "database/auth-method", env: "DATABASE_AUTH_METHOD", value: "iam", services: database },
        { key: STORE_WRITER_SETTINGS.cache.parameter, env: STORE_WRITER_SETTINGS.cache.variable, value: endpoints.cacheAddress, services: cache },
        { key: "cache/port", env: "REDIS_PORT", value: text(endpoints.cachePort), services: cache },
        { key: "storage/static-bucket", env: APP_BUCKETS.static.setting, value: endpoints.staticBucketName, services: backend },
        ...(endpoints.backupBucketName !== undefined
            ? [{ key: "storage/backup-bucket", env: APP_BUCKETS.backup.setting, value: endpoints.backupBucketName, services: backend }]
            : []),
        ...Object.entries(featureFlags).map(([flag, on]): ParameterSpec => ({
            key: `features/${flag}`, env: featureFlagEnv(flag), value: String(on), services: APP_SERVICES,
        })),
    ];
}

/** A data store's secret as the backend reads it. */
export interface DataStoreSecretSpec {
    env: string;
    /** Which store's secret. */
    store: "cache";
    /** JSON key inside the secret, when it holds several values. @default the whole value */
    jsonKey?: string;
}

/**
 * The cache AUTH token. The database has no secret here: the backend logs in as
 * `DATABASE_USER` with an IAM authentication token, and never sees the master credentials.
 */
export const DATA_STORE_SECRETS: readonly DataStoreSecretSpec[] = [
    { env: "REDIS_AUTH_TOKEN", store: "cache" },
];

/** ECS `valueFrom` of a Secrets Manager secret, or of one JSON key in it: `ARN:key::` (current version). */
export function secretValueFrom(secretArn: string, jsonKey?: string): string {
    return jsonKey === undefined ? secretArn : `${secretArn}:${jsonKey}::`;
}

/**
 * ARN of a secret's replica in another region: the same name and suffix, the replica's region.
 * `arn:aws:secretsmanager:us-east-1:1:secret:x-AbC` → `arn:aws:secretsmanager:us-west-2:1:secret:x-AbC`.
 */
export function replicaSecretArn(secretArn: string, region: string): string {
    const parts = secretArn.split(":");
    if (parts.length < 7 || parts[2] !== "secretsmanager") {
        throw new Error(`${JSON.stringify(secretArn)} is not a Secrets Manager secret ARN`);
    }
    parts[3] = region;
    return parts.join(":");
}

/** One shared secret's ARN from another stack's map; throws naming what the map has. */
export function sharedSecretArn(arns: Record<string, unknown>, id: string): string {
    const arn = arns[id];
    if (typeof arn !== "string" || arn === "") {
        throw new Error(`shared application secrets have no ${JSON.stringify(id)}; they have: ${Object.keys(arns).join(", ") || "none"}`);
    }
    return arn;
}
