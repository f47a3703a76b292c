import { ANY_TYPE, resourcePolicy } from "../lib/define";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { findSecret } from "./detect";
import { knownFormat } from "./formats";
import { PLAIN_VALUE_TYPES, plainValuesOf, stringInputs } from "./sources";

/** Types judged in full (by format, randomness and name) by this policy or by the ECS one. */
const JUDGED_IN_FULL = new Set<string>([...PLAIN_VALUE_TYPES, ...ECS_TASK_DEFINITION]);

export const secretsPlainValues = resourcePolicy({
    name: "secrets-no-plain-values",
    description: "No credential reaches a resource as a plain value: Lambda environments, SSM String parameters and user data are judged " +
        "by content; every other input may not carry a known credential format.",
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
        if (JUDGED_IN_FULL.has(args.type)) {
            for (const { where, candidate } of plainValuesOf(args.type, props)) {
                const reason = await findSecret(candidate);
                if (reason) {
                    report(`${where} ${reason}.`);
                }
            }
            return;
        }
        // Any other resource: only formats that are credentials beyond doubt, fast enough for every input.
        for (const { path, value } of stringInputs(props)) {
            const format = knownFormat(value);
            if (format) {
                report(`input ${path} has the format of ${format.name}; pass a reference to a secret instead.`);
            }
        }
    },
});
