/**
 * The interface prod publishes to dr: the stack outputs dr reads through its StackReference
 * (stack/prodStack.ts takes the names from here), each with the shape its value must have for dr
 * to run from it while us-east-1 is down. dr-prod-interface holds prod's outputs to these shapes
 * against what prod holds, and dr's view of them (the referenced stack must be prod). A prod
 * change is judged by prod's pack alone, so a renamed output or a replica ARN that names the
 * primary is refused there, before dr reads it at failover. Facts modules import siblings only.
 */
import { DATABASE_ARN_OUTPUT, DATABASE_ENGINE_OUTPUT, DATABASE_STORAGE_OUTPUT } from "./databaseOutputs";

/**
 * What a published value is: the stack's environment (prod: the stack dr references says it is
 * a prod deployment); the database instance's ARN in prod's region (a cross-region
 * replica's source must be an ARN); its storage and engine (databaseOutputs.ts); a secret
 * replica's ARN, a KMS key's ARN, a bucket's name or ARN, in the recovery region; maps of
 * secret replica ARNs and of ECR repository URLs in the recovery region.
 */
export type PublishedShape =
    | "prod-environment" | "database-arn" | "database-storage" | "database-engine"
    | "recovery-secret" | "recovery-secrets" | "recovery-key"
    | "recovery-bucket-name" | "recovery-bucket-arn" | "recovery-repositories";

export const PROD_INTERFACE = {
    environment: { output: "environment", shape: "prod-environment" },
    databaseArn: { output: DATABASE_ARN_OUTPUT, shape: "database-arn" },
    databaseStorageGb: { output: DATABASE_STORAGE_OUTPUT, shape: "database-storage" },
    databaseEngine: { output: DATABASE_ENGINE_OUTPUT, shape: "database-engine" },
    databaseMasterSecretReplicaArn: { output: "databaseMasterSecretReplicaArn", shape: "recovery-secret" },
    databaseMasterSecretReplicaKmsKeyArn: { output: "databaseMasterSecretReplicaKmsKeyArn", shape: "recovery-key" },
    staticReplicaBucketName: { output: "staticReplicaBucketName", shape: "recovery-bucket-name" },
    staticReplicaBucketArn: { output: "staticReplicaBucketArn", shape: "recovery-bucket-arn" },
    staticReplicaKmsKeyArn: { output: "staticReplicaKmsKeyArn", shape: "recovery-key" },
    replicaRepositoryUrls: { output: "replicaRepositoryUrls", shape: "recovery-repositories" },
    appSecretReplicaArns: { output: "appSecretReplicaArns", shape: "recovery-secrets" },
    appSecretsReplicaKmsKeyArn: { output: "appSecretsReplicaKmsKeyArn", shape: "recovery-key" },
} as const satisfies Record<string, { output: string; shape: PublishedShape }>;

/**
 * The stack dr references for them is a prod deployment of the same project: its `environment`
 * output (index.ts exports the stack's expertconnect:environment) says `prod`. Its name is the
 * operators' choice (`prod`, a game day's `game-prod`: expertconnect:dr.prodStack).
 */
export const ENVIRONMENT_OUTPUT = PROD_INTERFACE.environment.output;
export const PUBLISHING_ENVIRONMENT = "prod";
