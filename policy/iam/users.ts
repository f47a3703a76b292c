import { resourcePolicy } from "../lib/define";

/** What each user-credential type is, for the message. */
const CREDENTIALS: Record<string, string> = {
    "aws:iam/user:User": "an IAM user",
    "aws:iam/accessKey:AccessKey": "an access key (a long-lived credential)",
    "aws:iam/userLoginProfile:UserLoginProfile": "a console password for an IAM user",
    "aws:iam/serviceSpecificCredential:ServiceSpecificCredential": "a service-specific credential for an IAM user",
    "aws:iam/sshKey:SshKey": "an SSH public key credential for an IAM user",
    "aws:iam/signingCertificate:SigningCertificate": "a signing certificate credential for an IAM user",
    "aws:iam/virtualMfaDevice:VirtualMfaDevice": "an MFA device for an IAM user",
    "aws:iam/userGroupMembership:UserGroupMembership": "a group membership for an IAM user",
    "aws:iam/groupMembership:GroupMembership": "group memberships for IAM users",
};

export const iamNoUsers = resourcePolicy({
    name: "iam-no-users",
    description: "The stacks create no IAM users and no user credentials (access keys, console passwords, service-specific credentials, SSH keys, signing certificates): people sign in through IAM Identity Center, workloads and CI assume roles.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices › Review IAM permissions",
        remediationSteps: "Give the workload a role (ECS task role, GitHub OIDC role) and people IAM Identity Center access instead of an IAM user or key.",
    },
    types: Object.keys(CREDENTIALS),
    validate: (_props, report, { args }) => {
        report(`creates ${CREDENTIALS[args.type]}; the stacks use roles only.`);
    },
});
