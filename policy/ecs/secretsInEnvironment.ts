import { containerName } from "../lib/containers";
import { resourcePolicy } from "../lib/define";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { containersOrReport } from "./taskDefinition";

/** Names that say the value is a credential. */
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;
/**
 * Suffixes that say the variable only points at a secret (an ARN, a name, a path), which is the
 * right way, or configures one (its lifetime, algorithm, whether it is on) without holding it.
 */
const REFERENCE_SUFFIX = /_(ARN|NAME|ID|PATH|PARAMETER|URL|FILE|TTL|LIFETIME|SECONDS|MINUTES|ALGORITHM|ENABLED)$/i;
/** Values that are credentials whatever the name: AWS access keys, PEM private keys, URLs with a password. */
const SECRET_VALUE = [
    /^(AKIA|ASIA)[A-Z0-9]{16}$/,
    /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
    /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i,
];

export const ecsNoSecretsInEnvironment = resourcePolicy({
    name: "ecs-no-secrets-in-environment",
    description: "ECS containers take credentials from Secrets Manager or SSM (secrets), never from plain environment variables.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › Regular Security Tasks › Rotate credentials (API keys, JWT secret keys)",
        fsbpControl: "ECS.8",
        remediationSteps: "Move the value to Secrets Manager (or an SSM SecureString) and reference it from the container's secrets list; " +
            "variables that only point at a secret or configure one may end in _ARN, _NAME, _ID, _PATH, _PARAMETER, _URL, _FILE, " +
            "_TTL, _LIFETIME, _SECONDS, _MINUTES, _ALGORITHM or _ENABLED.",
    },
    types: ECS_TASK_DEFINITION,
    validate: (props, report, { args }) => {
        containersOrReport(props, report, args).forEach((c, i) => {
            for (const variable of c.environment ?? []) {
                const name = variable.name ?? "";
                const value = variable.value ?? "";
                if (SECRET_NAME.test(name) && !REFERENCE_SUFFIX.test(name)) {
                    report(`container ${containerName(c, i)} has environment variable ${name}, whose name says it holds a secret.`);
                } else if (SECRET_VALUE.some(p => p.test(value))) {
                    report(`container ${containerName(c, i)}'s environment variable ${name} holds a credential-looking value.`);
                }
            }
        });
    },
});
