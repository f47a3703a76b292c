/**
 * Physical names the operators' guide depends on. They are part of the contract with the
 * people who run the platform: the guide's commands name these resources literally.
 */

/** Prefix for per-environment names: `expertconnect-prod`, `expertconnect-dr`. */
export function envPrefix(project: string, environment: string): string {
    return `${project}-${environment}`;
}

/** ECS service / log group / task family name of one application service: `expertconnect-prod-backend`. */
export function serviceName(project: string, environment: string, service: string): string {
    return `${envPrefix(project, environment)}-${service}`;
}

/** ECS cluster name: `expertconnect-prod-cluster`. */
export function clusterName(project: string, environment: string): string {
    return `${envPrefix(project, environment)}-cluster`;
}

/** RDS instance identifier: `expertconnect-prod-db`, `expertconnect-dr-db`. */
export function databaseIdentifier(project: string, environment: string): string {
    return `${envPrefix(project, environment)}-db`;
}

/** Log group of one service, as in the guide: `/ecs/expertconnect-prod-backend`. */
export function serviceLogGroupName(project: string, environment: string, service: string): string {
    return `/ecs/${serviceName(project, environment, service)}`;
}

/** SSM parameter path of an environment's settings: `/expertconnect/prod`. */
export function parameterPath(project: string, environment: string): string {
    return `/${project}/${environment}`;
}

/** Static-assets bucket: `expertconnect-prod-static`, `expertconnect-dr-static`. */
export function staticBucketName(project: string, environment: string): string {
    return `${envPrefix(project, environment)}-static`;
}

/** Backup bucket the guide syncs static files into: `expertconnect-backup` (prod only, one per account). */
export function backupBucketName(project: string): string {
    return `${project}-backup`;
}

/** ElastiCache replication group id: `expertconnect-prod-cache`. */
export function cacheReplicationGroupId(project: string, environment: string): string {
    return `${envPrefix(project, environment)}-cache`;
}

/** Prefix of an environment's Secrets Manager secret names: `expertconnect/prod`. */
export function secretPrefix(project: string, environment: string): string {
    return `${project}/${environment}`;
}

/** Secrets Manager secret name of one secret: `expertconnect/prod/django-secret-key`. */
export function secretName(project: string, environment: string, secret: string): string {
    return `${secretPrefix(project, environment)}/${secret}`;
}

/** A feature flag's name: it becomes an SSM path segment and, upper-cased, an environment variable. */
export const FEATURE_FLAG_NAME = /^[a-z][a-z0-9-]{0,62}$/;
