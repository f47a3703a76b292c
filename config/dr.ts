import { z } from "zod";
import { BACKUP_RETENTION_FLOOR_DAYS, RECOVERY_RETENTION_LIMIT_DAYS } from "../policy/lib/facts/retention";
import { DR_REGION, ENVIRONMENT_REGIONS } from "../policy/lib/facts/drRegion";
import { DEFAULT_RPO_SECONDS, MAX_RPO_SECONDS } from "../policy/lib/facts/replicaLag";
import type { ServicesConfig } from "./services";

/** What is known about the stack beyond its config: names, for the stack-reference checks. */
export interface StackContextInfo {
    /** The Pulumi project's name (`Pulumi.yaml`), when known. */
    project?: string;
    /** This stack's name. */
    stack?: string;
    /**
     * The project's stacks that have a stack file, each with its `expertconnect:environment`
     * (undefined when the file does not say); absent when stack files are not available.
     */
    stacks?: Record<string, string | undefined>;
}

/**
 * Failover phases of the dr stack, in the only order they may be deployed, round a cycle:
 * standby → promote → promoted → failback → standby (docs/disaster-recovery.md).
 */
export const DR_PHASES = ["standby", "promote", "promoted", "failback"] as const;
export type DrPhase = (typeof DR_PHASES)[number];
/** Standby capacity: pilot light (no tasks) or warm standby (one task per service). */
const DR_MODES = ["pilot", "warm"] as const;
export type DrMode = (typeof DR_MODES)[number];

/** `expertconnect:dr` — disaster recovery. */
export const drSchema = z
    .strictObject({
        /**
         * Failover phase of the dr stack: `standby` (replica + pilot light), `promote` (replica
         * promoted, services scaled to prod sizes, Route 53 answers with this region),
         * `promoted` (Multi-AZ on the new primary), `failback` (dr fenced while prod takes its
         * data back). Each deployment may stay or take the next step only; the program checks
         * it against the phase the stack last deployed. @default "standby"
         */
        phase: z.enum(DR_PHASES).default("standby"),
        /** Pilot light (0 tasks) or warm standby (1 task per service) while in standby. @default "pilot" */
        mode: z.enum(DR_MODES).default("pilot"),
        /**
         * Fully qualified name of the prod stack the dr stack reads, `org/project/stack`.
         * Leave it unset in CI: the default follows the organization the deployment runs in.
         * @default "<current organization>/<project>/prod"
         */
        prodStack: z
            .string()
            // A name that is not org/project/stack gets that one message, not the placeholder one too.
            .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: "org/project/stack", abort: true })
            .refine((name) => !isPlaceholderOrganization(name.split("/")[0]), {
                error: "a real organization (leave the key unset to use the organization the deployment runs in)",
            })
            .optional(),
        /**
         * Fences this (prod) stack after a failover, when its region is back: services at zero
         * tasks, the database closed to them, static replication to the recovery region paused
         * and Route 53 told this region does not serve. Prod only. @default false
         */
        fenced: z.boolean().default(false),
        /** Region that holds the copies of prod's data (prod only). @default "us-west-2" */
        recoveryRegion: z.enum([ENVIRONMENT_REGIONS.prod, ENVIRONMENT_REGIONS.dr]).default(DR_REGION),
        /** Days the cross-region backup copies are kept, from the guide's 7 to the vault locks' maximum of 400 (policy/lib/facts/retention.ts). @default 35 */
        backupCopyRetentionDays: z.number().int().min(BACKUP_RETENTION_FLOOR_DAYS).max(RECOVERY_RETENTION_LIMIT_DAYS).default(35),
        /** Recovery point objective for the database, in seconds (the ReplicaLag alarm threshold). @default 60 */
        rpoSeconds: z.number().int().min(1).max(MAX_RPO_SECONDS).default(DEFAULT_RPO_SECONDS),
    })
    .prefault({});

export type DrConfig = z.infer<typeof drSchema>;

/**
 * Organization names seen in examples and templates, never in a real backend: the
 * committed stack file once named `organization/…`, which CI's organization does not have.
 */
const PLACEHOLDER_ORGANIZATIONS = new Set([
    "organization", "org", "my-org", "myorg", "your-org", "yourorg", "example", "example-org",
    "acme", "changeme", "change-me", "replace-me", "placeholder", "todo", "tbd", "xxx",
]);

/** Words people leave in a template instead of a real name (any part of a stack name). */
const PLACEHOLDER = /^(<.*>|\{.*\}|\$.*|x+|your[-_]?.*|my[-_]?(org|organi[sz]ation|project|stack)|org[-_]?name|changeme|change[-_]me|todo|tbd|fixme|placeholder|example|replace[-_]?me)$/i;

/** Whether an organization name is a placeholder (case-insensitive). */
export function isPlaceholderOrganization(org: string): boolean {
    return PLACEHOLDER_ORGANIZATIONS.has(org.toLowerCase()) || PLACEHOLDER.test(org);
}

/** The keys the dr rules below read. */
export interface DrRuleInput {
    environment: string;
    dr: DrConfig;
    services: ServicesConfig;
}

/**
 * Combinations of keys that make no sense for failover, as [path, message] pairs (empty when
 * consistent). Pure: what can be judged from config alone is judged here, before any resource
 * is registered. What needs the stack's history (a phase going back or skipping a step) is
 * checked against the stack's own last outputs (stack/history.ts).
 */
export function drProblems(cfg: DrRuleInput, context: StackContextInfo = {}): Array<[Array<string | number>, string]> {
    const problems: Array<[Array<string | number>, string]> = [];
    if (cfg.environment === "dr" && cfg.dr.prodStack !== undefined) {
        const problem = prodStackProblem(cfg.dr.prodStack, context);
        if (problem) problems.push([["dr", "prodStack"], `got ${JSON.stringify(cfg.dr.prodStack)}; allowed: ${problem}`]);
    }
    const failingOver = cfg.dr.phase !== "standby";
    if (cfg.environment !== "dr" && failingOver) {
        problems.push([["dr", "phase"], `got ${JSON.stringify(cfg.dr.phase)}; allowed: "standby" (failover phases apply to the dr stack only)`]);
    }
    if (cfg.environment !== "dr" && cfg.dr.mode !== "pilot") {
        problems.push([["dr", "mode"], `got ${JSON.stringify(cfg.dr.mode)}; allowed: "pilot" (standby capacity applies to the dr stack only)`]);
    }
    if (cfg.environment !== "dr" && cfg.dr.prodStack !== undefined) {
        problems.push([["dr", "prodStack"], `got ${JSON.stringify(cfg.dr.prodStack)}; allowed: nothing (the dr stack reads prod, not prod itself)`]);
    }
    if (cfg.environment === "dr" && cfg.dr.fenced) {
        problems.push([["dr", "fenced"], `got true; allowed: false (the dr stack is fenced by expertconnect:dr.phase "failback")`]);
    }
    if (cfg.environment === "dr" && (cfg.dr.phase === "promote" || cfg.dr.phase === "promoted")) {
        for (const name of ["backend", "frontend"] as const) {
            const svc = cfg.services[name];
            if (svc.desiredCount < 1) {
                problems.push([["services", name, "desiredCount"],
                    `got ${svc.desiredCount}; allowed: at least 1 while expertconnect:dr.phase is ${JSON.stringify(cfg.dr.phase)} (the dr services take prod's traffic)`]);
            }
        }
    }
    return problems;
}

/**
 * Why `dr.prodStack` cannot be the prod stack this dr stack follows, or undefined. What the
 * config alone shows: a placeholder project or stack, another project, this stack itself (a cycle);
 * with the project's stack files: a stack that does not exist, or one that is not prod (which
 * would make dr follow dr).
 */
export function prodStackProblem(prodStack: string, context: StackContextInfo): string | undefined {
    // The organization's placeholders are refused by the schema, with how to leave it unset.
    const [org, project, stack] = prodStack.split("/");
    const placeholder = [project, stack].find((part) => PLACEHOLDER.test(part));
    if (placeholder !== undefined) {
        return `a real stack name, not the placeholder ${JSON.stringify(placeholder)} (e.g. ${org}/${context.project ?? "expertconnect-infra"}/prod)`;
    }
    if (context.project !== undefined && project !== context.project) {
        return `a stack of this project, ${context.project} (e.g. ${org}/${context.project}/prod)`;
    }
    if (context.stack !== undefined && stack === context.stack) {
        return `the prod stack, not this stack itself (a stack reading its own outputs is a reference cycle)`;
    }
    if (context.stacks === undefined) return undefined;
    const names = Object.keys(context.stacks).sort();
    if (!names.includes(stack)) {
        return `a stack of this project (stack files: ${names.map((n) => `Pulumi.${n}.yaml`).join(", ")}); no Pulumi.${stack}.yaml exists`;
    }
    const environment = context.stacks[stack];
    if (environment !== undefined && environment !== "prod") {
        return `a stack whose expertconnect:environment is prod; ${stack}'s is ${JSON.stringify(environment)}`;
    }
    return undefined;
}
