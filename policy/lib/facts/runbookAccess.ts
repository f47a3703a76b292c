/**
 * Who runs the operators' runbook (components/operations/runbook.ts, `pulumi stack output
 * runbook`) and which AWS requests each of its procedures makes. The requests of the `aws …`
 * commands are read from the commands the program emits (`cliRequests`); the failover's
 * `pulumi up` is stated here, from what the AWS provider calls for the phase change
 * (components/dr/phase.ts). policy/iam/runbookAccess.ts asks IAM's evaluation whether the
 * operators' principals may make them. Facts modules import nothing.
 */

/** A principal that runs procedures: `role/<name>`, `group/<name>` or `user/<name>` of the stack's account. */
export interface OperatorPrincipal {
    /** `role/expertconnect-deploy-dr`, `group/expertconnect-operators`… */
    principal: string;
    /**
     * How its requests reach AWS: `people` (a person's MFA session, so `aws:MultiFactorAuthPresent`
     * true) or `ci` (a web-identity session of the failover workflow: no MFA key at all).
     */
    flow: "people" | "ci";
    /** The runbook procedures it runs (`commands` keys of the runbook, `failover` included). */
    procedures: readonly string[] | "all";
}

/**
 * The default operators (the pack config's `operatorPrincipals` overrides): the people of the
 * operators' group run every command of the guide, the failover included (docs/operations.md,
 * "Routine tasks"); the dr deploy role runs the failover workflow's `pulumi up -s dr`
 * (docs/disaster-recovery.md, `failover.yml`).
 */
export const OPERATOR_PRINCIPALS: readonly OperatorPrincipal[] = [
    { principal: "group/expertconnect-operators", flow: "people", procedures: "all" },
    { principal: "role/expertconnect-deploy-dr", flow: "ci", procedures: ["failover"] },
];

/** The resource a request acts on, by the stack resource it names (the pack resolves the ARN). */
export type FailoverTarget = "database" | "databaseKey" | "service" | "scalableTarget" | "listenerRule" | "alarm";

/**
 * What `pulumi up -s dr` asks of AWS when the phase moves to `promote` and `promoted`
 * (components/dr/phase.ts; the provider's `resourceInstanceUpdate` promotes, then modifies):
 * promote the replica and turn on Multi-AZ, tag it with the phase, scale the services through
 * their scalable targets (and their desired count), turn the role probe's fixed response to
 * 200, delete the replica-lag alarms. RDS acts with the caller's rights on a customer managed
 * key: changing an encrypted instance needs kms:CreateGrant and kms:DescribeKey on its key
 * (RDS user guide, "Authorizing use of a customer managed key").
 */
export const FAILOVER_REQUESTS: readonly { action: string; on: FailoverTarget }[] = [
    { action: "rds:PromoteReadReplica", on: "database" },
    { action: "rds:ModifyDBInstance", on: "database" },
    { action: "rds:AddTagsToResource", on: "database" },
    { action: "kms:CreateGrant", on: "databaseKey" },
    { action: "kms:DescribeKey", on: "databaseKey" },
    { action: "application-autoscaling:RegisterScalableTarget", on: "scalableTarget" },
    { action: "ecs:UpdateService", on: "service" },
    { action: "elasticloadbalancing:ModifyRule", on: "listenerRule" },
    { action: "cloudwatch:DeleteAlarms", on: "alarm" },
];

/** One AWS request of a command: the IAM action and the ARNs the command's arguments name (region and account filled in by the caller). */
export interface CliRequest {
    action: string;
    /** ARNs built from the command's arguments, any of which the action may act on. */
    resources: string[];
}

/** CLI commands whose IAM action is not their operation's name. */
const CLI_ACTIONS: Record<string, string[]> = {
    // `aws logs tail` (a CLI command, no API of that name) pages FilterLogEvents, --follow included.
    "logs tail": ["logs:FilterLogEvents"],
};

/** CLI operation (`create-db-snapshot`) → API operation (`CreateDBSnapshot`): AWS's acronyms keep their case. */
function operationName(op: string): string {
    const ACRONYMS: Record<string, string> = { db: "DB" };
    return op.split("-").map(w => ACRONYMS[w] ?? w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

/** A value with shell substitutions (`$(date …)`, `"$TASK_ARN"`) replaced by a placeholder name. */
function literal(value: string): string {
    return value.replace(/^"|"$/g, "").replace(/\$\([^)]*\)|\$\{?\w+\}?/g, "placeholder");
}

/** The `aws …` invocations of a shell line, each as its words (quotes kept only where they group). */
function invocations(command: string): string[][] {
    const words = command.match(/(?:"[^"]*"|'[^']*'|\$\([^)]*\)|[^\s"'$]|\$(?!\())+/g) ?? [];
    const out: string[][] = [];
    let current: string[] | undefined;
    for (const w of words) {
        // A substitution holding a command: its own invocation.
        const inner = /^(?:\w+=)?\$\((aws .*)\)$/.exec(w);
        if (inner) {
            out.push(...invocations(inner[1]));
            continue;
        }
        if (/^(&&|\|\||;|\||#.*)$/.test(w)) {
            current = undefined;
            continue;
        }
        if (w === "aws") {
            current = [];
            out.push(current);
            continue;
        }
        current?.push(w);
    }
    return out;
}

/**
 * The requests of one runbook command line, with the ARNs its arguments name in `region` and
 * `account`. Every `aws <service> <operation>` of the line (substitutions included) is one
 * request of `<service>:<Operation>`; `--iam-role-arn` adds `iam:PassRole` on that role.
 */
export function cliRequests(command: string, region: string, account: string): CliRequest[] {
    const requests: CliRequest[] = [];
    for (const words of invocations(command)) {
        const [service, op, ...rest] = words;
        if (!service || !op) continue;
        const args = new Map<string, string[]>();
        const positional: string[] = [];
        for (let i = 0; i < rest.length; i++) {
            if (rest[i].startsWith("--")) {
                const values: string[] = [];
                while (i + 1 < rest.length && !rest[i + 1].startsWith("--")) values.push(literal(rest[++i]));
                args.set(rest[i - values.length].slice(2), values);
            } else {
                positional.push(literal(rest[i]));
            }
        }
        const one = (k: string) => args.get(k)?.[0];
        const cluster = one("cluster");
        const resources: string[] = [];
        if (cluster) resources.push(`arn:aws:ecs:${region}:${account}:cluster/${cluster}`);
        for (const s of [...args.get("service") ?? [], ...args.get("service-name") ?? [], ...args.get("services") ?? []]) {
            if (cluster) resources.push(`arn:aws:ecs:${region}:${account}:service/${cluster}/${s}`);
        }
        const task = one("task");
        if (task && cluster) resources.push(task.startsWith("arn:") ? task : `arn:aws:ecs:${region}:${account}:task/${cluster}/${task}`);
        const db = one("db-instance-identifier");
        if (db) resources.push(`arn:aws:rds:${region}:${account}:db:${db}`);
        const snapshot = one("db-snapshot-identifier");
        if (snapshot) resources.push(`arn:aws:rds:${region}:${account}:snapshot:${snapshot}`);
        const path = one("path");
        if (path) resources.push(`arn:aws:ssm:${region}:${account}:parameter${path.startsWith("/") ? path : `/${path}`}`);
        const vault = one("backup-vault-name");
        if (vault) resources.push(`arn:aws:backup:${region}:${account}:backup-vault:${vault}`);
        for (const k of ["resource-arn", "recovery-point-arn", "by-restore-testing-plan-arn"]) {
            const v = one(k);
            if (v?.startsWith("arn:")) resources.push(v);
        }
        if (service === "logs" && positional[0]) resources.push(`arn:aws:logs:${region}:${account}:log-group:${positional[0]}:*`);
        for (const action of CLI_ACTIONS[`${service} ${op}`] ?? [`${service}:${operationName(op)}`]) {
            requests.push({ action, resources });
        }
        const role = one("iam-role-arn");
        if (role) requests.push({ action: "iam:PassRole", resources: [role] });
    }
    return requests;
}

/** The runbook's procedures: each `commands` entry (per-service entries and lists flattened) by its key. */
export function runbookProcedures(commands: Record<string, unknown>): { procedure: string; lines: string[] }[] {
    const lines = (v: unknown): string[] => typeof v === "string" ? [v] : Array.isArray(v) ? v.flatMap(lines) : v && typeof v === "object" ? Object.values(v).flatMap(lines) : [];
    return Object.entries(commands).map(([procedure, v]) => ({ procedure, lines: lines(v) }));
}
