/**
 * Credentials that live in two places: a data store's own credential (an RDS master password, an
 * ElastiCache AUTH token), sent write-only with a version, and the Secrets Manager secret that the
 * application, the rotation function and the maintenance function read it from. The program
 * generates one value and hands it to both with one version number (components/data/Database.ts,
 * Cache.ts), and tags the secret with the store it belongs to; the pack (secrets-credential-pairs)
 * finds the same pairs and refuses any divergence and any change strategy that cuts running
 * clients. A store or holder type of the same shape is judged once it has a row here.
 * Facts modules import nothing.
 */

/**
 * Tag of a secret (or an SSM parameter) holding a store's credential: its value is the store's
 * identifier (`identifier`, `replicationGroupId`, `clusterIdentifier`…, or its ARN). Its key
 * names no credential, so the secret scanner (secrets-no-plain-values) reads it as the plain
 * reference it is.
 */
export const CREDENTIAL_OF_TAG = "PairedStore";

/** The tag that pairs a secret with the store whose credential it holds. */
export function credentialOfTag(storeIdentifier: string): Record<string, string> {
    return { [CREDENTIAL_OF_TAG]: storeIdentifier };
}

/** How a store replaces its credential, where the API lets the caller choose. */
export interface ChangeStrategy {
    /** The argument that chooses it. */
    argument: string;
    /** Values under which the previous credential stays valid beside the new one. */
    keepsPrevious: readonly string[];
    /** What the store does when the argument is omitted. */
    whenOmitted: string;
}

/** A store argument that holds a credential, written only when its version changes. */
export interface CredentialStore {
    /** What the credential is, for messages. */
    credential: string;
    /** The write-only argument. */
    value: string;
    /** The version that makes the provider send `value` again. */
    version: string;
    /** The plain (stored) twin of `value`, refused elsewhere but still changed under `changeStrategy`. @default none */
    plain?: string;
    /** Properties whose value a {@link CREDENTIAL_OF_TAG} may name. */
    identity: readonly string[];
    /**
     * The key a JSON secret keeps the credential under (AWS's rotation functions read `password`
     * from `{engine, host, port, username, password, dbname}`); absent: the whole secret string is it.
     * @default none
     */
    secretKey?: string;
    /** The store property that such a JSON secret's `host` names: a secret naming it belongs to the store. @default none */
    secretHost?: string;
    /** @default none: the store has one credential at a time */
    changeStrategy?: ChangeStrategy;
    /**
     * The keys of a JSON secret that say where and as whom to log in, and the store property each
     * must equal (AWS's rotation functions connect to `host`:`port` as `username`, to `dbname`).
     * A key the secret omits is not judged, but `username` and `host` it must have. @default none
     */
    connection?: Readonly<Record<string, string>>;
    /** The argument by which the store keeps its credential in its own managed secret instead. @default none */
    managedBy?: string;
}

/**
 * The value every client keeps working with while the token changes: ElastiCache's ROTATE adds the
 * new AUTH token and keeps accepting the old one; SET (meant only after a ROTATE, once every
 * client has the new token) makes the new token the only one at once, and DELETE removes AUTH
 * (ModifyReplicationGroup, AuthTokenUpdateStrategy). AWS uses ROTATE when none is given.
 */
export const TOKEN_KEEPING_PREVIOUS = "ROTATE";

const DATABASE_SECRET = { credential: "master password", secretKey: "password" } as const;

/** The stores whose credential the program (or a change beside it) pairs with a secret, by type token. */
export const CREDENTIAL_STORES: Readonly<Record<string, CredentialStore>> = {
    "aws:rds/instance:Instance": {
        ...DATABASE_SECRET, value: "passwordWo", version: "passwordWoVersion", plain: "password", identity: ["identifier", "arn"], secretHost: "address",
        connection: { username: "username", host: "address", port: "port", dbname: "dbName" }, managedBy: "manageMasterUserPassword",
    },
    "aws:rds/cluster:Cluster": {
        ...DATABASE_SECRET, value: "masterPasswordWo", version: "masterPasswordWoVersion", plain: "masterPassword", identity: ["clusterIdentifier", "arn"], secretHost: "endpoint",
        connection: { username: "masterUsername", host: "endpoint", port: "port", dbname: "databaseName" }, managedBy: "manageMasterUserPassword",
    },
    "aws:docdb/cluster:Cluster": {
        ...DATABASE_SECRET, value: "masterPasswordWo", version: "masterPasswordWoVersion", plain: "masterPassword", identity: ["clusterIdentifier", "arn"], secretHost: "endpoint",
    },
    "aws:redshift/cluster:Cluster": {
        ...DATABASE_SECRET, value: "masterPasswordWo", version: "masterPasswordWoVersion", plain: "masterPassword", identity: ["clusterIdentifier", "arn"],
    },
    "aws:redshiftserverless/namespace:Namespace": {
        ...DATABASE_SECRET, credential: "admin password", value: "adminUserPasswordWo", version: "adminUserPasswordWoVersion", plain: "adminUserPassword", identity: ["namespaceName", "arn"],
    },
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        credential: "AUTH token", value: "authTokenWo", version: "authTokenWoVersion", plain: "authToken", identity: ["replicationGroupId", "arn"],
        changeStrategy: { argument: "authTokenUpdateStrategy", keepsPrevious: [TOKEN_KEEPING_PREVIOUS], whenOmitted: TOKEN_KEEPING_PREVIOUS },
    },
};

/** Where a credential's copy is kept for its readers, written only when its version changes. */
export interface CredentialHolder {
    /** The write-only argument holding the value. */
    value: string;
    /** The plain twin (kept in state; refused elsewhere, still compared). @default none */
    plain?: string;
    /** The version that makes the provider write `value` again. */
    version: string;
    /** The argument naming the secret it is a version of; absent: the holder carries its own tags. @default none */
    container?: string;
}

/** The holders by type token. */
export const CREDENTIAL_HOLDERS: Readonly<Record<string, CredentialHolder>> = {
    "aws:secretsmanager/secretVersion:SecretVersion": { value: "secretStringWo", plain: "secretString", version: "secretStringWoVersion", container: "secretId" },
    "aws:ssm/parameter:Parameter": { value: "valueWo", plain: "value", version: "valueWoVersion" },
};
