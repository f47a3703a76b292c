/**
 * Least privilege by use: a role may read a stack secret (Secrets Manager secret or SecureString
 * parameter, and through Secrets Manager or SSM the key that encrypts it) only when something
 * running under the role uses it. Uses, as the stack wires them (./workloads.ts):
 * - an ECS execution role: the `secrets[].valueFrom` of the containers of the task definitions
 *   naming it as `executionRoleArn` (the agent fetches them before the task starts);
 * - an ECS task role: the settings of the task definitions naming it as `taskRoleArn` (plain
 *   environment values and the values of the parameters the task reads), which the application
 *   fetches at run time;
 * - a Lambda function's role: the function's environment, and the secrets whose rotation the
 *   function runs; a canary's role: the canary's environment.
 * A grant nobody under the role uses is what an attacker in that workload gains (the backend's
 * task role reading the master secret bypasses the IAM database user; a frontend reading the
 * backend's signing key forges its sessions), and AWS accepts it. A grant that is used is still
 * refused when the secret's kind is outside the purpose of a workload running under the role
 * (lib/facts/purposes.ts): the frontend handed the signing keys with the grant to read them has
 * a working path and the wrong audience.
 *
 * What a role may read is what AWS would allow it: its identity policies or the secret's own
 * policy, which within the account grants a role it names on its own. The secrets judged are the
 * stack's and those a referenced stack exports (dr reads prod's secrets' replicas in its region).
 */
import { audienceProblem, secretNameOf, Workload } from "../lib/facts/purposes";
import { ask, keyAccess, KeyAccess, resourcePolicyOf } from "./access";
import { broken, ok, PathResource, PathResult, StackIndex, strings } from "./model";
import { Runner, runnersOf } from "./workloads";

const SECRET = "aws:secretsmanager/secret:Secret";
const PARAMETER = "aws:ssm/parameter:Parameter";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";
/** Resources that name a key without being encrypted by it: the key itself, its policy, aliases, grants and the IAM documents granting it. */
const KEY_PLUMBING = ["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy", "aws:kms/alias:Alias", "aws:kms/grant:Grant", "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/policy:Policy", "aws:iam/role:Role", SECRET, PARAMETER];

/** A secret as a role reads it: the stack's (with its policy and key) or one a referenced stack exports. */
interface StackSecret {
    arn: string;
    name: string;
    actions: string[];
    via: string;
    key?: KeyAccess;
    /** The secret's own policy and where it is written. */
    policy?: ReturnType<typeof resourcePolicyOf>;
}

/** Whether a reference (ARN, partial ARN with or without a JSON key, or name) names the secret. */
export function refersTo(ref: string, s: Pick<StackSecret, "arn" | "name">): boolean {
    if (ref === s.name || ref === s.arn) return true;
    if (!ref.startsWith("arn:")) return false;
    const base = ref.split(":").slice(0, 7).join(":");
    return base === s.arn || s.arn.startsWith(`${base}-`);
}

const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:[^:]+:\d{12}:secret:[^:]+$/;

function stackSecrets(ix: StackIndex): StackSecret[] {
    const secrets = ix.ofType(SECRET).filter((s) => typeof s.props.arn === "string").map((s): StackSecret => ({
        arn: s.props.arn, name: String(s.props.name ?? s.name), actions: ["secretsmanager:GetSecretValue"], via: "secretsmanager",
        key: s.props.kmsKeyId !== undefined ? keyAccess(ix, s.props.kmsKeyId, { resource: s, property: "kmsKeyId" }) : undefined,
        policy: resourcePolicyOf(ix, s),
    }));
    const parameters = ix.ofType(PARAMETER).filter((p) => p.props.type === "SecureString" && typeof p.props.arn === "string").map((p): StackSecret => ({
        arn: p.props.arn, name: String(p.props.name ?? p.name), actions: ["ssm:GetParameter", "ssm:GetParameters"], via: "ssm",
        key: p.props.keyId !== undefined ? keyAccess(ix, p.props.keyId, { resource: p, property: "keyId" }) : undefined,
    }));
    // Another stack's secrets this one is handed (their policies and keys are judged in that stack).
    const own = new Set(secrets.map((s) => s.arn));
    const referenced = [...new Set(ix.ofType(STACK_REFERENCE).flatMap((r) => strings(r.props.outputs)).filter((v) => SECRET_ARN.test(v) && !own.has(v)))]
        .map((arn): StackSecret => ({ arn, name: secretNameOf(arn), actions: ["secretsmanager:GetSecretValue"], via: "secretsmanager" }));
    return [...secrets, ...parameters, ...referenced];
}

/** Whether a key encrypts nothing of the stack but its secrets and parameters (a Decrypt on it through them serves only them). */
function keyServesOnlySecrets(ix: StackIndex, key: KeyAccess): boolean {
    const ids = new Set([key.arn, key.key.props.keyId, key.key.id].filter((v): v is string => typeof v === "string"));
    // Components and the stack carry their children's values (outputs), not uses of their own.
    return !ix.resources.some((r) => r.type.startsWith("aws:") && !KEY_PLUMBING.includes(r.type)
        && (strings(r.props).some((v) => ids.has(v)) || Object.values(r.propertyDependencies).some((deps) => deps.includes(key.key.urn))));
}

const roleName = (r: Runner): string => String(r.role.role.props.name ?? r.role.role.name);

/** The first of `actions` the role may take on the resource, and whether the resource's own policy is what allows it. */
async function grants(r: Runner, actions: string[], resource: string, context?: Record<string, string>, resourcePolicy?: StackSecret["policy"]): Promise<{ action: string; byResourcePolicy: boolean } | undefined> {
    for (const action of actions) {
        // A probe of what the policies grant, not a request anything makes: the boundary is not asked.
        const d = await ask({ action, resource, account: r.account, principal: r.role.arn, identity: r.role.policies, context, resourcePolicy: resourcePolicy?.policy });
        if (d.identityAllows) return { action, byResourcePolicy: false };
        if (d.allowed) return { action, byResourcePolicy: true };
    }
    return undefined;
}

/** The workloads of a role's runners, with `undefined` for code of no known workload. */
const workloadsOf = (r: Runner): Array<Workload | undefined> => [...r.runs, ...r.starts, ...(r.unknown ? [undefined] : [])];

/** How to take a grant away: from the role's policies, or from the secret's policy that names the role. */
const removal = (grant: string, policy?: PathResource): string => (policy ? `remove the statement of the secret's policy that lets the role ${grant} it` : `remove ${grant} on it from the role's policies`);

function unused(r: Runner, what: string, grant: string, users: Runner[], change?: PathResource): PathResult {
    const path = `least privilege: role ${roleName(r)} may ${grant} on ${what} only if what runs under it uses it`;
    const others = users.length ? `it is used by ${users.flatMap((u) => u.who).join(", ")}` : "nothing in the stack uses it";
    return broken(path, `a use of ${what} by ${r.who.join(", ")}: no container secret, task setting, function or canary environment or rotation of theirs names it (${others}); ${removal(grant, change)}`, change ?? r.role.role);
}

/** Every (runner role, stack secret) pair the role's policies grant: verified when a runner uses it. */
export async function secretUsePaths(ix: StackIndex): Promise<PathResult[]> {
    const runners = [...runnersOf(ix).values()];
    const secrets = stackSecrets(ix);
    const results: PathResult[] = [];
    const uses = (r: Runner, s: StackSecret) => [...r.refs].some((ref) => refersTo(ref, s));
    for (const r of runners) {
        for (const s of secrets) {
            const found = await grants(r, s.actions, s.arn, undefined, s.policy);
            if (!found) continue;
            const { action: grant } = found;
            // A grant the secret's own policy makes is removed there.
            const change = found.byResourcePolicy ? s.policy?.resource : undefined;
            const outside = workloadsOf(r).map((w) => audienceProblem(w, s.name)).find((p) => p);
            if (outside) {
                results.push(broken(`secret audience: role ${roleName(r)} may ${grant} on ${s.name}`, `the secret's audience (${r.who.join(", ")} run under the role, but ${outside}): ${removal(grant, change)}`, change ?? r.role.role));
                continue;
            }
            results.push(uses(r, s) ? ok(`least privilege: role ${roleName(r)} reads ${s.name}`) : unused(r, s.name, grant, runners.filter((u) => uses(u, s)), change));
        }
        const keys = [...new Map(secrets.filter((s) => s.key).map((s) => [s.key!.arn, s.key!])).values()];
        for (const key of keys) {
            const under = secrets.filter((s) => s.key?.arn === key.arn);
            if (under.some((s) => uses(r, s)) || !keyServesOnlySecrets(ix, key)) continue;
            const via = [...new Set(under.map((s) => `${s.via}.${r.region}.amazonaws.com`))];
            const granted = (await Promise.all(via.map((v) => grants(r, ["kms:Decrypt"], key.arn, { "kms:ViaService": v })))).find((g) => g);
            if (granted) results.push(unused(r, `key ${key.arn} (of ${under.map((s) => s.name).join(", ")})`, granted.action, runners.filter((u) => under.some((s) => uses(u, s)))));
        }
    }
    return results;
}
