/**
 * Least privilege by use: a role may read a stack secret (Secrets Manager secret or SecureString
 * parameter, and through Secrets Manager or SSM the key that encrypts it) only when something
 * running under the role uses it. Uses, as the stack wires them:
 * - an ECS execution role: the `secrets[].valueFrom` of the containers of the task definitions
 *   naming it as `executionRoleArn` (the agent fetches them before the task starts);
 * - an ECS task role: the settings of the task definitions naming it as `taskRoleArn` (plain
 *   environment values and the values of the parameters the task reads), which the application
 *   fetches at run time;
 * - a Lambda function's role: the function's environment, and the secrets whose rotation the
 *   function runs.
 * A grant nobody under the role uses is what an attacker in that workload gains (the backend's
 * task role reading the master secret bypasses the IAM database user; a frontend reading the
 * backend's signing key forges its sessions), and AWS accepts it. A grant that is used is still
 * refused when the secret's audience (lib/facts/secretAudience.ts) excludes the service running
 * under the role: the frontend handed the signing keys with the grant to read them has a working
 * path and the wrong audience.
 */
import { AppService, audienceProblem, serviceOfTask } from "../lib/facts/secretAudience";
import { ask, keyAccess, KeyAccess, RoleAccess, roleAccess } from "./access";
import { arnParts, broken, ok, PathResource, PathResult, StackIndex, strings } from "./model";
import { settingsOf, tasksOf } from "./tasks";

const LAMBDA = "aws:lambda/function:Function";
const SECRET = "aws:secretsmanager/secret:Secret";
const PARAMETER = "aws:ssm/parameter:Parameter";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
/** Resources that name a key without being encrypted by it: the key itself, its policy, aliases, grants and the IAM documents granting it. */
const KEY_PLUMBING = ["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy", "aws:kms/alias:Alias", "aws:kms/grant:Grant", "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/policy:Policy", "aws:iam/role:Role", SECRET, PARAMETER];

/** A role and what runs under it: who (for messages) and the references its runners make. */
interface Runner {
    role: RoleAccess;
    account: string;
    region: string;
    who: string[];
    refs: Set<string>;
    /** The application services running under the role (secretAudience.ts). */
    services: Set<AppService>;
}

/** A stack secret as a role reads it. */
interface StackSecret {
    holder: PathResource;
    arn: string;
    name: string;
    actions: string[];
    via: string;
    key?: KeyAccess;
}

function runnersOf(ix: StackIndex): Map<string, Runner> {
    const runners = new Map<string, Runner>();
    const add = (role: RoleAccess | undefined, who: string, refs: string[], where: { account?: string; region?: string }, service?: AppService) => {
        if (!role || !where.account || !where.region) return;
        const r = runners.get(role.role.urn) ?? { role, account: where.account, region: where.region, who: [], refs: new Set<string>(), services: new Set<AppService>() };
        r.who.push(who);
        refs.forEach((x) => r.refs.add(x));
        if (service) r.services.add(service);
        runners.set(role.role.urn, r);
    };
    for (const t of tasksOf(ix)) {
        const where = { account: t.account, region: t.region };
        const service = serviceOfTask(t.containers.map((c) => c.name), t.definition.props.tags?.Component);
        add(t.execution, `task ${t.family} (execution role)`, t.containers.flatMap((c) => (c.secrets ?? []).map((s) => s.valueFrom ?? "")), where, service);
        add(t.taskRole, `task ${t.family} (task role)`, [...settingsOf(ix, t).values()], where, service);
    }
    for (const f of ix.ofType(LAMBDA)) {
        const role = f.props.role !== undefined ? roleAccess(ix, f.props.role, { resource: f, property: "role" }) : undefined;
        const rotated = ix.ofType(ROTATION).filter((r) => ix.named(r.props.rotationLambdaArn, LAMBDA).includes(f)).map((r) => String(r.props.secretId ?? ""));
        add(role, `function ${f.props.name ?? f.name}`, [...strings(f.props.environment?.variables ?? {}), ...rotated], arnParts(f.props.arn));
    }
    return runners;
}

/** Whether a reference (ARN, partial ARN with or without a JSON key, or name) names the secret. */
export function refersTo(ref: string, s: Pick<StackSecret, "arn" | "name">): boolean {
    if (ref === s.name || ref === s.arn) return true;
    if (!ref.startsWith("arn:")) return false;
    const base = ref.split(":").slice(0, 7).join(":");
    return base === s.arn || s.arn.startsWith(`${base}-`);
}

function stackSecrets(ix: StackIndex): StackSecret[] {
    const secrets = ix.ofType(SECRET).filter((s) => typeof s.props.arn === "string").map((s): StackSecret => ({
        holder: s, arn: s.props.arn, name: String(s.props.name ?? s.name), actions: ["secretsmanager:GetSecretValue"], via: "secretsmanager",
        key: s.props.kmsKeyId !== undefined ? keyAccess(ix, s.props.kmsKeyId, { resource: s, property: "kmsKeyId" }) : undefined,
    }));
    const parameters = ix.ofType(PARAMETER).filter((p) => p.props.type === "SecureString" && typeof p.props.arn === "string").map((p): StackSecret => ({
        holder: p, arn: p.props.arn, name: String(p.props.name ?? p.name), actions: ["ssm:GetParameter", "ssm:GetParameters"], via: "ssm",
        key: p.props.keyId !== undefined ? keyAccess(ix, p.props.keyId, { resource: p, property: "keyId" }) : undefined,
    }));
    return [...secrets, ...parameters];
}

/** Whether a key encrypts nothing of the stack but its secrets and parameters (a Decrypt on it through them serves only them). */
function keyServesOnlySecrets(ix: StackIndex, key: KeyAccess): boolean {
    const ids = new Set([key.arn, key.key.props.keyId, key.key.id].filter((v): v is string => typeof v === "string"));
    // Components and the stack carry their children's values (outputs), not uses of their own.
    return !ix.resources.some((r) => r.type.startsWith("aws:") && !KEY_PLUMBING.includes(r.type)
        && (strings(r.props).some((v) => ids.has(v)) || Object.values(r.propertyDependencies).some((deps) => deps.includes(key.key.urn))));
}

const roleName = (r: Runner): string => String(r.role.role.props.name ?? r.role.role.name);

async function grants(r: Runner, actions: string[], resource: string, context?: Record<string, string>): Promise<string | undefined> {
    for (const action of actions) {
        // A probe of what the policies grant, not a request anything makes: the boundary is not asked.
        const d = await ask({ action, resource, account: r.account, principal: r.role.arn, identity: r.role.policies, context });
        if (d.identityAllows) return action;
    }
    return undefined;
}

function unused(r: Runner, what: string, grant: string, users: Runner[]): PathResult {
    const path = `least privilege: role ${roleName(r)} may ${grant} on ${what} only if what runs under it uses it`;
    const others = users.length ? `it is used by ${users.flatMap((u) => u.who).join(", ")}` : "nothing in the stack uses it";
    return broken(path, `a use of ${what} by ${r.who.join(", ")}: no container secret, task setting, function environment or rotation of theirs names it (${others}); remove ${grant} on it from the role's policies`, r.role.role);
}

/** Every (runner role, stack secret) pair the role's policies grant: verified when a runner uses it. */
export async function secretUsePaths(ix: StackIndex): Promise<PathResult[]> {
    const runners = [...runnersOf(ix).values()];
    const secrets = stackSecrets(ix);
    const results: PathResult[] = [];
    const uses = (r: Runner, s: StackSecret) => [...r.refs].some((ref) => refersTo(ref, s));
    for (const r of runners) {
        for (const s of secrets) {
            const grant = await grants(r, s.actions, s.arn);
            if (!grant) continue;
            const outside = [...r.services].map((service) => audienceProblem(service, s.name)).find((p) => p);
            if (outside) {
                results.push(broken(`secret audience: role ${roleName(r)} may ${grant} on ${s.name}`, `the secret's audience (${r.who.join(", ")} run under the role, but ${outside}): remove ${grant} on it from the role's policies`, r.role.role));
                continue;
            }
            results.push(uses(r, s) ? ok(`least privilege: role ${roleName(r)} reads ${s.name}`) : unused(r, s.name, grant, runners.filter((u) => uses(u, s))));
        }
        const keys = [...new Map(secrets.filter((s) => s.key).map((s) => [s.key!.arn, s.key!])).values()];
        for (const key of keys) {
            const under = secrets.filter((s) => s.key?.arn === key.arn);
            if (under.some((s) => uses(r, s)) || !keyServesOnlySecrets(ix, key)) continue;
            const via = [...new Set(under.map((s) => `${s.via}.${r.region}.amazonaws.com`))];
            const granted = (await Promise.all(via.map((v) => grants(r, ["kms:Decrypt"], key.arn, { "kms:ViaService": v })))).find((g) => g);
            if (granted) results.push(unused(r, `key ${key.arn} (of ${under.map((s) => s.name).join(", ")})`, granted, runners.filter((u) => under.some((s) => uses(u, s)))));
        }
    }
    return results;
}
