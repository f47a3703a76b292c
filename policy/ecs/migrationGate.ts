import { PolicyResource } from "@pulumi/policy";
import { createHash } from "crypto";

import { fencedProperty } from "../lib/config";
import { stackPolicy } from "../lib/define";
import { containersOf } from "../lib/containers";
import {
    DEFAULT_MIGRATION_TIMEOUT_MINUTES, DEFAULT_RUN_MIGRATIONS, MIGRATION_COMMAND, MIGRATION_CONTAINER, MIGRATION_INTERPRETER,
    MIGRATION_SCRIPT_INPUTS, MIGRATION_SCRIPT_SHA256, migrationCommandProblem, migrationCommandTimeoutMinutes, migrationDecision,
} from "../lib/facts/migrationGate";
import { regionState } from "../lib/role";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { ECS_SERVICE, ECS_TASK_DEFINITION, RDS_INSTANCE } from "../lib/tokens";

/** @pulumi/command's local command: the program's gate is one (components/operations/Migration.ts). */
const COMMAND = "command:local:Command";
const INPUT = MIGRATION_SCRIPT_INPUTS;
const ALLOWED_INPUTS = new Set<string>(Object.values(INPUT));

/** The SHA-256 of a script text, or undefined when the value is not a known string. */
function digest(script: unknown): string | undefined {
    return typeof script === "string" ? createHash("sha256").update(script).digest("hex") : undefined;
}

/** A command's environment variable; UNKNOWN_VALUE while preview does not know it. */
const UNKNOWN_VALUE = Symbol("unknown");
function envValue(command: PolicyResource, name: string): unknown {
    return known(() => (command.props.environment as Record<string, unknown> | undefined)?.[name], UNKNOWN_VALUE);
}

/** Whether the task definition has a container named MIGRATION_CONTAINER: the Django backend, whose schema the gate migrates. */
function runsBackend(taskDefinition: PolicyResource): boolean {
    return (containersOf(knownDeep(() => taskDefinition.props.containerDefinitions)) ?? []).some(c => c.name === MIGRATION_CONTAINER);
}

/**
 * The task definitions `property` of `source` names: by ARN among its values (a string, a list,
 * or an object's values such as the environment), else through its property dependencies while
 * the value is unknown (preview of a new revision).
 */
function taskDefinitionsNamed(source: PolicyResource, property: string, byArn: Map<string, PolicyResource>, all: Set<PolicyResource>): PolicyResource[] {
    const raw = knownDeep(() => source.props[property] as unknown, UNKNOWN_VALUE);
    const dependencies = (source.propertyDependencies[property] ?? []).filter(d => all.has(d));
    if (raw === UNKNOWN_VALUE) {
        return dependencies;
    }
    const values = Array.isArray(raw) ? raw : typeof raw === "object" && raw !== null ? Object.values(raw) : [raw];
    const named = values.filter((v): v is string => typeof v === "string").flatMap(v => byArn.get(v) ?? []);
    // A dependency whose ARN is not known yet (the revision being created) still names it.
    return [...new Set([...named, ...dependencies.filter(d => knownString(d, "arn") === undefined)])];
}

/** Everything `resource` waits for: its dependencies, theirs, and so on. */
function waitsFor(resource: PolicyResource): Set<PolicyResource> {
    const seen = new Set<PolicyResource>();
    const queue = [...resource.dependencies];
    while (queue.length > 0) {
        const next = queue.pop()!;
        if (!seen.has(next)) {
            seen.add(next);
            queue.push(...next.dependencies);
        }
    }
    return seen;
}

/** The shape problems of one gate: what it runs, how it waits, what starts it. */
function gateProblems(gate: PolicyResource, target: PolicyResource | undefined, triggers: PolicyResource[]): string[] {
    const problems: string[] = [];
    const interpreter = knownDeep(() => gate.props.interpreter as unknown, UNKNOWN_VALUE);
    if (interpreter !== UNKNOWN_VALUE && JSON.stringify(interpreter ?? null) !== JSON.stringify(MIGRATION_INTERPRETER)) {
        problems.push(`its interpreter is ${JSON.stringify(interpreter ?? null)}, not ${JSON.stringify(MIGRATION_INTERPRETER)}: the reviewed script is not what runs`);
    }
    for (const step of ["create", "update"] as const) {
        const script = known(() => gate.props[step] as unknown, UNKNOWN_VALUE);
        if (script === UNKNOWN_VALUE || (step === "update" && (script === undefined || script === ""))) {
            continue; // without an update script the provider runs create again
        }
        const hash = digest(script);
        if (hash !== MIGRATION_SCRIPT_SHA256) {
            problems.push(`its ${step} script is not the reviewed scripts/run-migration.sh (SHA-256 ${hash ?? "none"}, reviewed ${MIGRATION_SCRIPT_SHA256}): ` +
                "only that script is known to start the task, wait for it to stop and fail unless the migration exited 0");
        }
    }
    const onDelete = known(() => gate.props.delete as unknown, UNKNOWN_VALUE);
    if (onDelete !== UNKNOWN_VALUE && onDelete !== undefined && onDelete !== "") {
        problems.push("it runs a delete command: a migration is never undone on delete (a schema change is rolled back by a new, forward migration)");
    }
    const environment = knownDeep(() => gate.props.environment as Record<string, unknown> | undefined, UNKNOWN_VALUE);
    const extra = environment === UNKNOWN_VALUE ? [] : Object.keys(environment ?? {}).filter(k => !ALLOWED_INPUTS.has(k));
    if (extra.length > 0) {
        problems.push(`its environment sets ${extra.join(", ")}, which the script does not read: such a variable changes what bash or the AWS CLI does without the script changing`);
    }
    const commandJson = envValue(gate, INPUT.command);
    if (commandJson !== UNKNOWN_VALUE) {
        let argv: unknown;
        try {
            argv = typeof commandJson === "string" ? JSON.parse(commandJson) : undefined;
        } catch {
            argv = undefined;
        }
        const problem = migrationCommandProblem(argv);
        if (problem) {
            problems.push(`its ${INPUT.command} ${JSON.stringify(commandJson ?? null)} is not a forward migration: ${problem} (the program runs ${JSON.stringify(MIGRATION_COMMAND)})`);
        }
    }
    problems.push(...timeoutProblems(gate));
    if (target === undefined) {
        const named = envValue(gate, INPUT.taskDefinition);
        if (named !== UNKNOWN_VALUE) {
            problems.push(`its ${INPUT.taskDefinition} ${JSON.stringify(named ?? null)} is not a backend task definition of this stack: it migrates with code the service does not run`);
        }
    } else {
        if (!triggers.includes(target)) {
            problems.push("its triggers do not follow the task definition it migrates with: a new revision (new image, new settings) rolls out without running its migrations");
        }
        problems.push(...containerProblems(gate, target));
    }
    return problems;
}

/** The script's wait against the command's Pulumi timeout. */
function timeoutProblems(gate: PolicyResource): string[] {
    const raw = envValue(gate, INPUT.timeoutMinutes);
    if (raw === UNKNOWN_VALUE) {
        return [];
    }
    const text = raw === undefined || raw === "" ? String(DEFAULT_MIGRATION_TIMEOUT_MINUTES) : raw;
    if (typeof text !== "string" || !/^[1-9][0-9]*$/.test(text)) {
        return [`its ${INPUT.timeoutMinutes} ${JSON.stringify(raw)} is not a positive whole number of minutes: the script refuses to run and every deploy fails`];
    }
    const needed = migrationCommandTimeoutMinutes(Number(text)) * 60;
    const timeouts = gate.opts?.customTimeouts;
    return ([["create", timeouts?.createSeconds], ["update", timeouts?.updateSeconds]] as const)
        .filter(([, seconds]) => typeof seconds === "number" && seconds > 0 && seconds < needed)
        .map(([step, seconds]) => `its ${step} timeout is ${seconds} s, shorter than the script's longest run for ${INPUT.timeoutMinutes}=${text} (${needed} s: whole 10-minute waiter rounds and the task's start and stop): ` +
            "Pulumi abandons the command while the task still migrates, and the next deploy starts a second migration beside it");
}

/** The container the gate overrides must be one of the task's essential containers: ECS stops a task when an essential container exits, which is what the script waits for. */
function containerProblems(gate: PolicyResource, target: PolicyResource): string[] {
    const name = envValue(gate, INPUT.container);
    const containers = containersOf(knownDeep(() => target.props.containerDefinitions));
    if (name === UNKNOWN_VALUE || containers === undefined) {
        return [];
    }
    const container = containers.find(c => c.name === name);
    if (container === undefined || name !== MIGRATION_CONTAINER) {
        return [`its ${INPUT.container} ${JSON.stringify(name ?? null)} is not the task's ${MIGRATION_CONTAINER} container: the migration would run, and be judged, in another container or none`];
    }
    if ((container as { essential?: boolean }).essential === false) {
        return [`the ${MIGRATION_CONTAINER} container is not essential in the task definition: its exit does not stop the task, so the script waits out its timeout and the gate can never pass`];
    }
    return [];
}

export const ecsMigrationGate = stackPolicy<{ runMigrations: boolean; fenced: boolean }>({
    name: "ecs-migration-gate",
    description: "The backend's database migrations gate its rollout, by value: while the stack serves (prod unless fenced; dr from promote to promoted, its database a primary) every ECS service running the backend container depends on a migration command " +
        "triggered by the task definition revision it deploys, that runs the reviewed script (starts the task, waits for it to stop, fails unless the migration exited 0) with a forward `manage.py migrate --noinput` of every app, " +
        "within the command's Pulumi timeout; while it does not serve (dr standby with its read-replica database, dr failback, a fenced prod) no command migrates.",
    enforcementLevel: "mandatory",
    environments: ["prod", "dr"],
    metadata: {
        severity: "high",
        guideSection: "Update Procedures › Code Updates (python manage.py migrate in the backend container)",
        fsbpControl: undefined,
        remediationSteps: "Keep components/operations/Migration.ts as stack/compute.ts builds it: the backend service's beforeDeploy runs scripts/run-migration.sh (its digest in policy/lib/facts/migrationGate.ts) with the new task definition's ARN as its only trigger, " +
            "migrationCommand a forward `python manage.py migrate --noinput` (quiet options only; undo a migration with a new migration), and the customTimeouts it derives from timeoutMinutes. " +
            "To run migrations by hand instead, set expertconnect:runMigrations false and this policy's runMigrations false together. On a dr standby or a fenced stack, remove any migration command.",
    },
    config: {
        runMigrations: {
            type: "boolean", default: DEFAULT_RUN_MIGRATIONS,
            description: `Whether the stack runs migrations on deploy: the stack config's expertconnect:runMigrations (default ${DEFAULT_RUN_MIGRATIONS}), which the engine checks this value against (policy/stack-config.json). False: a serving stack may have no gate (migrations run by hand); any gate it has is still judged.`,
        },
        fenced: fencedProperty("it then takes no writes from its own services and runs no migration"),
    },
    types: [COMMAND, ...ECS_SERVICE, ...ECS_TASK_DEFINITION, ...RDS_INSTANCE],
    onlyWith: ECS_SERVICE[0],
    validate: (resources, report, { config }) => {
        const taskDefinitions = ofType(resources, ECS_TASK_DEFINITION).filter(runsBackend);
        const all = new Set(taskDefinitions);
        const byArn = new Map(taskDefinitions.flatMap(t => { const arn = knownString(t, "arn"); return arn ? [[arn, t] as const] : []; }));
        const services = ofType(resources, ECS_SERVICE)
            .map(service => ({ service, runs: taskDefinitionsNamed(service, "taskDefinition", byArn, all) }))
            .filter(s => s.runs.length > 0);

        // A gate: a command that runs the backend's task definition, the reviewed script, or Django's manage.py.
        const gates = ofType(resources, [COMMAND]).map(command => ({
            command,
            target: taskDefinitionsNamed(command, "environment", byArn, all)[0],
            triggers: taskDefinitionsNamed(command, "triggers", byArn, all),
        })).filter(g => g.target !== undefined || g.triggers.length > 0
            || [g.command.props.create, g.command.props.update].some(s => known(() => digest(s)) === MIGRATION_SCRIPT_SHA256)
            || /manage\.py|django-admin/.test(known(() => JSON.stringify([g.command.props.create, g.command.props.update, g.command.props.environment]), "")));

        // Whether the stack migrates: the program's decision from the stack's own evidence. A
        // database that is a read replica refuses writes whatever the phase says.
        const region = regionState(config.environment, config.fenced, resources);
        const databases = ofType(resources, RDS_INSTANCE);
        const replica = databases.length > 0 && databases.every(d => typeof knownString(d, "replicateSourceDb") === "string" && knownString(d, "replicateSourceDb") !== "");
        const serves = replica ? false : region?.serves;
        const state = replica ? (region?.phase === "standby" ? "standby" : "its database is a read replica") : region?.phase ?? "";
        if (serves === false) {
            const decision = migrationDecision({ runMigrations: true, serves, state });
            for (const g of gates) {
                report(`${g.command.name} runs database migrations although the stack must not migrate: ${decision.run ? "" : decision.reason}. ` +
                    "Every deploy would fail against a read-only database, or write to one that is not production's.", g.command.urn);
            }
            return;
        }
        for (const g of gates) {
            for (const problem of gateProblems(g.command, g.target, g.triggers)) {
                report(`migration gate ${g.command.name}: ${problem}.`, g.command.urn);
            }
        }
        if (serves !== true || !migrationDecision({ runMigrations: config.runMigrations, serves, state }).run) {
            return;
        }
        for (const { service, runs } of services) {
            const name = knownString(service, "name") ?? service.name;
            const own = gates.filter(g => g.target !== undefined && runs.includes(g.target));
            if (own.length === 0) {
                report(`service ${name} runs the ${MIGRATION_CONTAINER} container but no migration gate migrates its task definition: a new revision rolls out on a schema nobody migrated ` +
                    "(set expertconnect:runMigrations and this policy's runMigrations to false to migrate by hand).", service.urn);
                continue;
            }
            const before = waitsFor(service);
            if (!own.some(g => before.has(g.command))) {
                report(`service ${name} does not depend on its migration gate (${own.map(g => g.command.name).join(", ")}): ECS rolls the new revision while the migration runs, or after it failed.`, service.urn);
            }
        }
    },
});
