/**
 * Class 2: credentials in inputs that are not judged in full (descriptions, tags, event payloads,
 * documents, a local command's environment, base64 content) are found by the name they are given
 * when they also look like credentials; health checks and canaries are judged like environments;
 * public material (publishable keys, public keys, certificates) and secret sinks stay allowed.
 */
import { add, Case, edit, env, named, suite, tags } from "./support";

// Credential-looking literals are assembled at run time so that the repository itself holds none.
const join = (...parts: string[]) => parts.join("");
const PASSWORD = join("Vq7#mT2!", "xZ9pL4@wR8nK");
const AWS_SECRET = join("hR7vK2pX9mQ4wZ8tL1nB6cF3", "jD5sG0yA+eUoI/Ta");
const PUBLIC_PEM = join("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA3Tz2mr7SZiAMfQyuvBjM\n", "9Oi7p6lU8mZ1uG5YbF9qH2cK4xN7vR3tW8sL1pQ6jD0fA5gE9hB2kC4mN6oP8rS0\n-----END PUBLIC KEY-----");

const container = (change: (c: any) => void) => edit("aws:ecs/taskDefinition:TaskDefinition", p => {
    const list = JSON.parse(p.containerDefinitions);
    change(list[0]);
    p.containerDefinitions = JSON.stringify(list);
}, named("backend-task"));
const parameter = (change: (p: any) => void) => edit("aws:ssm/parameter:Parameter", change, named("app-settings-cache-port"));
const b64 = (text: string) => Buffer.from(text).toString("base64");

const violations: Case[] = [
    { name: "the health check logs in with the master password", change: container(c => { c.healthCheck = { ...c.healthCheck, command: ["CMD-SHELL", `curl -fsS -u healthcheck:${PASSWORD} http://127.0.0.1:8000/api/health/ || exit 1`] }; }) },
    { name: "the log router's Datadog API key in the container's log options", change: container(c => { c.logConfiguration = { logDriver: "awsfirelens", options: { Name: "datadog", Host: "http-intake.logs.datadoghq.com", apikey: join("9b1f6e0c2a7d4e8f", "1c3b5a7d9e0f2a4c") } }; }) },
    { name: "an old password pasted into a parameter's description", change: parameter(p => { p.description = `cache port (old pw ${PASSWORD})`; }) },
    { name: "a secret access key as a tag under a key's name", change: parameter(p => { p.tags = { ...p.tags, DeployKey: AWS_SECRET }; }) },
    { name: "the restore test's event carries the master password", change: edit("aws:cloudwatch/eventTarget:EventTarget", p => { p.input = JSON.stringify({ action: "validate-restore", masterPassword: PASSWORD }); }, named("dr-restore-test-validator")) },
    { name: "a Run Command document assigns PGPASSWORD", change: add("aws:ssm/document:Document", "db-vacuum", { name: "expertconnect-prod-db-vacuum", documentType: "Command", documentFormat: "JSON", content: JSON.stringify({ schemaVersion: "2.2", mainSteps: [{ action: "aws:runShellScript", name: "vacuum", inputs: { runCommand: [`PGPASSWORD='${PASSWORD}' psql -h db -U expertconnect_user -c 'VACUUM ANALYZE;'`] } }] }), tags: tags("database") }) },
    { name: "the migration command's environment carries the password", change: edit("command:local:Command", p => { p.environment = { ...p.environment, DATABASE_PASSWORD: PASSWORD }; }) },
    { name: "the canary's environment carries the site password", change: edit("aws:synthetics/canary:Canary", p => { p.runConfig.environmentVariables = { ...p.runConfig.environmentVariables, SITE_PASSWORD: PASSWORD }; }) },
    { name: "a .env uploaded as base64 content", change: add("aws:s3/bucketObjectv2:BucketObjectv2", "prod-env", { bucket: "expertconnect-prod-static", key: "config/prod.env", contentBase64: b64(`DB_PASSWORD=${PASSWORD}\n`), contentType: "text/plain", tags: tags("static-assets") }) },
];

const compliant: Case[] = [
    { name: "a parameter's description says how the password rotates", change: parameter(p => { p.description = "password: rotated monthly by the rotation Lambda"; }) },
    { name: "a public key in the environment", change: env("JWT_PUBLIC_KEY", PUBLIC_PEM) },
    { name: "a Stripe publishable key for the browser", change: env("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", join("pk_", "live_", "51Nq8ZrKx2vQb7TmWaQ3nR8sT5uV2wX9yZ1bC4dE6fG7hJ0k")) },
    { name: "an EventBridge connection's API key (EventBridge keeps it in Secrets Manager)", change: add("aws:cloudwatch/eventConnection:EventConnection", "pager", { name: "expertconnect-pager", authorizationType: "API_KEY", authParameters: { apiKey: { key: "X-Api-Key", value: PASSWORD } } }) },
];

suite("adversarial class 2: credentials in any input, by the name they are given", violations, compliant);
