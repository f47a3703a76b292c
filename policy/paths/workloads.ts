/**
 * The stack's workloads (policy/lib/facts/purposes.ts) as the least-privilege checks find them:
 * each role code runs under (an ECS task role, a Lambda function's role, a canary's) or that
 * starts it (an ECS execution role), which workloads run under it and what their settings,
 * secrets and environment name; and each security group a workload runs in.
 *
 * A workload is known by what the program builds: an ECS task by its application container (or
 * its Component tag), a function by the rotation schedule that names it or by belonging to the
 * database's component (its maintenance function), the serverless-repository rotation app, a
 * Synthetics canary. Code found under none of them is of no known workload, whose purpose is
 * empty: it reaches none of the data the facts describe.
 */
import { AppService, serviceOfTask, Workload } from "../lib/facts/purposes";
import { RoleAccess, roleAccess } from "./access";
import { arnParts, PathResource, StackIndex, strings } from "./model";
import { SECURITY_GROUP } from "./network";
import { ECS_SERVICE, settingsOf, TASK_DEFINITION, tasksOf } from "./tasks";

const LAMBDA = "aws:lambda/function:Function";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const ROTATION_APP = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";
const CANARY = "aws:synthetics/canary:Canary";
const RDS = ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"];
const STACK = "pulumi:pulumi:Stack";

/** A role and what runs under it. */
export interface Runner {
    role: RoleAccess;
    account: string;
    region: string;
    /** Who runs under the role, for messages (`task expertconnect-prod-backend (task role)`). */
    who: string[];
    /** What its runners are given: setting values, secret references, environment, artifact locations. */
    refs: Set<string>;
    /** The workloads whose code runs under the role (its credentials are theirs). */
    runs: Set<Workload>;
    /** The workloads whose tasks it starts as ECS execution role: it holds their secrets and reaches none of their data. */
    starts: Set<Workload>;
    /** Code of no known workload runs under the role. */
    unknown: boolean;
}

/** The repository of an image reference, without its tag or digest. */
const repositoryOf = (image: unknown): string | undefined => (typeof image === "string" ? image.replace(/@.*$/, "").replace(/:[^/:]*$/, "") : undefined);

/**
 * The workload each task definition runs: by its application container (or Component tag), else
 * by the code it runs, when a container's image is the application container's image of a task
 * whose workload is known (a one-off migration or management command runs the backend's code,
 * with the backend's purpose).
 */
export function taskWorkloads(ix: StackIndex): Map<PathResource, AppService | undefined> {
    const tasks = tasksOf(ix);
    const byName = new Map(tasks.map((t) => [t.definition, serviceOfTask(t.containers.map((c) => c.name), t.definition.props.tags?.Component)] as const));
    const byImage = new Map<string, AppService>();
    for (const t of tasks) {
        const service = byName.get(t.definition);
        const image = service && repositoryOf(t.containers.find((c) => c.name === service)?.image);
        if (service && image) byImage.set(image, service);
    }
    return new Map(tasks.map((t) => {
        const known = byName.get(t.definition);
        const running = [...new Set(t.containers.map((c) => byImage.get(repositoryOf(c.image) ?? "")).filter((w): w is AppService => w !== undefined))];
        return [t.definition, known ?? (running.length === 1 ? running[0] : undefined)] as const;
    }));
}

/** The workload a Lambda function is: the rotation function a schedule names, or the database's maintenance function. */
export function functionWorkload(ix: StackIndex, f: PathResource): Workload | undefined {
    if (ix.ofType(ROTATION).some((r) => ix.refs(r, "rotationLambdaArn", LAMBDA).includes(f))) return "database-rotation";
    // The database's component holds its own functions (components/data/Database.ts): the component, not the stack itself.
    const family = ix.ancestors(f).filter((a) => ix.urn(a)?.type !== STACK);
    return ix.ofType(...RDS).some((db) => ix.ancestors(db).some((a) => family.includes(a))) ? "database-maintenance" : undefined;
}

/** Every role code runs under or that starts it, keyed by the role's URN. */
export function runnersOf(ix: StackIndex): Map<string, Runner> {
    const runners = new Map<string, Runner>();
    const add = (role: RoleAccess | undefined, who: string, refs: string[], where: { account?: string; region?: string }, how: { runs?: Workload; starts?: Workload; unknown?: boolean }) => {
        if (!role || !where.account || !where.region) return;
        const r = runners.get(role.role.urn) ?? { role, account: where.account, region: where.region, who: [], refs: new Set<string>(), runs: new Set<Workload>(), starts: new Set<Workload>(), unknown: false };
        r.who.push(who);
        refs.forEach((x) => r.refs.add(x));
        if (how.runs) r.runs.add(how.runs);
        if (how.starts) r.starts.add(how.starts);
        r.unknown ||= how.unknown === true;
        runners.set(role.role.urn, r);
    };
    const workloads = taskWorkloads(ix);
    for (const t of tasksOf(ix)) {
        const where = { account: t.account, region: t.region };
        const workload = workloads.get(t.definition);
        // The agent fetches the containers' secrets and environment files before the task starts.
        const started = t.containers.flatMap((c) => [...(c.secrets ?? []).map((s) => s.valueFrom ?? ""), ...strings(c.environmentFiles)]);
        add(t.execution, `task ${t.family} (execution role)`, started, where, { starts: workload, unknown: workload === undefined });
        add(t.taskRole, `task ${t.family} (task role)`, [...settingsOf(ix, t).values()], where, { runs: workload, unknown: workload === undefined });
    }
    for (const f of ix.ofType(LAMBDA)) {
        const role = f.props.role !== undefined ? roleAccess(ix, f.props.role, { resource: f, property: "role" }) : undefined;
        const rotated = ix.ofType(ROTATION).filter((r) => ix.refs(r, "rotationLambdaArn", LAMBDA).includes(f)).map((r) => String(r.props.secretId ?? ""));
        const workload = functionWorkload(ix, f);
        add(role, `function ${f.props.name ?? f.name}`, [...strings(f.props.environment?.variables ?? {}), ...rotated], arnParts(f.props.arn), { runs: workload, unknown: workload === undefined });
    }
    for (const c of ix.ofType(CANARY)) {
        const role = c.props.executionRoleArn !== undefined ? roleAccess(ix, c.props.executionRoleArn, { resource: c, property: "executionRoleArn" }) : undefined;
        add(role, `canary ${c.props.name ?? c.name}`, [...strings(c.props.runConfig?.environmentVariables ?? {}), ...strings(c.props.artifactS3Location)], arnParts(c.props.arn), { runs: "synthetic-check" });
    }
    return runners;
}

/** The workloads running in one security group. */
export interface GroupWorkloads {
    workloads: Set<Workload>;
    /** Something of no known workload runs in it. */
    unknown: boolean;
    who: string[];
}

/** A property the resource does not set (absent, and not merely unknown in preview). */
const unset = (r: PathResource, property: string): boolean => r.props[property] === undefined && !(r.pending ?? []).includes(property);

/** The security groups workloads run in: ECS services' tasks, functions and canaries in the VPC, the rotation app. */
export function groupWorkloads(ix: StackIndex): Map<PathResource, GroupWorkloads> {
    const groups = new Map<PathResource, GroupWorkloads>();
    const add = (found: PathResource[], workload: Workload | undefined, who: string) => {
        for (const g of found) {
            const entry = groups.get(g) ?? { workloads: new Set<Workload>(), unknown: false, who: [] };
            if (workload) entry.workloads.add(workload); else entry.unknown = true;
            entry.who.push(who);
            groups.set(g, entry);
        }
    };
    const tasks = taskWorkloads(ix);
    for (const s of ix.ofType(ECS_SERVICE)) {
        const definition = ix.refs(s, "taskDefinition", TASK_DEFINITION)[0];
        // A task definition not known yet (a new revision in preview) is judged once it is.
        if (!definition || !tasks.has(definition)) continue;
        add(ix.refs(s, "networkConfiguration", SECURITY_GROUP), tasks.get(definition), `service ${s.props.name ?? s.name}`);
    }
    // A function or canary without the setting runs outside the VPC; dependencies recorded for a setting it no longer has do not count.
    for (const f of ix.ofType(LAMBDA).filter((x) => !unset(x, "vpcConfig"))) add(ix.refs(f, "vpcConfig", SECURITY_GROUP), functionWorkload(ix, f), `function ${f.props.name ?? f.name}`);
    for (const c of ix.ofType(CANARY).filter((x) => !unset(x, "vpcConfig"))) add(ix.refs(c, "vpcConfig", SECURITY_GROUP), "synthetic-check", `canary ${c.props.name ?? c.name}`);
    for (const a of ix.ofType(ROTATION_APP).filter((x) => !unset(x, "parameters"))) {
        if (a.props.parameters !== undefined && a.props.parameters.vpcSecurityGroupIds === undefined) continue;
        // CloudFormation takes the list as one comma-separated string.
        const named = strings(a.props.parameters?.vpcSecurityGroupIds).flatMap((v) => v.split(",")).flatMap((id) => ix.named(id.trim(), SECURITY_GROUP));
        add(named.length > 0 ? named : ix.refs(a, "parameters", SECURITY_GROUP), "database-rotation", `rotation function ${a.props.name ?? a.name}`);
    }
    return groups;
}
