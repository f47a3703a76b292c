import { AppService, audienceProblem, serviceOfTask } from "../lib/facts/purposes";
import { containerName } from "../lib/containers";
import { resourcePolicy } from "../lib/define";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { containersOrReport } from "./taskDefinition";

/** A value that names a secret the process fetches itself (its ARN, or a Secrets Manager or SSM name under a path). */
const SECRET_REFERENCE = /^arn:aws[a-z-]*:(secretsmanager|ssm):/;

/**
 * Each container of a task definition holds only the secrets its service may hold
 * (lib/facts/purposes.ts): what ECS injects (`secrets[].valueFrom`) and the secret ARNs its
 * plain environment hands the application to fetch. Judged by what the secret is (its name), and
 * by the variable's name for a copy of a known secret kept elsewhere.
 */
export const ecsSecretAudience = resourcePolicy({
    name: "ecs-secret-audience",
    description: "Each ECS container is given only the secrets its service may hold (policy/lib/facts/purposes.ts): the internet-facing frontend never the backend's signing keys (Django SECRET_KEY, the JWT signing key), a data store's credentials or the provider keys, and no service the database's master secret, whether ECS injects them (secrets) or the environment names them for the application to fetch.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › Regular Security Tasks › Rotate credentials (API keys, JWT secret keys); Environment configuration",
        remediationSteps: "Remove the secret from the container named in the message (and the read grant on it from the task's execution or task role); a service that needs what the secret does asks the service that holds it (the frontend calls the backend's API).",
    },
    types: ECS_TASK_DEFINITION,
    validate: (props, report, { args }) => {
        const containers = containersOrReport(props, report, args);
        const taskService = serviceOfTask(containers.map(c => c.name), props.tags?.Component);
        for (const [i, c] of containers.entries()) {
            const service: AppService | undefined = serviceOfTask([c.name]) ?? taskService;
            if (service === undefined) continue;
            const given = [
                ...(c.secrets ?? []).map(s => ({ how: `secret ${s.name}`, variable: s.name, reference: s.valueFrom })),
                ...(c.environment ?? []).filter(e => SECRET_REFERENCE.test(e.value ?? "")).map(e => ({ how: `environment variable ${e.name}`, variable: e.name, reference: e.value })),
            ];
            for (const g of given) {
                const problem = typeof g.reference === "string" ? audienceProblem(service, g.reference, g.variable) : undefined;
                if (problem) {
                    report(`container ${containerName(c, i)} (the ${service}) is given ${g.how}, but ${problem}.`);
                }
            }
        }
    },
});
