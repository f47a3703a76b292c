/**
 * Access that reaches an application role without its identity policies: a resource policy
 * naming the role (a key policy, bucket policy, topic, queue, secret or repository policy, a
 * Lambda permission), and a KMS grant (`aws:kms/grant:Grant`) to it. Both are judged like a
 * policy grant of the same actions: administration (PutKeyPolicy, CreateGrant, which
 * re-delegates the key to anyone, a bucket's lifecycle or versioning, deleting object versions)
 * is never an application's, and a cryptographic operation must be on a key the role's own
 * policies already say it uses.
 */
import { PolicyResource } from "@pulumi/policy";

import { KEY_USE_ACTIONS, isApplicationUse } from "../lib/iam/applicationUse";
import { changeCandidates, statesUse } from "../lib/iam/applicationReach";
import { actsOn } from "../lib/iam/catalog";
import { isPolicyError, NormalPolicy, parsePolicy } from "../lib/iam/document";
import { knownDeep, knownString } from "../lib/stack";
import { ask } from "../paths/access";
import { GovernedPolicy } from "./governed";

/** An application role of the stack: its ARN, how messages name it, and its identity policies. */
export interface ApplicationRole {
    arn: string;
    label: string;
    policies: NormalPolicy[];
}

/** A key of the stack, its effective key policy and where that policy is changed. */
export interface StackKey {
    arn: string;
    label: string;
    policy?: NormalPolicy;
    policyResource: PolicyResource;
    /** Values that refer to the key: its ARN, key id, physical id. */
    refs: string[];
}

const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
export const KMS_GRANT = "aws:kms/grant:Grant";

/** The stack's keys with a known ARN; a separate KeyPolicy replaces the key's own `policy`. */
export function stackKeys(resources: PolicyResource[]): StackKey[] {
    const separate = resources.filter(r => r.type === KEY_POLICY);
    return resources.filter(r => r.type === KEY).flatMap(k => {
        const arn = knownString(k, "arn");
        if (!arn) {
            return [];
        }
        const refs = [arn, knownString(k, "keyId"), knownString(k, "id"), arn.split("/").pop()].filter((v): v is string => !!v);
        const policyResource = separate.find(p => refs.includes(knownString(p, "keyId") ?? "")) ?? k;
        const parsed = parsePolicy(knownDeep(() => policyResource.props.policy));
        return [{ arn, label: `key ${k.name} (${arn})`, policy: isPolicyError(parsed) ? undefined : parsed, policyResource, refs }];
    });
}

/** Simulations per policy and role at most, so a policy granting `s3:*` costs a bounded time. */
const MAX_PROBES = 200;

/** Whether an Allow statement could name the role: its ARN, or `*` narrowed (or not) by conditions. */
function namesRole(s: NormalPolicy["statements"][number], role: ApplicationRole): boolean {
    return s.effect === "Allow" && (s.principal?.AWS ?? []).some(p => p === "*" || p === role.arn);
}

/**
 * The changes (Write, Permissions management, Tagging actions that are not one of `uses`) a
 * resource policy lets the application role make on the resource it governs or what that
 * holds, where the role's own policies do not already allow them (those are judged there):
 * within the account a resource policy naming the role grants by itself, so a bucket policy
 * giving the task role s3:DeleteObjectVersion or s3:PutLifecycleConfiguration, or a key policy
 * giving it kms:PutKeyPolicy or kms:CreateGrant, administers the resource as surely as the
 * role's own policy would. Each action is simulated with the role's policies and the resource
 * policy together, as AWS evaluates the request.
 */
export async function resourcePolicyAdministration(governed: GovernedPolicy, role: ApplicationRole, account: string, uses: readonly string[], examples = 4): Promise<string[]> {
    const naming = governed.policy.statements.filter(s => namesRole(s, role));
    if (naming.length === 0) {
        return [];
    }
    const { target, policy } = governed;
    // Key policies grant services and callers through kms:CallerAccount; a role of the account carries it.
    const context: Record<string, string> = target.arn.startsWith("arn:aws:kms:") ? { "kms:CallerAccount": account } : {};
    const allowed: string[] = [];
    let probes = 0;
    for (const action of (await changeCandidates([{ ...policy, statements: naming }], uses)).keys()) {
        for (const arn of [target.arn, ...target.children]) {
            if (probes >= MAX_PROBES || !(await actsOn(action, arn))) {
                continue;
            }
            probes++;
            const r = await ask({ action, resource: arn, account, principal: role.arn, identity: role.policies, resourcePolicy: policy, context });
            if (r.allowed && !r.identityAllows) {
                allowed.push(action);
                break;
            }
        }
        if (allowed.length >= examples) {
            break;
        }
    }
    return allowed;
}

/** Why a KMS grant of `operations` on `key` to the application role is not a use of the key, or undefined when it is. */
export function grantProblem(operations: string[], key: StackKey, role: ApplicationRole): string | undefined {
    const actions = operations.map(o => `kms:${o}`);
    const administration = actions.filter(a => !isApplicationUse(a, KEY_USE_ACTIONS));
    if (administration.length > 0) {
        return `${administration.join(", ")} administers the key (CreateGrant lets the role re-grant the key to any principal)`;
    }
    const crypto = actions.filter(a => !/^kms:(DescribeKey|GetPublicKey)$/i.test(a));
    if (crypto.length > 0 && !statesUse(role.policies, KEY_USE_ACTIONS, key.arn)) {
        return `${crypto.join(", ")} on a key the role's own policies never use (no kms action of its identity policies names ${key.arn})`;
    }
    return undefined;
}
