/**
 * The people (and the failover workflow's role) who run the operators' runbook may run it, as
 * IAM evaluates their requests. The requests are read from the runbook the stack outputs
 * (policy/lib/facts/runbookAccess.ts: each `aws …` command of `commands`, and the failover's
 * `pulumi up` in the stack it fails over); the principals are the configured operators.
 *
 * For each operator and each request of its procedures, on the ARNs the command names:
 * - the stack's identity documents reaching the operator (inline, attached customer managed or
 *   AWS managed policies, by any attachment kind, to the role, group or user by name or ARN),
 *   together with the key policy when the request uses a KMS key (exec's session key, the
 *   database's key during promotion), must not refuse it explicitly: an explicit Deny beats every
 *   Allow the operator holds outside the stack;
 * - a permissions boundary the stack sets on an operator role must allow it (a boundary grants
 *   nothing, and what it leaves out is refused);
 * - an operator group or role the stack itself holds, with every document readable, must allow it.
 * A Deny whose exception admits another operator principal that exists (configured, or a role or
 * user of the stack) is not a refusal: the procedure is run as that principal. An exception naming
 * a principal that exists nowhere leaves the procedure refused on the day it is needed.
 */
import { PolicyResource } from "@pulumi/policy";

import { ACCOUNT_CONFIG, AccountConfig, stackAccount } from "../lib/account";
import { ConfigProperty, stackPolicy } from "../lib/define";
import { cliRequests, FAILOVER_REQUESTS, FailoverTarget, OPERATOR_PRINCIPALS, OperatorPrincipal, runbookProcedures } from "../lib/facts/runbookAccess";
import { isPolicyError, NormalPolicy, parsePolicy } from "../lib/iam/document";
import { evaluate, PolicySet, PROBE_NAME, probeResource, probeResources } from "../lib/iam/evaluate";
import { knownDeep, knownString, ofType, stackRegion } from "../lib/stack";
import { IAM_GROUP, IAM_ROLE, IAM_USER } from "../lib/tokens";
import { keyAccess } from "../paths/access";
import { StackIndex } from "../paths/model";
import { pathResourceOf } from "../paths/policy";
import { Identity, identitiesOf } from "./identities";
import { roleViews } from "./humanRoles";

const STACK = "pulumi:pulumi:Stack";
const RDS_INSTANCE = "aws:rds/instance:Instance";
const ECS_CLUSTER = "aws:ecs/cluster:Cluster";
const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
/** A statement allowing everything: what stands for the operator's grants outside the stack when a boundary or key policy is asked. */
const ALLOW_ALL = parsePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) as NormalPolicy;

export interface RunbookAccessConfig extends AccountConfig {
    operatorPrincipals: OperatorPrincipal[];
}

/** One request of a procedure, on one resource, with the key policy that also decides it. */
interface ProcedureRequest {
    procedure: string;
    action: string;
    resource: string;
    keyPolicy?: { policy: NormalPolicy; resource: PolicyResource };
    context?: Record<string, string>;
}

/** An operator as these checks read it: its ARN as a request carries it, its documents, boundary, and whether the stack holds it whole. */
interface Operator {
    spec: OperatorPrincipal;
    kind: string;
    name: string;
    /** The requester's ARN: the role's, or a member user's for a group. */
    requester: string;
    documents: { policy: NormalPolicy; source: PolicyResource }[];
    boundary?: { policy: NormalPolicy; role: PolicyResource };
    /** The stack holds the role or group and the pack reads all its documents: its grants are the whole story. */
    held: boolean;
}

/** `role/x`, `group/x`, `user/x`, or an IAM ARN of one: kind and name (path dropped). */
function principalParts(ref: string): { kind: string; name: string } | undefined {
    const m = /^(?:arn:aws[\w-]*:iam::\d{12}:)?(role|group|user)\/(?:.*\/)?([\w+=,.@-]+)$/.exec(ref);
    return m ? { kind: m[1], name: m[2] } : undefined;
}

function operatorsOf(resources: PolicyResource[], specs: OperatorPrincipal[], account: string): Operator[] {
    const identities = identitiesOf(resources);
    const holders = ofType(resources, [...IAM_ROLE, ...IAM_GROUP, ...IAM_USER]);
    const views = roleViews(resources, account);
    return specs.flatMap(spec => {
        const parts = principalParts(spec.principal);
        if (!parts) return [];
        const { kind, name } = parts;
        const reaching = identities.filter(i => {
            const [k, ...rest] = i.label.split(" ");
            const p = principalParts(`${k}/${rest.join(" ")}`);
            return p?.kind === kind && p.name === name;
        });
        const documents = reaching.flatMap(i => i.documents.flatMap(d => isPolicyError(d.policy) ? [] : [{ policy: d.policy, source: d.source }]));
        const holder = holders.find(h => h.type.includes(`/${kind}:`) && knownString(h, "name") === name);
        const view = holder && views.find(v => v.resource === holder);
        const readable = (i: Identity) => i.documents.every(d => !isPolicyError(d.policy) && !d.broadByName);
        return [{
            spec, kind, name,
            requester: `arn:aws:iam::${account}:${kind === "group" ? "user/pack-probe-operator" : `${kind}/${name}`}`,
            documents,
            boundary: view?.boundary ? { policy: view.boundary, role: holder! } : undefined,
            held: holder !== undefined && kind !== "user" && reaching.every(readable) && !(view?.undocumented.length),
        }];
    });
}

/** The condition keys of the operator's session: a person's MFA session, or a CI web-identity session (no MFA key). */
function sessionContext(op: Operator, account: string, region: string, action: string): Record<string, string> {
    return {
        "aws:PrincipalArn": op.requester, "aws:PrincipalAccount": account, "aws:PrincipalType": op.kind === "group" ? "User" : "AssumedRole",
        "aws:PrincipalIsAWSService": "false", "aws:SecureTransport": "true", "aws:RequestedRegion": region, "aws:ResourceAccount": account,
        ...(op.spec.flow === "people" ? { "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "300" } : {}),
        ...(action.startsWith("kms:") ? { "kms:CallerAccount": account } : {}),
    };
}

/** An ARN of one of the action's resource types among `candidates`, else one naming nothing (the action on any resource). */
async function resourceFor(action: string, candidates: string[], account: string, region: string): Promise<string | undefined> {
    const probes = await probeResources(action, account, region);
    const typeOf = (arn: string) => `${arn.split(":")[2]}|${arn.split(":").slice(5).join(":").split(/[/:]/)[0]}`;
    const types = new Set(probes.filter(p => p !== "*").map(typeOf));
    const match = candidates.find(c => types.has(typeOf(c)));
    if (match || probes[0] === undefined) return match ?? probes[0];
    // ECS names its resources within their cluster (container-instance/<cluster>/<id>): the command's cluster, not any.
    const cluster = candidates.map(c => /:ecs:[^:]*:\d*:cluster\/(.+)$/.exec(c)?.[1]).find(n => n !== undefined);
    return cluster && probes[0].includes(":ecs:") ? probes[0].replace(`/${PROBE_NAME}/`, `/${cluster}/`) : probes[0];
}

/** The requests of every procedure of the stack's runbook output. */
async function procedureRequests(resources: PolicyResource[], runbook: { stack?: string; region?: string; commands: Record<string, unknown>; names?: Record<string, unknown> }, account: string): Promise<ProcedureRequest[]> {
    const region = runbook.region ?? stackRegion(resources) ?? "us-east-1";
    const ix = new StackIndex(resources.map(pathResourceOf));
    const keyOf = (ref: unknown) => {
        const k = keyAccess(ix, ref);
        const holder = k && resources.find(r => r.urn === k.policyResource.urn);
        return k?.policy && holder ? { policy: k.policy, resource: holder } : undefined;
    };
    const out: ProcedureRequest[] = [];
    for (const { procedure, lines } of runbookProcedures(runbook.commands)) {
        for (const line of lines) {
            for (const r of cliRequests(line, region, account)) {
                const resource = await resourceFor(r.action, r.resources, account, region);
                if (resource) out.push({ procedure, action: r.action, resource });
                // ECS Exec encrypts the session with the cluster's key: the caller needs kms:GenerateDataKey on it.
                if (r.action === "ecs:ExecuteCommand") {
                    const cluster = ofType(resources, [ECS_CLUSTER]).find(c => r.resources.some(a => a.endsWith(`:cluster/${knownString(c, "name")}`)));
                    const keyArn = cluster && knownDeep(() => (cluster.props.configuration as any)?.executeCommandConfiguration?.kmsKeyId);
                    const key = typeof keyArn === "string" ? keyOf(keyArn) : undefined;
                    if (typeof keyArn === "string") out.push({ procedure, action: "kms:GenerateDataKey", resource: keyArn, keyPolicy: key });
                }
            }
        }
        // `pulumi up -s <stack>` in this stack: the failover's own requests.
        const target = lines.map(l => /pulumi up -s (\S+)/.exec(l)?.[1]).find(s => s !== undefined);
        if (target !== undefined && target === runbook.stack) {
            out.push(...await failoverRequests(resources, procedure, runbook.names ?? {}, account, region, keyOf));
        }
    }
    return out;
}

async function failoverRequests(resources: PolicyResource[], procedure: string, names: Record<string, unknown>, account: string, region: string,
    keyOf: (ref: unknown) => ProcedureRequest["keyPolicy"]): Promise<ProcedureRequest[]> {
    const database = String(names.database ?? "");
    const services = Object.values((names.services ?? {}) as Record<string, unknown>).filter((s): s is string => typeof s === "string");
    const db = ofType(resources, [RDS_INSTANCE]).find(d => knownString(d, "identifier") === database);
    const dbArn = db && (knownString(db, "arn") ?? `arn:aws:rds:${region}:${account}:db:${database}`);
    const keyArn = db && knownString(db, "kmsKeyId");
    const alarms = ofType(resources, [METRIC_ALARM]).map(a => knownString(a, "name")).filter((n): n is string => !!n && /replica/.test(n));
    const targets: Record<FailoverTarget, string[]> = {
        database: dbArn ? [dbArn] : [],
        databaseKey: keyArn ? [keyArn] : [],
        service: typeof names.cluster === "string" ? services.map(s => `arn:aws:ecs:${region}:${account}:service/${names.cluster}/${s}`) : [],
        scalableTarget: [],
        listenerRule: [],
        alarm: alarms.map(n => `arn:aws:cloudwatch:${region}:${account}:alarm:${n}`),
    };
    const out: ProcedureRequest[] = [];
    for (const { action, on } of FAILOVER_REQUESTS) {
        const arns = targets[on].length > 0 ? targets[on] : on === "database" || on === "databaseKey" ? [] : [await probeResource(action, account, region)].filter((a): a is string => !!a);
        for (const resource of arns) {
            out.push({
                procedure, action, resource,
                ...(on === "databaseKey" ? { keyPolicy: keyOf(resource), context: { "kms:ViaService": `rds.${region}.amazonaws.com` } } : {}),
            });
        }
    }
    return out;
}

/** The decision for one operator's request, with where a refusal comes from. */
async function refusal(op: Operator, req: ProcedureRequest, account: string, region: string, requester = op.requester): Promise<{ why: string; urn?: string } | undefined> {
    const context = { ...sessionContext(op, account, region, req.action), "aws:PrincipalArn": requester, ...req.context };
    const ask = (set: PolicySet) => evaluate(set, { action: req.action, resource: req.resource, resourceAccount: account, principal: requester, context });
    const identity = op.documents.map(d => d.policy);
    const overall = await ask({ identity: [...identity, ...(op.held ? [] : [ALLOW_ALL])], resource: req.keyPolicy?.policy });
    if (overall === "ExplicitlyDenied") {
        for (const d of op.documents) {
            if (await ask({ identity: [d.policy] }) === "ExplicitlyDenied") return { why: `an explicit Deny in ${d.source.name}`, urn: d.source.urn };
        }
        if (req.keyPolicy) return { why: `an explicit Deny in the key policy of ${req.resource}`, urn: req.keyPolicy.resource.urn };
        return { why: "an explicit Deny" };
    }
    if (op.boundary && await ask({ identity: [ALLOW_ALL], boundary: op.boundary.policy }) !== "Allowed") {
        return { why: `its permissions boundary, which does not allow it`, urn: op.boundary.role.urn };
    }
    if (op.held && req.action.split(":")[0] !== "kms" && overall !== "Allowed") {
        return { why: `its policies in the stack, which do not allow it`, urn: op.documents[0]?.source.urn };
    }
    return undefined;
}

export const OPERATOR_CONFIG: Record<string, ConfigProperty> = {
    operatorPrincipals: {
        type: "array",
        items: {
            type: "object",
            properties: {
                principal: { type: "string", pattern: "^(arn:aws[\\w-]*:iam::\\d{12}:)?(role|group|user)/" },
                flow: { enum: ["people", "ci"] },
                procedures: { type: ["string", "array"], items: { type: "string" } },
            },
            required: ["principal", "flow", "procedures"],
        },
        default: OPERATOR_PRINCIPALS.map(p => ({ ...p, procedures: p.procedures === "all" ? "all" : [...p.procedures] })),
        description: "Who runs the runbook (policy/lib/facts/runbookAccess.ts): each principal (role/, group/ or user/ name, or its ARN), how its requests reach AWS (people: an MFA session; ci: a web-identity session without MFA) and its procedures (the runbook's command keys, failover included, or \"all\").",
    },
};

export const iamRunbookAccess = stackPolicy<RunbookAccessConfig>({
    name: "iam-runbook-access",
    description: "The operators (operatorPrincipals: the operators' group for every runbook procedure, the dr deploy role for the failover) may make every AWS request of the runbook the stack outputs, as IAM evaluates them on the resources the commands name: no explicit Deny in the stack's identity policies reaching them (any attachment kind, by name or ARN) or in the key policy of a key the procedure uses (ECS Exec's session key, the database's key during promotion), a permissions boundary that allows it, and, for an operator the stack holds, policies that allow it. A Deny whose exception admits only principals that exist nowhere refuses the procedure on the day it is needed.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Disaster Recovery › Failover; Monitoring and Maintenance › routine commands",
        fsbpControl: undefined,
        remediationSteps: "Remove the Deny (or its attachment to the operators), or make its exception name an operator principal that exists; keep the runbook's actions inside the boundary and the key policy; grant the operators the runbook's actions on the stack's resources.",
    },
    config: { ...ACCOUNT_CONFIG, ...OPERATOR_CONFIG },
    types: [STACK],
    validate: async (resources, report, { config }) => {
        const account = stackAccount(resources, config.accountId);
        const stack = resources.find(r => r.type === STACK);
        const runbook = stack && knownDeep(() => stack.props.runbook) as { stack?: string; region?: string; commands?: Record<string, unknown>; names?: Record<string, unknown> } | undefined;
        if (!account || !runbook?.commands) return;
        const region = runbook.region ?? stackRegion(resources) ?? "us-east-1";
        const specs = config.operatorPrincipals.length > 0 ? config.operatorPrincipals : [...OPERATOR_PRINCIPALS];
        const operators = operatorsOf(resources, specs, account);
        const requests = await procedureRequests(resources, runbook as { commands: Record<string, unknown> }, account);
        // Principals a Deny's exception may admit instead: the configured operator roles and users, and the stack's roles people assume.
        const existing = new Set([
            ...operators.filter(o => o.kind !== "group").map(o => o.requester),
            ...roleViews(resources, account).filter(v => v.callers && v.callers.people.length + v.callers.federatedPeople.length > 0).map(v => v.arn),
        ]);
        const reported = new Set<string>();
        for (const op of operators) {
            for (const req of requests.filter(r => op.spec.procedures === "all" || op.spec.procedures.includes(r.procedure))) {
                const refused = await refusal(op, req, account, region);
                if (!refused) continue;
                if (refused.why.startsWith("an explicit Deny")) {
                    let escape: string | undefined;
                    for (const other of existing) {
                        const asOther = operators.find(o => o.requester === other);
                        if (other !== op.requester && !(await refusal(op, req, account, region, other)) && !(asOther && await refusal(asOther, req, account, region))) {
                            escape = other;
                            break;
                        }
                    }
                    if (escape) continue;
                }
                const key = `${op.spec.principal}|${req.procedure}|${refused.urn}`;
                if (reported.has(key)) continue;
                reported.add(key);
                report(`the runbook's ${req.procedure} is refused to ${op.kind} ${op.name} (${op.spec.flow === "ci" ? "the failover workflow" : "the operators"}): ${req.action} on ${req.resource} is refused by ${refused.why}` +
                    ` — and no operator principal that exists is exempt. The procedure fails on the day it is needed.`, refused.urn);
            }
        }
    },
});
