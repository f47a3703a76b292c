import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { AppSettings, AppSettingsArgs } from "../../../components/app/AppSettings";
import { installMocks, MockHarness, settle, valueOf } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };
const CACHE_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/cache-auth-token-AbCdEf";
const CACHE_KEY = "arn:aws:kms:us-east-1:123456789012:key/cache";

async function build(overrides: Partial<AppSettingsArgs> = {}): Promise<{ mocks: MockHarness; app: AppSettings }> {
    const mocks = installMocks({ stack: "prod", region: "us-east-1" });
    const app = new AppSettings("app", {
        parameterPath: "/expertconnect/prod", secretPrefix: "expertconnect/prod", tags,
        endpoints: {
            databaseAddress: "expertconnect-prod-db.c1.us-east-1.rds.amazonaws.com", databasePort: 5432, databaseName: "expertconnect",
            cacheAddress: "master.expertconnect-prod-cache.abc.use1.cache.amazonaws.com", cachePort: 6379,
            staticBucketName: "expertconnect-prod-static", backupBucketName: "expertconnect-backup",
        },
        featureFlags: { "video-calls": true, "new-search": false },
        dataStores: { cacheAuthSecretArn: CACHE_SECRET, cacheKmsKeyArn: CACHE_KEY },
        ...overrides,
    });
    await settle();
    return { mocks, app };
}

const parameters = (mocks: MockHarness) => mocks.ofType("aws:ssm/parameter:Parameter");
const secrets = (mocks: MockHarness) => mocks.ofType("aws:secretsmanager/secret:Secret");
const resolved = (list: Array<{ name: string; valueFrom: pulumi.Output<string> }>) =>
    Promise.all(list.map(async (s) => ({ name: s.name, valueFrom: await valueOf(s.valueFrom) })));

describe("AppSettings (prod)", () => {
    let mocks: MockHarness;
    let app: AppSettings;
    before(async () => ({ mocks, app } = await build()));

    it("stores hosts, bucket names and feature flags as String parameters under /expertconnect/prod", () => {
        const byName = Object.fromEntries(parameters(mocks).map((p) => [p.inputs.name, p.inputs]));
        expect(Object.keys(byName).sort()).to.deep.equal([
            "/expertconnect/prod/cache/host", "/expertconnect/prod/cache/port", "/expertconnect/prod/database/auth-method", "/expertconnect/prod/database/host",
            "/expertconnect/prod/database/name", "/expertconnect/prod/database/port", "/expertconnect/prod/database/user", "/expertconnect/prod/features/new-search",
            "/expertconnect/prod/features/video-calls", "/expertconnect/prod/storage/backup-bucket", "/expertconnect/prod/storage/static-bucket",
        ]);
        expect(byName["/expertconnect/prod/database/host"].value).to.equal("expertconnect-prod-db.c1.us-east-1.rds.amazonaws.com");
        expect(byName["/expertconnect/prod/database/port"].value).to.equal("5432");
        expect(byName["/expertconnect/prod/cache/host"].value).to.equal("master.expertconnect-prod-cache.abc.use1.cache.amazonaws.com");
        expect(byName["/expertconnect/prod/storage/static-bucket"].value).to.equal("expertconnect-prod-static");
        expect(byName["/expertconnect/prod/features/video-calls"].value).to.equal("true");
        expect(byName["/expertconnect/prod/features/new-search"].value).to.equal("false");
        for (const p of Object.values(byName)) expect((p as { type: string }).type).to.equal("String");
    });

    it("creates the three application secrets KMS-encrypted, with a 30-day recovery window, protected", () => {
        const key = mocks.one("aws:kms/key:Key");
        expect(key.inputs.enableKeyRotation).to.equal(true);
        expect(secrets(mocks).map((s) => s.inputs.name)).to.deep.equal([
            "expertconnect/prod/django-secret-key", "expertconnect/prod/jwt-signing-key", "expertconnect/prod/video-provider-api-key",
        ]);
        for (const s of secrets(mocks)) {
            expect(s.inputs, s.name).to.include({ kmsKeyId: key.outputs.arn, recoveryWindowInDays: 30 });
            expect(s.protect, s.name).to.equal(true);
            expect(s.retainOnDelete, s.name).to.equal(true);
        }
    });

    it("gives each secret a first value only through write-only inputs: generated keys, a placeholder for the provider's", () => {
        const versions = mocks.ofType("aws:secretsmanager/secretVersion:SecretVersion");
        const valueOfSecret = (id: string) => {
            const secret = secrets(mocks).find((s) => s.inputs.name === `expertconnect/prod/${id}`)!;
            const version = versions.find((v) => v.inputs.secretId === secret.id)!;
            expect(version.inputs, id).to.not.have.property("secretString");
            expect(version.inputs.secretStringWoVersion, id).to.equal(1);
            expect(version.retainOnDelete, id).to.equal(true);
            return version;
        };
        for (const id of ["django-secret-key", "jwt-signing-key"]) {
            const version = valueOfSecret(id);
            expect(version.secretInputs, id).to.include("secretStringWo");
            expect(version.inputs.secretStringWo, id).to.match(/^[A-Za-z0-9]{64}$/);
        }
        expect(valueOfSecret("video-provider-api-key").inputs.secretStringWo).to.equal("not-configured");
        expect(versions).to.have.length(3);
    });

    it("gives the backend every secret and setting by ARN, and the database user, never a database password", async () => {
        const list = await resolved(app.containerSecrets.backend);
        const byName = Object.fromEntries(list.map((s) => [s.name, s.valueFrom]));
        const arnOf = (name: string) => secrets(mocks).find((s) => s.inputs.name === name)!.outputs.arn;
        const paramArn = (name: string) => parameters(mocks).find((p) => p.inputs.name === name)!.outputs.arn;
        expect(byName).to.deep.equal({
            DJANGO_SECRET_KEY: arnOf("expertconnect/prod/django-secret-key"),
            JWT_SIGNING_KEY: arnOf("expertconnect/prod/jwt-signing-key"),
            VIDEO_PROVIDER_API_KEY: arnOf("expertconnect/prod/video-provider-api-key"),
            DATABASE_HOST: paramArn("/expertconnect/prod/database/host"),
            DATABASE_PORT: paramArn("/expertconnect/prod/database/port"),
            DATABASE_NAME: paramArn("/expertconnect/prod/database/name"),
            DATABASE_USER: paramArn("/expertconnect/prod/database/user"),
            DATABASE_AUTH_METHOD: paramArn("/expertconnect/prod/database/auth-method"),
            REDIS_HOST: paramArn("/expertconnect/prod/cache/host"),
            REDIS_PORT: paramArn("/expertconnect/prod/cache/port"),
            STATIC_BUCKET: paramArn("/expertconnect/prod/storage/static-bucket"),
            BACKUP_BUCKET: paramArn("/expertconnect/prod/storage/backup-bucket"),
            FEATURE_VIDEO_CALLS: paramArn("/expertconnect/prod/features/video-calls"),
            FEATURE_NEW_SEARCH: paramArn("/expertconnect/prod/features/new-search"),
            REDIS_AUTH_TOKEN: CACHE_SECRET,
        });
        for (const s of list) expect(s.valueFrom, s.name).to.match(/^arn:aws:(ssm|secretsmanager):us-east-1:/);
    });

    it("gives the frontend only the feature flags", async () => {
        const list = await resolved(app.containerSecrets.frontend);
        expect(list.map((s) => s.name).sort()).to.deep.equal(["FEATURE_NEW_SEARCH", "FEATURE_VIDEO_CALLS"]);
    });

    it("names the keys the backend's execution role must decrypt with: app and cache (the database needs no secret)", async () => {
        const keys = await Promise.all(app.secretKmsKeyArns.backend.map((k) => valueOf(k)));
        expect(keys).to.deep.equal([mocks.one("aws:kms/key:Key").outputs.arn, CACHE_KEY]);
    });

    it("needs no key for the frontend, whose settings are plain parameters", () => {
        expect(app.secretKmsKeyArns.frontend).to.deep.equal([]);
    });

    it("tags every taggable resource", () => {
        const taggable = mocks.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:") && "tags" in r.inputs);
        expect(taggable.length).to.be.greaterThan(12);
        for (const r of taggable) expect(r.inputs.tags, r.name).to.include({ Project: "expertconnect", Environment: "prod", Component: "app-settings" });
    });
});

describe("AppSettings (no flags, no backup bucket)", () => {
    it("gives the frontend nothing to read", async () => {
        const { mocks, app } = await build({
            featureFlags: {},
            endpoints: {
                databaseAddress: "db", databasePort: 5432, databaseName: "expertconnect", cacheAddress: "cache", cachePort: 6379,
                staticBucketName: "expertconnect-dr-static",
            },
        });
        expect(app.containerSecrets.frontend).to.deep.equal([]);
        expect(parameters(mocks).map((p) => p.inputs.name)).to.not.include("/expertconnect/prod/storage/backup-bucket");
    });

    it("gives the backend no database password in any form", async () => {
        const { app } = await build({ dataStores: { cacheAuthSecretArn: CACHE_SECRET, cacheKmsKeyArn: CACHE_KEY } });
        const list = await resolved(app.containerSecrets.backend);
        expect(list.map((s) => s.name)).to.not.include("DATABASE_PASSWORD");
        expect(list.map((s) => s.valueFrom).join(" ")).to.not.include("database/master");
        expect(list.map((s) => s.name)).to.include("REDIS_AUTH_TOKEN");
    });
});

describe("AppSettings (prod, replicated to the recovery region)", () => {
    let mocks: MockHarness;
    let app: AppSettings;
    before(async () => ({ mocks, app } = await build({ replicaRegion: "us-west-2" })));

    it("replicates every application secret into us-west-2 under a protected, rotating key of that region", () => {
        const keys = mocks.ofType("aws:kms/key:Key");
        const replicaKey = keys.find((k) => k.inputs.region === "us-west-2")!;
        expect(replicaKey.inputs.enableKeyRotation).to.equal(true);
        expect(replicaKey.protect).to.equal(true);
        expect(secrets(mocks)).to.have.lengthOf(3);
        for (const s of secrets(mocks)) {
            expect(s.inputs.replicas, s.name).to.deep.equal([{ region: "us-west-2", kmsKeyId: replicaKey.outputs.arn }]);
        }
    });

    it("exposes the replicas' ARNs in us-west-2 and their key, for the dr stack", async () => {
        for (const id of ["django-secret-key", "jwt-signing-key", "video-provider-api-key"]) {
            const primary = await valueOf(app.secretArns[id]);
            expect(await valueOf(app.replicaSecretArns![id]), id).to.equal(primary.replace(":us-east-1:", ":us-west-2:"));
        }
        expect(await valueOf(app.replicaKmsKeyArn!)).to.match(/^arn:aws:kms:us-west-2:/);
    });
});

describe("AppSettings (dr, sharing prod's replicated secrets)", () => {
    const shared = {
        "django-secret-key": "arn:aws:secretsmanager:us-west-2:123456789012:secret:expertconnect/prod/django-secret-key-AbCdEf",
        "jwt-signing-key": "arn:aws:secretsmanager:us-west-2:123456789012:secret:expertconnect/prod/jwt-signing-key-AbCdEf",
        "video-provider-api-key": "arn:aws:secretsmanager:us-west-2:123456789012:secret:expertconnect/prod/video-provider-api-key-AbCdEf",
    };
    const SHARED_KEY = "arn:aws:kms:us-west-2:123456789012:key/shared";

    it("creates no secrets or key of its own and hands the backend prod's replicas", async () => {
        const { mocks, app } = await build({ sharedSecrets: { arns: shared, kmsKeyArn: SHARED_KEY } });
        expect(secrets(mocks)).to.deep.equal([]);
        expect(mocks.ofType("aws:kms/key:Key")).to.deep.equal([]);
        const list = await resolved(app.containerSecrets.backend);
        const byName = Object.fromEntries(list.map((s) => [s.name, s.valueFrom]));
        expect(byName.DJANGO_SECRET_KEY).to.equal(shared["django-secret-key"]);
        expect(byName.VIDEO_PROVIDER_API_KEY).to.equal(shared["video-provider-api-key"]);
        expect(await valueOf(app.secretKmsKeyArns.backend[0])).to.equal(SHARED_KEY);
    });

    it("refuses to both own replicated secrets and use shared ones", async () => {
        installMocks({ stack: "dr", region: "us-west-2" });
        expect(() => new AppSettings("app", {
            parameterPath: "/expertconnect/dr", secretPrefix: "expertconnect/dr", tags,
            endpoints: { databaseAddress: "db", databasePort: 5432, databaseName: "expertconnect", cacheAddress: "c", cachePort: 6379, staticBucketName: "s" },
            dataStores: { cacheAuthSecretArn: CACHE_SECRET, cacheKmsKeyArn: CACHE_KEY },
            replicaRegion: "us-east-1", sharedSecrets: { arns: shared, kmsKeyArn: SHARED_KEY },
        })).to.throw(/sharedSecrets and replicaRegion exclude each other/);
    });
});

