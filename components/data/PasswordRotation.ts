import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { POSTGRES_PORT } from "../../policy/lib/facts/ports";
import { POSTGRES_SINGLE_USER_ROTATION, secretsManagerEndpoint } from "../../policy/lib/facts/rotationApps";
import { TaskSecurityGroup } from "../compute/TaskSecurityGroup";

/** The template's output that holds the function's ARN. */
export const ROTATION_LAMBDA_OUTPUT = "RotationLambdaARN";

/**
 * The rotation function's ARN from the application stack's outputs. The template names the
 * function after its `functionName` parameter, so when the outputs do not carry it yet the ARN
 * built from that name is the same function.
 */
export function rotationLambdaArn(outputs: Record<string, string> | undefined, fallbackArn: string): string {
    const arn = outputs?.[ROTATION_LAMBDA_OUTPUT];
    return typeof arn === "string" && arn !== "" ? arn : fallbackArn;
}

export interface PasswordRotationArgs {
    /** Project and environment for tags. */
    tags: TagContext;
    /** Component tag value. @default "database" */
    component?: string;
    /** Region of the secret and the function (the provider's), for the Secrets Manager endpoint. */
    region: string;
    /** Secret holding `{engine, host, port, username, password, dbname}`. */
    secretId: pulumi.Input<string>;
    /** Key of the secret; the function's role is allowed to use it. */
    kmsKeyArn: pulumi.Input<string>;
    /** Name of the Lambda function, e.g. `expertconnect-prod-db-rotation`. */
    functionName: string;
    /** VPC the function runs in. */
    vpcId: pulumi.Input<string>;
    /** Subnets with a route to Secrets Manager (private subnets behind NAT). */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Where the database listens (its isolated subnets): the function's only PostgreSQL egress. */
    databaseCidrBlocks: string[];
    /** PostgreSQL port. @default 5432 */
    port?: number;
    /** Days between rotations. @default 30 */
    afterDays?: number;
}

/**
 * Rotation of a PostgreSQL master secret by AWS's single-user rotation function: the
 * Serverless Application Repository application (a CloudFormation stack with the function,
 * its role and Secrets Manager's permission to invoke it) in the given subnets with its own
 * security group, and the secret's rotation schedule. The database must admit
 * {@link securityGroupId} on its port.
 */
export class PasswordRotation extends pulumi.ComponentResource {
    /** Security group of the function; the database admits it. */
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly functionArn: pulumi.Output<string>;
    public readonly application: aws.serverlessrepository.CloudFormationStack;
    public readonly rotation: aws.secretsmanager.SecretRotation;

    constructor(name: string, args: PasswordRotationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:data:PasswordRotation", name, {}, opts);
        const port = args.port ?? POSTGRES_PORT;
        const securityGroup = new TaskSecurityGroup(`${name}-function`, {
            serviceName: args.functionName,
            vpcId: args.vpcId,
            tags: args.tags,
            component: args.component ?? "database",
            egress: [
                { description: "PostgreSQL in the isolated subnets (the database being rotated)", port, cidrBlocks: args.databaseCidrBlocks },
                { description: "HTTPS to Secrets Manager", port: 443, cidrBlocks: ["0.0.0.0/0"] },
            ],
        }, { parent: this });
        this.securityGroupId = securityGroup.id;

        this.application = new aws.serverlessrepository.CloudFormationStack(`${name}-function`, {
            name: args.functionName,
            // AWS's application at the pinned, reviewed version: the function changes only by a
            // reviewed edit of that fact, which the pack holds every rotation application to.
            applicationId: POSTGRES_SINGLE_USER_ROTATION.applicationId,
            semanticVersion: POSTGRES_SINGLE_USER_ROTATION.semanticVersion,
            // The template creates the function's role and a resource policy for Secrets Manager.
            capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
            parameters: {
                functionName: args.functionName,
                // The function sends each new password here (PutSecretValue): Secrets Manager of the region only.
                endpoint: secretsManagerEndpoint(args.region),
                vpcSubnetIds: pulumi.output(args.subnetIds).apply((ids) => ids.join(",")),
                vpcSecurityGroupIds: securityGroup.id,
                kmsKeyArn: args.kmsKeyArn,
            },
            tags: resourceTags(args.tags, args.component ?? "database"),
        }, { parent: this });

        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const namedArn = pulumi.interpolate`arn:aws:lambda:${args.region}:${account}:function:${args.functionName}`;
        this.functionArn = pulumi.all([this.application.outputs, namedArn]).apply(([outputs, arn]) => rotationLambdaArn(outputs, arn));

        this.rotation = new aws.secretsmanager.SecretRotation(`${name}-schedule`, {
            secretId: args.secretId,
            rotationLambdaArn: this.functionArn,
            rotationRules: { automaticallyAfterDays: args.afterDays ?? 30 },
            // The first value is new; rotating at creation would race the write of that value.
            rotateImmediately: false,
        }, { parent: this, dependsOn: [this.application] });

        this.registerOutputs({ securityGroupId: this.securityGroupId, functionArn: this.functionArn });
    }
}
