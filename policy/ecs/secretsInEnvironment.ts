import { ContainerDefinition, containerName } from "../lib/containers";
import { resourcePolicy } from "../lib/define";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { Candidate, findCredentialInInput, findSecret } from "../secrets/detect";
import { stringInputs } from "../secrets/sources";
import { containersOrReport } from "./taskDefinition";

/**
 * The plain values a container is started with: its environment, its command lines (the health
 * check's command runs in the container as `command` does, `CMD-SHELL` included), its labels.
 */
function plainValues(c: ContainerDefinition): { where: string; candidate: Candidate }[] {
    const values: { where: string; candidate: Candidate }[] = [];
    for (const variable of c.environment ?? []) {
        if (typeof variable.value === "string") {
            values.push({ where: `environment variable ${variable.name}`, candidate: { name: variable.name, value: variable.value } });
        }
    }
    const commandLines: [string, unknown][] = [["command", c.command], ["entryPoint", c.entryPoint], ["healthCheck", c.healthCheck?.command]];
    for (const [field, args] of commandLines) {
        if (Array.isArray(args) && args.length > 0) {
            values.push({ where: field, candidate: { name: field, value: args.filter(a => typeof a === "string").join(" ") } });
        }
    }
    for (const [name, value] of Object.entries(c.dockerLabels ?? {})) {
        if (typeof value === "string") {
            values.push({ where: `docker label ${name}`, candidate: { name, value } });
        }
    }
    return values;
}

/**
 * The container's other string fields (log driver options such as a Splunk token, FireLens
 * options, repository settings…), judged like any resource's input: by format, and by name when
 * the value also looks like a credential.
 */
function otherInputs(c: ContainerDefinition): { where: string; candidate: Candidate }[] {
    const rest = Object.fromEntries(Object.entries(c).filter(([k]) => !["environment", "command", "entryPoint", "dockerLabels"].includes(k)));
    const others = { ...rest, healthCheck: { ...c.healthCheck, command: undefined } };
    return stringInputs(others).map(({ path, name, value }) => ({ where: path, candidate: { name, value } }));
}

export const ecsNoSecretsInEnvironment = resourcePolicy({
    name: "ecs-no-secrets-in-environment",
    description: "ECS containers take credentials from Secrets Manager or SSM (secrets), never from plain environment variables, commands (health checks included), labels or other settings.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › Regular Security Tasks › Rotate credentials (API keys, JWT secret keys)",
        fsbpControl: "ECS.8",
        remediationSteps: "Move the value to Secrets Manager (or an SSM SecureString) and reference it from the container's secrets list. " +
            "Values are judged by content (credential formats, credentials in URLs, private keys, random-looking strings); a name " +
            "that says credential only counts when the value is not a number, switch, duration, reference or URL without credentials.",
    },
    types: ECS_TASK_DEFINITION,
    validate: async (props, report, { args }) => {
        const containers = containersOrReport(props, report, args);
        for (const [i, c] of containers.entries()) {
            // What the container is started with is judged in full; its other settings like any input.
            const values = [...plainValues(c).map(v => ({ ...v, inFull: true })), ...otherInputs(c).map(v => ({ ...v, inFull: false }))];
            for (const { where, candidate, inFull } of values) {
                const reason = inFull ? await findSecret(candidate) : findCredentialInInput(candidate);
                if (reason) {
                    report(`container ${containerName(c, i)}'s ${where} ${reason}: it would be readable by anyone who can describe the task definition.`);
                }
            }
        }
    },
});
