/**
 * Class 3: secrets and keys reach only their intended audience. Which service may hold which
 * secret is a design fact (policy/lib/facts/purposes.ts): the internet-facing frontend is
 * never given the backend's signing keys or a data store's credentials, even when its roles may
 * read them and every path works. Credentials under a browser-bound name (NEXT_PUBLIC_…) are
 * worse, not exempt; debug modes that show settings and request data are refused wherever a
 * runtime reads them (policy/lib/facts/debugSettings.ts); a key policy confines every AWS service
 * principal to this account as AWS documents for that service (policy/lib/facts/keyServiceScoping.ts).
 */
import { ACCOUNT, add, all, Case, Change, doc, edit, env, named, suite, tags } from "./support";

const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const KEY = "aws:kms/key:Key";
const E1 = "us-east-1";
const secret = (name: string, region = E1) => `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}`;
const DJANGO = secret("expertconnect/prod/django-secret-key-1ffb64");
const JWT = secret("expertconnect/prod/jwt-signing-key-189879");
const CACHE_TOKEN = secret("expertconnect/prod/cache-auth-token-21c05c");
const APP_KEY = `arn:aws:kms:${E1}:${ACCOUNT}:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2`;

/** Edits the first container (the app's) of a task definition. */
const container = (task: string, f: (c: any) => void): Change => edit(TASK, p => {
    const list = JSON.parse(p.containerDefinitions);
    f(list[0]);
    p.containerDefinitions = JSON.stringify(list);
}, named(task));
const frontendSecret = (name: string, valueFrom: string) => container("frontend-task", c => { c.secrets = [...(c.secrets ?? []), { name, valueFrom }]; });
const frontendEnv = (name: string, value: string, task = "frontend-task") => container(task, c => { c.environment = [...(c.environment ?? []), { name, value }]; });
const rolePolicy = (name: string, role: string, ...statements: object[]) => add("aws:iam/rolePolicy:RolePolicy", name, { role, policy: doc(...statements) });
const readSecrets = (...Resource: string[]) => ({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource });
const decryptViaSecretsManager = { Effect: "Allow", Action: "kms:Decrypt", Resource: APP_KEY, Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${E1}.amazonaws.com` } } };

/** Rewrites a key policy's statements (key named by URN suffix). */
const keyPolicy = (suffix: string, f: (statements: any[]) => void): Change => edit(KEY, p => {
    const d = JSON.parse(p.policy);
    f(d.Statement);
    p.policy = JSON.stringify(d);
}, named(suffix));
const service = (statements: any[], principal: RegExp) => statements.find(s => principal.test(JSON.stringify(s.Principal?.Service ?? "")));

const violations: Case[] = [
    // ------------------------------------------------------------------ who holds which secret
    {
        name: "frontend task is handed the Django SECRET_KEY and JWT signing key, its execution role allowed to read them (red team)",
        change: all(
            frontendSecret("JWT_SIGNING_KEY", JWT), frontendSecret("DJANGO_SECRET_KEY", DJANGO),
            rolePolicy("frontend-execution-signing-keys", "frontend-roles-execution-e9d9442", { Sid: "ReadSigningKeys", ...readSecrets(JWT, DJANGO) }, decryptViaSecretsManager),
        ),
    },
    {
        // Was an allowed case of class 1 (grants judged by use): the path works, the audience is wrong.
        name: "frontend execution role granted the signing key its container reads",
        change: all(frontendSecret("JWT_SIGNING_KEY", JWT), rolePolicy("frontend-execution-jwt", "frontend-roles-execution-e9d9442", readSecrets(JWT), decryptViaSecretsManager)),
    },
    { name: "frontend container given the JWT key under a neutral name (AUTH_SECRET)", change: frontendSecret("AUTH_SECRET", JWT) },
    { name: "frontend container given one JSON key of the database master secret", change: frontendSecret("PGPASSWORD", `${secret("expertconnect/prod/database/master-69cf0a")}:password::`) },
    { name: "frontend container given the cache AUTH token (for 'server-side caching')", change: frontendSecret("REDIS_AUTH_TOKEN", CACHE_TOKEN) },
    {
        name: "frontend task role may read the Django key, whose ARN its environment names for the app to fetch at run time",
        change: all(frontendEnv("DJANGO_SECRET_ARN", DJANGO), rolePolicy("frontend-task-django", "frontend-roles-task-a6b3b2a", readSecrets(DJANGO), decryptViaSecretsManager)),
    },
    { name: "frontend's X-Ray sidecar given the Django key", change: edit(TASK, p => { const l = JSON.parse(p.containerDefinitions); l[1].secrets = [{ name: "K", valueFrom: DJANGO }]; p.containerDefinitions = JSON.stringify(l); }, named("frontend-task")) },
    { name: "dr: frontend given prod's JWT signing key replica", stack: "dr", change: container("frontend-task", c => { c.secrets = [...(c.secrets ?? []), { name: "JWT_SIGNING_KEY", valueFrom: secret("expertconnect/prod/jwt-signing-key-189879", "us-west-2") }]; }) },

    // ------------------------------------------------------------------ browser-bound names
    { name: "frontend gets the video provider's API key as NEXT_PUBLIC_VIDEO_API_KEY (red team)", change: frontendEnv("NEXT_PUBLIC_VIDEO_API_KEY", "vp_live_8f2a1c9e0b7d4e6f") },
    { name: "frontend gets a payment webhook secret under Vite's browser prefix", change: frontendEnv("VITE_PAYMENTS_WEBHOOK_SECRET", "whsec-test-Pk29xQ") },
    { name: "frontend gets the chat service token as NEXT_PUBLIC_CHAT_TOKEN", change: frontendEnv("NEXT_PUBLIC_CHAT_TOKEN", "chat-tok-77Hq1z") },

    // ------------------------------------------------------------------ debug modes
    { name: "backend runs with DJANGO_DEBUG=True (red team)", change: env("DJANGO_DEBUG", "True") },
    { name: "backend runs with DEBUG=1", change: env("DEBUG", "1") },
    { name: "backend switched to the development settings module", change: env("DJANGO_SETTINGS_MODULE", "expertconnect.settings.development") },
    { name: "backend shows the Django debug toolbar", change: env("ENABLE_DEBUG_TOOLBAR", "true") },
    { name: "frontend runs Next.js with NODE_ENV=development", change: frontendEnv("NODE_ENV", "development") },
    { name: "frontend's Node inspector listens on all interfaces", change: frontendEnv("NODE_OPTIONS", "--inspect=0.0.0.0:9229") },
    {
        name: "DJANGO_DEBUG read from a new SSM parameter set to true",
        change: all(
            add("aws:ssm/parameter:Parameter", "app-settings-django-debug", { name: "/expertconnect/prod/django/debug", type: "String", value: "true", tags: tags("app-settings") }),
            container("backend-task", c => { c.secrets = [...c.secrets, { name: "DJANGO_DEBUG", valueFrom: `arn:aws:ssm:${E1}:${ACCOUNT}:parameter/expertconnect/prod/django/debug` }]; }),
        ),
    },
    { name: "database tasks function sets DEBUG=true", change: edit("aws:lambda/function:Function", p => { p.environment.variables.DEBUG = "true"; }, named("database-tasks-function")) },
    { name: "dr: backend runs with DJANGO_DEBUG=true", stack: "dr", change: env("DJANGO_DEBUG", "true") },

    // ------------------------------------------------------------------ key policies' service principals
    { name: "logs key: the CloudWatch Logs statement loses its encryption-context condition (red team)", change: keyPolicy("logs-key", s => { delete service(s, /logs\./).Condition; }) },
    { name: "logs key: encryption context widened to arn:aws:logs:*:*:log-group:* (red team)", change: keyPolicy("logs-key", s => { service(s, /logs\./).Condition = { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:*:*:log-group:*" } }; }) },
    { name: "logs key: encryption context with a wildcard account, as StringLike", change: keyPolicy("logs-key", s => { service(s, /logs\./).Condition = { StringLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${E1}:*:log-group:*` } }; }) },
    { name: "logs key: the condition made ArnLikeIfExists (passes when the context is absent)", change: keyPolicy("logs-key", s => { const c = service(s, /logs\./).Condition; c.ArnLikeIfExists = c.ArnLike; delete c.ArnLike; }) },
    { name: "database key: the RDS log group statement loses its condition", change: keyPolicy("database-key", s => { delete service(s, /logs\./).Condition; }) },
    { name: "alarms key: the CloudWatch alarms statement loses aws:SourceAccount", change: keyPolicy("alarms-key", s => { service(s, /cloudwatch\.amazonaws/).Condition = {}; }) },
    { name: "audit trail key: CloudTrail's statement keeps only a context of any account", change: keyPolicy("audit-trail-key", s => { service(s, /cloudtrail/).Condition = { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*" } }; }) },
    { name: "dr: logs key loses its encryption-context condition", stack: "dr", change: keyPolicy("logs-key", s => { delete service(s, /logs\./).Condition; }) },
];

const compliant: Case[] = [
    { name: "backend also reads the video provider's key under a second name (its audience)", change: container("backend-task", c => { c.secrets = [...c.secrets, { name: "VIDEO_API_KEY", valueFrom: secret("expertconnect/prod/video-provider-api-key-dd81af") }]; }) },
    { name: "frontend told the public API URL for the browser", change: frontendEnv("NEXT_PUBLIC_API_URL", "https://app.expertconnect.example/api") },
    { name: "frontend given a Stripe publishable key for the browser", change: frontendEnv("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", ["pk_", "live_", "51Nq8ZrKx2vQb7TmWaQ3nR8sT5uV2wX9yZ1bC4dE6fG7hJ0k"].join("")) },
    { name: "backend states DJANGO_DEBUG=False explicitly", change: env("DJANGO_DEBUG", "False") },
    { name: "frontend states NODE_ENV=production", change: frontendEnv("NODE_ENV", "production") },
    { name: "backend logs at DEBUG level (written to its log group, shown to nobody)", change: env("LOG_LEVEL", "DEBUG") },
    { name: "logs key's condition written with StringLike on the same account and region", change: keyPolicy("logs-key", s => { service(s, /logs\./).Condition = { StringLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${E1}:${ACCOUNT}:log-group:*` } }; }) },
];

suite("class 3: secrets and keys reach only their intended audience", violations, compliant);
