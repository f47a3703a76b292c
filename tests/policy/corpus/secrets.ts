/**
 * The adversarial corpus of class 2 (secrets judged by value): plain values that reach a resource
 * input, each with the name it is given. Written from how credentials leak into configuration
 * (copied connection strings, tokens pasted for a quick test, keys in user data), not from the
 * detector's rules. `flag` must be reported, `keep` must not.
 */
import type { Candidate } from "../../../policy/secrets/detect";

/** Assembles a token at run time so that secret scanners of the repository do not trip on the corpus. */
const j = (...parts: string[]) => parts.join("");

export const MUST_FLAG: Record<string, Candidate> = {
    "JWT signing key moved into environment": { name: "JWT_SIGNING_KEY", value: "v3ry-l0ng-s1gning-k3y-for-prod-tokens" },
    "short database password": { name: "DB_PASS", value: "hunter2!" },
    "password under an innocent name": { name: "SETTINGS_A", value: j("Zx9#kQ", "2!mWv8$Lp4@rT") },
    "Redis URL with an AUTH token": { name: "REDIS_URL", value: j("rediss://:", "c8f2Kq91LmZ0pXw7@", "master.expertconnect-prod-cache.abc123.use1.cache.amazonaws.com:6379/0") },
    "PostgreSQL DSN with user and password": { name: "DATABASE_URL", value: j("postgres://expertconnect_user:", "S3cure-Pa55@", "db.internal:5432/expertconnect") },
    "MongoDB SRV URL": { name: "MONGO", value: j("mongodb+srv://app:", "pw12345678@", "cluster0.mongodb.net/app") },
    "Stripe live secret key": { name: "PAYMENTS_KEY", value: j("sk_", "live_", "51H8xkQ2eZvKYlo2C0aBcDeFgHiJkLmNo") },
    "Stripe test secret key": { name: "STRIPE", value: j("sk_", "test_", "4eC39HqLyjWDarjtT1zdp7dc") },
    "Stripe restricted live key": { name: "BILLING", value: j("rk_", "live_", "51H8xkQ2eZvKYlo2C0aBcDe") },
    "Stripe webhook secret": { name: "WEBHOOK", value: j("whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") },
    "AWS access key id (documented example)": { name: "AWS_ACCESS_KEY_ID", value: j("AKIA", "IOSFODNN7EXAMPLE") },
    "AWS secret access key by value": { name: "S3_UPLOADER", value: j("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYzEXAMPLEKEY") },
    "AWS session key id": { name: "CREDS_ID_X", value: j("ASIA", "Y34FZKBOKMUTVV7A") },
    "JWT pasted as a service token": {
        name: "SERVICE_BEARER",
        value: j("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4iLCJpYXQiOjE1MTYyMzkwMjJ9", ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
    },
    "PEM private key": { name: "TLS_KEY", value: j("-----BEGIN ", "PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END ", "PRIVATE KEY-----") },
    "RSA private key": { name: "SAML_SP_KEY", value: j("-----BEGIN RSA ", "PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy\n-----END RSA ", "PRIVATE KEY-----") },
    "GitHub personal token": { name: "GH", value: j("ghp_", "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789") },
    "Slack bot token": { name: "NOTIFY", value: j("xoxb-", "2048576123-4096123456789-AbCdEfGhIjKlMnOpQrStUvWx") },
    "Slack webhook URL": { name: "ALERT_WEBHOOK_URL", value: j("https://hooks.slack.com/services/", "T024BE7LD/B024BE7LH/", "xYz123AbC456dEf789GhI012") },
    "npm token": { name: "NPM", value: j("npm_", "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8") },
    "Google API key": { name: "MAPS", value: j("AIza", "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY") },
    "SendGrid key": { name: "MAIL", value: j("SG.", "ngeVfQFYQlKU0ufo8x5d1A.", "TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr") },
    "basic auth in an HTTPS URL": { name: "UPSTREAM", value: j("https://deploy:", "Tr0ub4dor@", "registry.example.com/v2/") },
    "token in a URL query string": { name: "FEED", value: j("https://api.example.com/v1/feed?", "access_token=", "9f8e7d6c5b4a39281706") },
    "random 32-character token with no telling name": { name: "VIDEO_PROVIDER", value: j("q7Vh2Lm9", "Xc4Tz8Rk", "1Wp5Nb3G", "d6Fy0Js2") },
    "random 40-character hexadecimal key": { name: "HMAC", value: j("9b1f6e0c2a7d4e8f", "1c3b5a7d9e0f2a4c", "6e8d0b1a") },
    "Django secret key": { name: "DJANGO_SECRET_KEY", value: j("django-insecure-", "x8#k2!mq9@zv4%l7p^w0(e5r)t3y6u") },
    "API key under a camelCase name": { name: "videoApiKey", value: "prod-video-key-2024" },
    "password flag inside a container command": { name: "command", value: j("gunicorn app --db-password ", "Pa55word-2024 --workers 3") },
    "password in base64 user data": {
        name: "userData",
        value: Buffer.from(j("#!/bin/bash\nexport DB_PASSWORD=", "Winter2024!\n", "systemctl start app\n")).toString("base64"),
    },
    "Stripe key in base64 user data": {
        name: "userData",
        value: Buffer.from(j("#cloud-config\nwrite_files:\n  - path: /etc/app.env\n    content: STRIPE=", "sk_", "live_", "51H8xkQ2eZvKYlo2C0aBcDe\n")).toString("base64"),
    },
    "credential in an SSM String parameter": { name: "/expertconnect/prod/payments/api-key", value: j("pk_", "9Xq2Lm7Vc4Tz8Rk1Wp5Nb3Gd6F") },
    "Authorization header value": { name: "UPSTREAM_HEADERS", value: j("Authorization: Bearer ", "aG9sYS1tdW5kby1zZWNyZXQtdG9rZW4tMTIz") },
    "OpenAI key": { name: "LLM", value: j("sk-", "proj-", "Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78") },
};

export const MUST_KEEP: Record<string, Candidate> = {
    "password reset timeout": { name: "PASSWORD_RESET_TIMEOUT", value: "3600" },
    "refresh token lifetime in days": { name: "JWT_REFRESH_TOKEN_EXPIRY_DAYS", value: "7" },
    "OIDC token endpoint": { name: "OIDC_TOKEN_ENDPOINT", value: "https://auth.expertconnect.example/oauth2/token" },
    "access token lifetime with a unit": { name: "ACCESS_TOKEN_LIFETIME", value: "15m" },
    "JWT algorithm": { name: "JWT_ALGORITHM", value: "RS256" },
    "secret's ARN": { name: "JWT_SECRET_ARN", value: "arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/jwt-signing-key-189879" },
    "secret's name": { name: "DB_SECRET_NAME", value: "expertconnect/prod/database/master" },
    "SSM path of a secret": { name: "API_KEY_PARAMETER", value: "/expertconnect/prod/video/api-key" },
    "Django settings module": { name: "DJANGO_SETTINGS_MODULE", value: "expertconnect.settings.production" },
    "database host": { name: "DATABASE_HOST", value: "expertconnect-prod-db.cb807a6da5e2.us-east-1.rds.amazonaws.com" },
    "Redis URL without credentials": { name: "REDIS_URL", value: "rediss://master.expertconnect-prod-cache.2dd10f.use1.cache.amazonaws.com:6379/0" },
    "token switch": { name: "CSRF_TOKEN_ENABLED", value: "true" },
    "password minimum length": { name: "PASSWORD_MIN_LENGTH", value: "12" },
    "password hashers (module path)": { name: "PASSWORD_HASHERS", value: "django.contrib.auth.hashers.Argon2PasswordHasher" },
    "Stripe publishable key name": { name: "STRIPE_PUBLISHABLE_KEY_NAME", value: "stripe-publishable" },
    "OAuth client id": { name: "OAUTH_CLIENT_ID", value: "expertconnect-web" },
    "session cookie name": { name: "SESSION_COOKIE_NAME", value: "ec_session" },
    "auth header name": { name: "AUTH_HEADER", value: "X-Expert-Auth" },
    "image digest": { name: "IMAGE", value: "123456789012.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" },
    "git commit of the build": { name: "GIT_COMMIT_SHA", value: "3b417d5c0f9a8e7d6c5b4a3928171605f4e3d2c1" },
    "UUID of a tenant": { name: "TENANT_ID", value: "6f1c2b9e-4d3a-4c8b-9e7f-1a2b3c4d5e6f" },
    "KMS key ARN": { name: "KMS_KEY", value: "arn:aws:kms:us-east-1:123456789012:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66" },
    "log level": { name: "LOG_LEVEL", value: "INFO" },
    "region": { name: "AWS_REGION", value: "us-east-1" },
    "S3 bucket": { name: "STATIC_BUCKET", value: "expertconnect-prod-static" },
    "ELB security policy": { name: "TLS_POLICY", value: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
    "CloudWatch metric name": { name: "METRIC", value: "HTTPCode_ELB_5XX_Count" },
    "security group id": { name: "SG", value: "sg-0b871d39ad2917fe6" },
    "reference to another variable": { name: "DB_PASSWORD", value: "${DATABASE_PASSWORD}" },
    "gunicorn command": { name: "command", value: "gunicorn expertconnect.wsgi:application --bind 0.0.0.0:8000 --workers 3 --timeout 60" },
    "migrate command": { name: "command", value: "python manage.py migrate --noinput" },
    "health check": { name: "healthCheck", value: "node -e fetch('http://127.0.0.1:3000/api/health').then(r => process.exit(r.status < 400 ? 0 : 1))" },
    "user data that reads secrets at boot": {
        name: "userData",
        value: Buffer.from("#!/bin/bash\nexport DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id expertconnect/prod/database/master --query SecretString --output text)\nsystemctl start app\n").toString("base64"),
    },
    "token expiry in seconds": { name: "TOKEN_TTL_SECONDS", value: "900" },
    "API base URL": { name: "VIDEO_API_URL", value: "https://api.video-provider.example/v2" },
    "Sentry DSN (public key only)": { name: "SENTRY_DSN", value: "https://3f2a1b0c9d8e@o450000.ingest.sentry.io/5500000" },
    "CloudWatch log group": { name: "LOG_GROUP", value: "/ecs/expertconnect-prod-backend" },
    "cron schedule": { name: "SCHEDULE", value: "cron(0 7 ? * * *)" },
    "allowed hosts": { name: "DJANGO_ALLOWED_HOSTS", value: "expertconnect.example,www.expertconnect.example" },
    "key rotation switch": { name: "SECRET_ROTATION_ENABLED", value: "true" },
    "ECR repository URL": { name: "REPOSITORY", value: "123456789012.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend" },
    "empty password placeholder left blank": { name: "EMAIL_HOST_PASSWORD", value: "" },
};
