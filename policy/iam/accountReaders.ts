/**
 * Account-wide readers: a resource policy whose `Principal: "*"` is confined only to the account
 * (aws:PrincipalAccount, kms:CallerAccount, aws:ResourceAccount = ours) is not public, yet it lets
 * every role and user of the account read the data, each without a permission of its own: a
 * build role, a scanner, a forgotten test user, any compromised identity. Within one account a
 * resource policy grants by itself (no identity policy needed), so this is a public grant inside
 * the account. `Principal: {AWS: <account root>}` is not: it delegates to IAM, and only the
 * identities whose own policies allow the read get it. Which is which is decided by simulating
 * the request of a role the stack never names, with no policy of its own.
 */
import { CREDENTIAL_READ_ACTIONS, DATA_READ_ACTIONS, actsOn, statementActions } from "../lib/iam/catalog";
import { callerChosenContext } from "../lib/iam/conditions";
import { PROBE_NAME } from "../lib/iam/evaluate";
import { allowedWithAny } from "../paths/access";
import { GovernedPolicy } from "./governed";

/** Actions that return a resource's data: secret values, parameters, decryption, objects, messages, items. */
const READS = new Set([...CREDENTIAL_READ_ACTIONS, ...DATA_READ_ACTIONS].map(a => a.toLowerCase()));

/**
 * The data reads the resource policy alone lets any principal of `account` perform on the
 * resource it governs (or what that holds): empty when only named principals, services or IAM
 * (the account root) are let in.
 */
export async function accountWideReads(governed: GovernedPolicy, account: string): Promise<string[]> {
    const open = governed.policy.statements.filter(s => s.effect === "Allow" && (s.principal?.AWS ?? []).includes("*"));
    if (open.length === 0) {
        return [];
    }
    const actions = new Set<string>();
    for (const s of open) {
        for (const a of await statementActions(s)) {
            if (READS.has(a.toLowerCase())) {
                actions.add(a);
            }
        }
    }
    const { target, policy } = governed;
    const principal = `arn:aws:iam::${account}:role/${PROBE_NAME}`;
    const base: Record<string, string> = target.arn.startsWith("arn:aws:kms:") ? { "kms:CallerAccount": account } : {};
    // The caller meets each open statement's conditions on what it chooses (the service it reads
    // through, its network, the encryption context): one context per statement.
    const contexts = [base, ...open.map(s => ({ ...callerChosenContext(s.condition), ...base }))];
    const found: string[] = [];
    for (const action of actions) {
        for (const arn of [target.arn, ...target.children]) {
            if (await actsOn(action, arn) && await allowedWithAny({ action, resource: arn, account, principal, resourcePolicy: policy }, contexts)) {
                found.push(action);
                break;
            }
        }
    }
    return found;
}

