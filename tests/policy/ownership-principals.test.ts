/**
 * ownership-references on principals (policy/ownership/principals.ts): a role, user or group of
 * the stack's account named in an Allow of a resource or trust policy, or as a KMS grant's
 * grantee or retiring principal, is one the stack holds or a referenced stack exports.
 */
import { expect } from "chai";

import { accountPrincipal } from "../../policy/ownership/principals";
import { ownershipReferences } from "../../policy/ownership/references";
import { named, stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { adding, doc, iamStack, KEY_ARN, ROLE_ARN, ROLE_NAME, SECRET_ARN } from "./support/iam";

const HAND_MADE = `arn:aws:iam::${ACCOUNT}:role/github-actions-deploy`;
const secretPolicy = (principal: unknown) => adding({
    type: "aws:secretsmanager/secretPolicy:SecretPolicy", name: "secret-policy",
    props: { secretArn: SECRET_ARN, policy: doc({ Effect: "Allow", Principal: { AWS: principal }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) },
});
const grant = (props: object) => adding({ type: "aws:kms/grant:Grant", name: "grant", props: { keyId: KEY_ARN, operations: ["Decrypt"], ...props } });

describe("ownership-references: principals the stack names", () => {
    stackTable(ownershipReferences, iamStack(), {
        passes: {
            "a secret policy naming the stack's task role": { change: secretPolicy(ROLE_ARN) },
            "a secret policy naming a session of the stack's task role": { change: secretPolicy(`arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/task-1`) },
            "a secret policy delegating to IAM (the account root)": { change: secretPolicy(`arn:aws:iam::${ACCOUNT}:root`) },
            "a grant to the stack's task role, retired by it": { change: grant({ granteePrincipal: ROLE_ARN, retiringPrincipal: ROLE_ARN }) },
            "a Deny naming a role the stack does not hold (it takes away, it gives nothing)": {
                change: adding({ type: "aws:secretsmanager/secretPolicy:SecretPolicy", name: "secret-policy", props: { secretArn: SECRET_ARN, policy: doc({ Effect: "Deny", Principal: { AWS: HAND_MADE }, Action: "secretsmanager:*", Resource: "*" }) } }),
            },
            "a role a referenced stack exports": {
                change: s => {
                    s.push({ type: "pulumi:pulumi:StackReference", name: "prod", props: { name: "organization/expertconnect-infra/prod", outputs: { replicationRoleArn: HAND_MADE } } });
                    secretPolicy(HAND_MADE)(s);
                },
            },
        },
        violations: {
            "a secret policy lets a hand-made CI role of the account read the secret": { change: secretPolicy(HAND_MADE), message: /secret-policy\.policy statement 0 names arn:aws:iam::\d+:role\/github-actions-deploy, which is no role, user or group of this stack/ },
            "a secret policy names a user with a path": { change: secretPolicy([ROLE_ARN, `arn:aws:iam::${ACCOUNT}:user/ops/alice`]), message: /names arn:aws:iam::\d+:user\/ops\/alice/ },
            "a KMS grant to a contractor's debugging role": { change: grant({ granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/contractor-debug` }), message: /grant\.granteePrincipal names .*role\/contractor-debug/ },
            "a KMS grant retired by a role the stack does not hold": { change: grant({ granteePrincipal: ROLE_ARN, retiringPrincipal: `arn:aws:iam::${ACCOUNT}:role/cleanup` }), message: /grant\.retiringPrincipal names .*role\/cleanup/ },
            "the task role's trust admits a role made by hand": {
                change: s => { named(s, "backend-task-role").props.assumeRolePolicy = doc({ Effect: "Allow", Principal: { AWS: HAND_MADE }, Action: "sts:AssumeRole" }); },
                message: /backend-task-role\.assumeRolePolicy statement 0 names .*github-actions-deploy/,
            },
            "a key policy names a session of a role the stack does not hold": {
                change: s => { named(s, "key").props.policy = doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }, { Effect: "Allow", Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/break-glass/alice` }, Action: "kms:Decrypt", Resource: "*" }); },
                message: /key\.policy statement 1 names arn:aws:sts::\d+:assumed-role\/break-glass\/alice/,
            },
        },
    });

    it("reads a principal of the account as AWS names it", () => {
        expect(accountPrincipal(`arn:aws:iam::${ACCOUNT}:role/service-role/x`, ACCOUNT)).to.deep.equal({ kind: "role", name: "x" });
        expect(accountPrincipal(`arn:aws:sts::${ACCOUNT}:assumed-role/x/session`, ACCOUNT)).to.deep.equal({ kind: "role", name: "x" });
        expect(accountPrincipal(`arn:aws:iam::${ACCOUNT}:root`, ACCOUNT)).to.equal(undefined);
        expect(accountPrincipal("arn:aws:iam::999999999999:role/x", ACCOUNT)).to.equal(undefined);
        expect(accountPrincipal(ACCOUNT, ACCOUNT)).to.equal(undefined);
    });
});
