import { ANY_TYPE, resourcePolicy } from "../lib/define";
import { findCredentialInInput, findSecret } from "./detect";
import { personalData } from "./personal";
import { judgedInFull, plainTwinsOf, plainValuesOf, SSM_PARAMETER, stringInputs, tagValuesOf } from "./sources";

export const secretsPlainValues = resourcePolicy({
    name: "secrets-no-plain-values",
    description: "No credential reaches a resource as a plain value: Lambda, canary, CodeBuild and App Runner environments, SSM String " +
        "parameters, user data and tag values are judged by content (SSM String parameters also may not hold personal data: a person's email, a phone number, a list of names); a secret handed to a resource that is not a secret store through an input with a write-only twin " +
        "(a cache's authToken, a cluster's masterPassword…) is given only through the twin; every other input (base64 ones decoded) may not carry a known credential format, nor a value " +
        "that looks like a credential under a credential's name (its key, a JSON key, name=value, --flag value).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › Regular Security Tasks › Rotate credentials (API keys, JWT secret keys)",
        fsbpControl: undefined,
        remediationSteps: "Keep the value in Secrets Manager (or an SSM SecureString with a customer key) and pass its ARN or name; " +
            "a Lambda reads it at run time, user data fetches it with the instance role.",
    },
    types: ANY_TYPE,
    validate: async (props, report, { args }) => {
        // The inputs that configure what runs are judged in full (by format, randomness and name),
        // here or by the ECS policy; their other inputs (a description, tags) like any resource's.
        for (const input of plainTwinsOf(args.type, props)) {
            report(`${input} is set: its value would be kept in the state's inputs and outputs; set ${input}Wo (with its version) from a generated or Secrets Manager value instead.`);
        }
        // Configuration is no store for data about people: a plain parameter is shown in the console
        // and returned by ssm:GetParameter* (AWS's ReadOnlyAccess has it), under no key policy.
        if (args.type === SSM_PARAMETER) {
            for (const { where, candidate } of plainValuesOf(args.type, props)) {
                const reason = personalData(candidate.value);
                if (reason) {
                    report(`${where} ${reason}: a plain parameter is readable by anyone with ssm:GetParameter* (ReadOnlyAccess) and shown in the console; ` +
                        "keep people's data in the database, or at least in a SecureString under a customer-managed key.");
                }
            }
        }
        for (const { where, candidate } of [...plainValuesOf(args.type, props), ...tagValuesOf(props)]) {
            const reason = await findSecret(candidate);
            if (reason) {
                report(`${where} ${reason}.`);
            }
        }
        // Every other input: formats that are credentials beyond doubt, and credentials' names on
        // values that look like credentials (prose is common there), fast enough for every input.
        for (const { path, name, value } of stringInputs(props, args.type).filter(i => !judgedInFull(args.type, i.path))) {
            const reason = findCredentialInInput({ name, value });
            if (reason) {
                report(`input ${path} ${reason}; pass a reference to a secret instead.`);
            }
        }
    },
});
