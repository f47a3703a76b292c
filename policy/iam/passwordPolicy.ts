import { resourcePolicy } from "../lib/define";

/**
 * The account password policy (one per account, it governs every IAM user's console password:
 * the break-glass users and any the stacks do not manage). The provider reads an unset field as
 * AWS does: no class required, no reuse prevention; so the floors are judged on what is given.
 * CIS AWS Foundations: length 14 or more (FSBP IAM.15), reuse prevention 24 (IAM.16, the most
 * IAM allows); FSBP IAM.7: upper case, lower case, numbers and symbols required. Expiry is not
 * required: current CIS versions dropped it (forced rotation yields weaker passwords).
 */
export const iamPasswordPolicy = resourcePolicy<{ minimumPasswordLength: number; passwordReusePrevention: number }>({
    name: "iam-password-policy",
    description: "The account password policy meets the CIS floors: at least minimumPasswordLength characters (CIS, FSBP IAM.15), the last passwordReusePrevention passwords refused (CIS, FSBP IAM.16), upper and lower case letters, numbers and symbols required (FSBP IAM.7), and users allowed to change their own password.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Security Maintenance › Regular Security Tasks › Rotate credentials",
        fsbpControl: "IAM.7",
        remediationSteps: "Set minimumPasswordLength 14 or more, passwordReusePrevention 24, requireUppercaseCharacters, requireLowercaseCharacters, requireNumbers and requireSymbols true, allowUsersToChangePassword true.",
    },
    config: {
        minimumPasswordLength: { type: "integer", minimum: 14, maximum: 128, default: 14, description: "Fewest characters a password may have (CIS: 14; may only be raised)." },
        passwordReusePrevention: { type: "integer", minimum: 24, maximum: 24, default: 24, description: "Previous passwords a user may not reuse (CIS: 24, the most IAM allows)." },
    },
    types: ["aws:iam/accountPasswordPolicy:AccountPasswordPolicy"],
    validate: (props, report, { config }) => {
        const length = Number(props.minimumPasswordLength ?? 6);
        if (!(length >= config.minimumPasswordLength)) {
            report(`minimumPasswordLength is ${props.minimumPasswordLength ?? "unset (AWS: 6)"}, below ${config.minimumPasswordLength}: short passwords fall to guessing. Set it to ${config.minimumPasswordLength} or more.`);
        }
        const reuse = Number(props.passwordReusePrevention ?? 0);
        if (!(reuse >= config.passwordReusePrevention)) {
            report(`passwordReusePrevention is ${props.passwordReusePrevention ?? "unset"}, below ${config.passwordReusePrevention}: a user may go back to a password that leaked. Set it to ${config.passwordReusePrevention}.`);
        }
        const classes = ["requireUppercaseCharacters", "requireLowercaseCharacters", "requireNumbers", "requireSymbols"].filter(k => props[k] !== true);
        if (classes.length > 0) {
            report(`${classes.join(", ")} ${classes.length === 1 ? "is" : "are"} not true: passwords may draw from fewer character classes (FSBP IAM.7). Set them true.`);
        }
        if (props.allowUsersToChangePassword !== true) {
            report("allowUsersToChangePassword is not true: a user who suspects a leak cannot change the password themselves. Set it true.");
        }
    },
});
