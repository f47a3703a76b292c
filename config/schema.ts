import { z } from "zod";
import { FEATURE_FLAG_NAME } from "../lib/naming";
import { DEFAULT_MONTHLY_BUDGET_USD } from "../policy/lib/facts/budget";
import { ENVIRONMENT_REGIONS } from "../policy/lib/facts/drRegion";
import { Environment, ENVIRONMENTS } from "../policy/lib/facts/environments";
import { fargateMemoryChoices } from "../policy/lib/facts/taskSizing";
import { DEFAULT_RUN_MIGRATIONS } from "../policy/lib/facts/migrationGate";
import { cacheSchema } from "./cache";
import { databaseSchema } from "./database";
import { dnsSchema } from "./dns";
import { drProblems, drSchema, StackContextInfo } from "./dr";
export type { StackContextInfo };
import { loadBalancerSchema } from "./loadBalancer";
import { monitoringSchema } from "./monitoring";
import { networkSchema } from "./network";
import { securitySchema } from "./security";
import { servicesSchema } from "./services";
import { businessWindows, overlapsAny, parseDailyWindow, parseWeeklyWindow, windowsOverlap } from "../policy/lib/facts/windows";

/** The region each environment must live in (the guide's commands name them). */
export const environmentRegions: Readonly<Record<Environment, string>> = ENVIRONMENT_REGIONS;
export type { Environment };

/** Every `expertconnect:*` key; a key not listed here is a typo and rejected. */
export const projectSchema = z.strictObject({
    /** Which environment this stack is (required). */
    environment: z.enum(ENVIRONMENTS),
    network: networkSchema,
    services: servicesSchema,
    loadBalancer: loadBalancerSchema,
    dns: dnsSchema,
    database: databaseSchema,
    cache: cacheSchema,
    monitoring: monitoringSchema,
    security: securitySchema,
    dr: drSchema,
    /** Monthly spend the cost policy warns above, in USD. @default 3000 */
    monthlyBudgetUsd: z.number().positive().default(DEFAULT_MONTHLY_BUDGET_USD),
    /** Run `manage.py migrate` as a one-off task before the backend rolls. @default true */
    runMigrations: z.boolean().default(DEFAULT_RUN_MIGRATIONS),
    /**
     * Application feature flags, stored as `/expertconnect/<env>/features/<flag>` and given to
     * both services as `FEATURE_<FLAG>`. @default {}
     * @example { "video-calls": true }
     */
    featureFlags: z
        .record(z.string(), z.boolean())
        .default({})
        .superRefine((flags, ctx) => {
            for (const name of Object.keys(flags).filter((n) => !FEATURE_FLAG_NAME.test(n))) {
                ctx.addIssue({ code: "custom", path: [name], message: `a flag name of lower-case letters, digits and hyphens starting with a letter, not ${JSON.stringify(name)}` });
            }
        }),
});

export type ProjectConfig = z.infer<typeof projectSchema>;


/** Whether the stack serves production traffic: prod, or dr once failover has started. */
function servesProduction(cfg: ProjectConfig): boolean {
    return cfg.environment === "prod" || cfg.dr.phase !== "standby";
}

/**
 * Rules that span several `expertconnect:*` keys, as [path, message] pairs; empty when
 * consistent. The environment's region is checked in parseConfig, where `aws:region` is read.
 */
export function crossFieldProblems(
    cfg: ProjectConfig, region: string, context: StackContextInfo = {},
): Array<[Array<string | number>, string]> {
    const problems: Array<[Array<string | number>, string]> = [];
    const backup = parseDailyWindow(cfg.database.backupWindow);
    const maintenance = parseWeeklyWindow(cfg.database.maintenanceWindow);
    if (backup && maintenance && windowsOverlap(backup, maintenance)) {
        problems.push([["database", "backupWindow"], `got ${JSON.stringify(cfg.database.backupWindow)}; allowed: a daily window that ` +
            `does not overlap expertconnect:database.maintenanceWindow ${JSON.stringify(cfg.database.maintenanceWindow)} on any day (RDS refuses overlapping windows)`]);
    }
    // The windows stay off-peak: outside the business day the credit-flow alarm watches (data-windows-off-peak holds the deployed ones to it).
    const hours = cfg.monitoring.appSignals;
    const peak = businessWindows(hours.businessStartHourUtc, hours.businessEndHourUtc, hours.businessDays);
    const business = `the business day (expertconnect:monitoring.appSignals: ${hours.businessStartHourUtc}-${hours.businessEndHourUtc} UTC, ${hours.businessDays})`;
    if (backup && overlapsAny(backup, "daily", peak)) {
        problems.push([["database", "backupWindow"], `got ${JSON.stringify(cfg.database.backupWindow)}; allowed: a daily window outside ${business}`]);
    }
    if (maintenance && overlapsAny(maintenance, "weekly", peak)) {
        problems.push([["database", "maintenanceWindow"], `got ${JSON.stringify(cfg.database.maintenanceWindow)}; allowed: a weekly window outside ${business}`]);
    }
    if (servesProduction(cfg) && cfg.monitoring.alarmEmails.length === 0) {
        problems.push([["monitoring", "alarmEmails"], `got []; allowed: at least one e-mail address while the stack serves production ` +
            `(environment ${cfg.environment}${cfg.environment === "dr" ? `, dr.phase ${cfg.dr.phase}` : ""}): alarms must reach someone`]);
    }
    for (const name of ["backend", "frontend"] as const) {
        const svc = cfg.services[name];
        const memories = fargateMemoryChoices(svc.cpu);
        if (!memories.includes(svc.memory)) {
            problems.push([["services", name, "memory"], `got ${svc.memory}; allowed with cpu ${svc.cpu}: ${memories.join(", ")}`]);
        }
        if (svc.minCapacity > svc.maxCapacity) {
            problems.push([["services", name, "minCapacity"], `got ${svc.minCapacity}; allowed: at most maxCapacity (${svc.maxCapacity})`]);
        }
        if (svc.desiredCount < svc.minCapacity || svc.desiredCount > svc.maxCapacity) {
            problems.push([["services", name, "desiredCount"], `got ${svc.desiredCount}; allowed: from minCapacity ${svc.minCapacity} to maxCapacity ${svc.maxCapacity}`]);
        }
    }
    // RDS turns storage autoscaling off when the ceiling is not above the allocation (rds-storage-autoscaling refuses it).
    if (cfg.database.maxAllocatedStorageGb <= cfg.database.allocatedStorageGb) {
        problems.push([["database", "maxAllocatedStorageGb"], `got ${cfg.database.maxAllocatedStorageGb}; allowed: above allocatedStorageGb (${cfg.database.allocatedStorageGb}), so storage autoscaling stays on`]);
    }
    problems.push(...certificateProblems(cfg, region));
    if (cfg.environment === "prod" && cfg.dr.recoveryRegion === region) {
        problems.push([["dr", "recoveryRegion"], `got ${JSON.stringify(region)}; allowed: a region other than the stack's own`]);
    }
    problems.push(...drProblems(cfg, context));
    return problems;
}

/**
 * The HTTPS certificate comes from exactly one place: `expertconnect:dns` (requested and
 * validated in code) or `expertconnect:loadBalancer.certificateArn` (managed elsewhere).
 */
function certificateProblems(cfg: ProjectConfig, region: string): Array<[Array<string | number>, string]> {
    const arn = cfg.loadBalancer.certificateArn;
    if (arn === undefined) {
        return cfg.dns ? [] : [[["loadBalancer", "certificateArn"],
            `got nothing; allowed: an ACM certificate ARN in ${region} (required when expertconnect:dns is not set)`]];
    }
    if (cfg.dns) {
        return [[["loadBalancer", "certificateArn"],
            `got ${JSON.stringify(arn)}; allowed: nothing while expertconnect:dns is set (the stack requests and validates its own certificate)`]];
    }
    const certRegion = arn.split(":")[3];
    return certRegion === region ? [] : [[["loadBalancer", "certificateArn"],
        `got a certificate in ${certRegion}; allowed: an ACM certificate in the stack's region ${region}`]];
}

/** Keys an object schema at `path` accepts, for "unknown key" messages. */
export function allowedKeysAt(path: readonly PropertyKey[]): string[] {
    let schema: any = projectSchema;
    for (const key of path) {
        schema = unwrap(schema)?.shape?.[key as string];
    }
    return Object.keys(unwrap(schema)?.shape ?? {});
}

function unwrap(schema: any): any {
    while (schema?._zod?.def?.innerType) schema = schema._zod.def.innerType;
    return schema;
}
