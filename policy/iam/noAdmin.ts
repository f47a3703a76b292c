import { resourcePolicy } from "../lib/define";
import { listOf, Statement, statementsOf } from "../lib/policyDocument";
import { IAM_POLICY_ATTACHMENTS, IAM_POLICY_DOCUMENTS, IAM_ROLE } from "../lib/tokens";

const ADMIN_MANAGED_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess";

/** Allow of every action on every resource, or of everything but a few actions (NotAction) on every resource. */
function grantsEverything(s: Statement): boolean {
    const actions = listOf(s.Action);
    return s.Effect === "Allow"
        && (actions.includes("*") || actions.includes("*:*") || s.NotAction !== undefined)
        && listOf(s.Resource).includes("*");
}

export const iamNoAdminPolicy = resourcePolicy({
    name: "iam-no-admin-policy",
    description: "No IAM policy allows \"*\" (or everything but a NotAction list) on \"*\": inline, customer-managed, or the AdministratorAccess managed policy.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › AWS Security Best Practices › Review IAM permissions",
        fsbpControl: "IAM.1",
        remediationSteps: "Grant the specific actions on the specific resources the role needs (e.g. ecs:RunTask on the migration task definition).",
    },
    types: [...IAM_POLICY_DOCUMENTS, ...IAM_ROLE, ...IAM_POLICY_ATTACHMENTS],
    validate: (props, report, { args }) => {
        if ((IAM_POLICY_ATTACHMENTS as readonly string[]).includes(args.type)) {
            if (props.policyArn === ADMIN_MANAGED_POLICY) {
                report("attaches AdministratorAccess.");
            }
            return;
        }
        const documents = (IAM_ROLE as readonly string[]).includes(args.type)
            ? (Array.isArray(props.inlinePolicies) ? props.inlinePolicies : []).map((p: { policy?: unknown }) => p.policy)
            : [props.policy];
        for (const document of documents.filter((d: unknown) => d !== undefined)) {
            const statements = statementsOf(document);
            if (!statements) {
                report("a policy document is not valid JSON.");
            } else if (statements.some(grantsEverything)) {
                report("a statement allows Action \"*\" (or everything but a NotAction list) on Resource \"*\".");
            }
        }
    },
});
