import { ANY_TYPE, resourcePolicy } from "../lib/define";
import { findSecret } from "./detect";
import { knownFormat } from "./formats";
import { JUDGED_INPUTS, plainValuesOf, stringInputs } from "./sources";

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
        // The inputs that configure what runs are judged in full (by format, randomness and name),
        // here or by the ECS policy; their other inputs (a description, tags) like any resource's.
        const inFull = JUDGED_INPUTS[args.type] ?? [];
        for (const { where, candidate } of plainValuesOf(args.type, props)) {
            const reason = await findSecret(candidate);
            if (reason) {
                report(`${where} ${reason}.`);
            }
        }
        // Every other input: only formats that are credentials beyond doubt, fast enough for every input.
        for (const { path, value } of stringInputs(props).filter(i => !inFull.includes(i.path.split(/[.[]/)[0]))) {
            const format = knownFormat(value);
            if (format) {
                report(`input ${path} has the format of ${format.name}; pass a reference to a secret instead.`);
            }
        }
    },
});
