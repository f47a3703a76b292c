/**
 * A key policy must keep delegating the key to the account's IAM policies: the statement that
 * allows the account root principal `kms:*`. Without it (or with a Deny that overrides it) IAM
 * grants stop working on the key: the backup role's, the task roles', an operator's: only the
 * principals the key policy names may use or manage it, and when those go the key is
 * unmanageable (`bypassPolicyLockoutSafetyCheck` even lets a deployment write such a policy).
 *
 * Decided by AWS's evaluation, not by spelling: a role of the account that the key policy never
 * names, whose identity policy allows `kms:*`, must be allowed the key's management and use.
 */
import { callerEscapeContext } from "../lib/iam/conditions";
import { NormalPolicy, parsePolicy } from "../lib/iam/document";
import { PROBE_NAME } from "../lib/iam/evaluate";
import { allowedWithAny } from "../paths/access";

/** What IAM must be able to grant on every key: manage its policy and grants, describe it, encrypt and decrypt. */
export const DELEGATED_ACTIONS: readonly string[] = ["kms:PutKeyPolicy", "kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey"];

const IAM_ALLOWS_ALL = parsePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }) as NormalPolicy;

const memo = new Map<string, Promise<string[]>>();

/** The actions the key policy keeps IAM from granting on `keyArn` (empty when it delegates to IAM). */
export function undelegatedActions(policy: NormalPolicy, keyArn: string): Promise<string[]> {
    const key = `${keyArn}|${JSON.stringify(policy.json)}`;
    let out = memo.get(key);
    if (!out) {
        out = (async () => {
            const account = keyArn.split(":")[4] ?? "";
            const principal = `arn:aws:iam::${account}:role/${PROBE_NAME}`;
            // A Deny that spares one way (through S3: kms:ViaService) still leaves IAM that way to grant the key's use.
            const base = { "kms:CallerAccount": account };
            const contexts = [base, ...policy.statements.filter(s => s.effect === "Deny").map(s => ({ ...callerEscapeContext(s.condition), ...base }))];
            const denied: string[] = [];
            for (const action of DELEGATED_ACTIONS) {
                if (!await allowedWithAny({ action, resource: keyArn, account, principal, identity: [IAM_ALLOWS_ALL], resourcePolicy: policy }, contexts)) {
                    denied.push(action);
                }
            }
            return denied;
        })();
        memo.set(key, out);
    }
    return out;
}
