/**
 * KMS access that reaches an application role without its identity policies: a key policy
 * statement naming the role, and a KMS grant (`aws:kms/grant:Grant`) to it. Both are judged like
 * a policy grant of the same operations: key administration (PutKeyPolicy, ScheduleKeyDeletion,
 * CreateGrant, which re-delegates the key to anyone, kms:*) is never an application's, and a
 * cryptographic operation must be on a key the role's own policies already say it uses.
 */
import { PolicyResource } from "@pulumi/policy";

import { KEY_USE_ACTIONS, isApplicationUse } from "../lib/iam/applicationUse";
import { statesUse } from "../lib/iam/applicationReach";
import { accessLevel, actsOn, expandActions } from "../lib/iam/catalog";
import { isPolicyError, NormalPolicy, parsePolicy } from "../lib/iam/document";
import { knownDeep, knownString } from "../lib/stack";
import { ask } from "../paths/access";

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

let adminActions: Promise<string[]> | undefined;

/** Every KMS action that changes a key and is not a use of it (PutKeyPolicy, CreateGrant, ScheduleKeyDeletion…). */
function keyAdministration(): Promise<string[]> {
    adminActions ??= (async () => {
        const out: string[] = [];
        for (const a of await expandActions(["kms:*"])) {
            const level = await accessLevel(a);
            if (level !== "Read" && level !== "List" && !isApplicationUse(a, KEY_USE_ACTIONS) && await actsOn(a, "arn:aws:kms:us-east-1:000000000000:key/probe")) {
                out.push(a);
            }
        }
        return out;
    })();
    return adminActions;
}

/** Whether some Allow statement of the key policy could name the role (its ARN, or `*` narrowed by conditions). */
function mayName(policy: NormalPolicy, role: ApplicationRole): boolean {
    return policy.statements.some(s => s.effect === "Allow" && (s.principal?.AWS ?? []).some(p => p === "*" || p === role.arn));
}

/** The key-administration actions the key policy alone lets the application role perform on the key. */
export async function keyPolicyAdministration(key: StackKey, role: ApplicationRole, account: string, examples = 4): Promise<string[]> {
    if (!key.policy || !mayName(key.policy, role)) {
        return [];
    }
    const allowed: string[] = [];
    for (const action of await keyAdministration()) {
        const r = await ask({ action, resource: key.arn, account, principal: role.arn, resourcePolicy: key.policy, context: { "kms:CallerAccount": account } });
        if (r.allowed) {
            allowed.push(action);
            if (allowed.length >= examples) {
                break;
            }
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
