/**
 * AWS Backup's names for the resource types it protects. A module of its own, free of the policy
 * SDK: the offline engine's path report uses it without loading the pack's policy definitions.
 */

/** AWS Backup's resource type (the key of resourceTypeOptInPreference) of the resource an ARN names, or undefined. */
export function backupTypeOfArn(arn: string): string | undefined {
    const [, , service, , , resource = ""] = arn.split(":");
    switch (service) {
        case "rds": return resource === "db" ? "RDS" : resource === "cluster" ? "Aurora" : undefined;
        case "dynamodb": return "DynamoDB";
        case "elasticfilesystem": return "EFS";
        case "s3": return "S3";
        case "fsx": return "FSx";
        case "redshift": return "Redshift";
        case "ec2": return resource.startsWith("volume/") ? "EBS" : resource.startsWith("instance/") ? "EC2" : undefined;
        default: return undefined;
    }
}
