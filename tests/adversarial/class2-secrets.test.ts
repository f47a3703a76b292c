/** Class 2: secrets judged by value (formats, URLs with credentials, keys, entropy), names only as a weak signal. */
import { add, Case, edit, env, named, remove, suite, tags } from "./support";

const param = (name: string, value: string) => add("aws:ssm/parameter:Parameter", name.replace(/\W/g, "-"), {
    name, type: "String", value, tags: tags("app-settings"),
});
// Credential-looking literals are assembled at run time so that the repository itself holds none.
const join = (...parts: string[]) => parts.join("");
const PEM = join("-----BEGIN ", "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2+6PmuNZ6KBq6CPnsdDKR4mS0bqO\nq8hbf1dMJ8xS0TtCYcZbN5Y6Y6hGv4jG0m4a8C3nVfE2GvXa1wzQJZ1Q8oK7xWcB\n-----END ", "RSA PRIVATE KEY-----\n");

const violations: Case[] = [
    { name: "a password as --flag=value in the container command", change: edit("aws:ecs/taskDefinition:TaskDefinition", p => {
        const list = JSON.parse(p.containerDefinitions);
        list[0].command = ["gunicorn", join("--db-password=", "Xk9mP2vL7qR4tZ8w"), "expertconnect.wsgi"];
        p.containerDefinitions = JSON.stringify(list);
    }, named("backend-task")) },
    { name: "an access key id in a parameter's description", change: add("aws:ssm/parameter:Parameter", "described", { name: "/expertconnect/prod/feature-flag", type: "String", value: "on", description: join("rotated from ", "AKIA", "Z3MHALF6V4QWXY7B"), tags: tags("app-settings") }) },
    { name: "JWT signing key moved into environment under a neutral name", change: env("AUTH_CONFIG_A", "q3Jx8vN2LpZ7tWc5Rb1Ye9Kf4Hs6Dm0G") },
    { name: "rediss URL with an AUTH token", change: env("CACHE_URL", "rediss://:c8f2Kq91LmZ0pXw7Tn3Vb@master.expertconnect-prod-cache.abc123.use1.cache.amazonaws.com:6379") },
    { name: "DB_PASS with a human password", change: env("DB_PASS", "Summer2024!Expert") },
    { name: "a live payment key", change: env("PAYMENTS_KEY", join("sk_", "live_", "51HxZq2LkT9vB8mN0pR7sW4yC6dF1gJ3")) },
    { name: "an AWS access key pair in environment", change: env("AWS_ACCESS_KEY_ID", join("AKIA", "Q3EGRU5FXMPL7ZTB")) },
    { name: "credentials inside a PostgreSQL URL", change: env("DATABASE_URL", "postgres://expertconnect_user:V9k2mQ7zL4pX@expertconnect-prod-db.abc.us-east-1.rds.amazonaws.com:5432/expertconnect") },
    { name: "a password inside a JSON settings blob", change: env("APP_SETTINGS", JSON.stringify({ smtp: { host: "smtp.example.com", password: "h7Gq2Lk9Zx4Rv1Tp" } })) },
    { name: "a GitHub token", change: env("GH", join("ghp_", "R8kLm2Zq9Xv4Tn7Bc1Wy5Hd3Jf6Gs0Pa8Ke2")) },
    { name: "an SSM String parameter holding a private key", change: param("/expertconnect/prod/signing/key", PEM) },
    { name: "an SSM String parameter holding a URL with a password", change: param("/expertconnect/prod/broker/url", "amqps://app:Xp4Lq8Zr2Wm6@broker.internal:5671/") },
    { name: "a Lambda function with a Slack webhook in its environment", change: add("aws:lambda/function:Function", "notify", { name: "notify", role: "arn:aws:iam::123456789012:role/backend-roles-task-019c1c0", runtime: "nodejs20.x", handler: "index.handler", environment: { variables: { HOOK: join("https://hooks.slack.com/services/", "T024BE7LD/B08ABCDEF12/q7PzX1kLm9Vn3Rt5Yb2Wc4Hd") } }, tags: tags("notify") }) },
    { name: "the database secret's rotation removed", change: remove("aws:secretsmanager/secretRotation:SecretRotation") },
    { name: "rotation stretched to once every three years", change: edit("aws:secretsmanager/secretRotation:SecretRotation", p => { p.rotationRules = { automaticallyAfterDays: 1095 }; }) },
    { name: "an SSM parameter turned from SecureString to String for a secret's name and value", change: edit("aws:ssm/parameter:Parameter", p => { p.value = "sK9!vQ2#Lm7$Xr4pZt8W"; }, named("app-settings-cache-port")) },
    // The rotation schedule kept, the function it invokes gone (found by removing each resource type in turn).
    { name: "the rotation application (SAR stack) removed from the program, the rotation schedule kept: every rotation fails, the schedule looks set", change: remove("aws:serverlessrepository/cloudFormationStack:CloudFormationStack") },
    { name: "the master secret's rotation pointed at a function of another team's stack", change: edit("aws:secretsmanager/secretRotation:SecretRotation", p => { p.rotationLambdaArn = "arn:aws:lambda:us-east-1:123456789012:function:shared-rotation-postgres"; }) },
];

const compliant: Case[] = [
    { name: "PASSWORD_RESET_TIMEOUT in seconds", change: env("PASSWORD_RESET_TIMEOUT", "3600") },
    { name: "JWT_REFRESH_TOKEN_EXPIRY_DAYS", change: env("JWT_REFRESH_TOKEN_EXPIRY_DAYS", "7") },
    { name: "OIDC_TOKEN_ENDPOINT URL", change: env("OIDC_TOKEN_ENDPOINT", "https://auth.expertconnect.example/oauth2/token") },
    { name: "a database URL without a password", change: env("DATABASE_URL_TEMPLATE", "postgres://expertconnect_user@expertconnect-prod-db.internal:5432/expertconnect?sslmode=verify-full") },
    { name: "the git commit of the build", change: env("BUILD_SHA", "9fceb02d0ae598e95dc970b74767f19372d61af8") },
    { name: "API_KEY_HEADER naming a header", change: env("API_KEY_HEADER", "X-Api-Key") },
    { name: "an SSM String parameter with a feature limit", change: param("/expertconnect/prod/uploads/max-mb", "25") },
];

suite("adversarial class 2: secrets by value", violations, compliant);
