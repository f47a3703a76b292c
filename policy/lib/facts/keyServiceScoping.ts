/**
 * How a key policy confines an AWS service principal to this account (confused deputy): a
 * service calls KMS with its own principal for every customer it serves, so a statement that
 * lets `logs.us-east-1.amazonaws.com` use the key without a condition lets CloudWatch Logs use it
 * for ANY account's log group that names the key (AWS CloudWatch Logs user guide, "Encrypt log
 * data in CloudWatch Logs using AWS KMS", step 2). What confines a service is the context it sends
 * to KMS, and that differs by service, so the scoping keys are stated per service as AWS documents
 * them. The program builds its key policies' service statements to these facts
 * (components/security/keyPolicy.ts) and the pack judges every key policy by them
 * (iam-resource-policy-principals).
 */

/** What a service principal sends to KMS that ties a request to the account it acts for. */
export interface KeyServiceScoping {
    /** The service principal (`logs.<region>.amazonaws.com` as a pattern whose group 1 is the region). */
    principal: RegExp;
    /**
     * Condition keys whose value names the account the service acts for, as the service sends
     * them to KMS. Empty: the service sends none (the statement cannot be confined in the key
     * policy; the resource it delivers to confines who may use it).
     */
    keys: readonly string[];
    /**
     * The key's ARN value must also name the principal's region (a regional principal acts for its
     * region's resources only; a wildcard region says more than the grant means). @default false
     */
    regional?: boolean;
    /** Where AWS documents it. */
    source: string;
}

const SOURCE_KEYS = ["aws:SourceAccount", "aws:SourceArn"] as const;

export const KEY_SERVICE_SCOPING: readonly KeyServiceScoping[] = [
    {
        principal: /^logs\.([a-z0-9-]+)\.amazonaws\.com$/,
        // The log group's ARN is the encryption context of every request for a log group; Logs
        // Insights query results carry aws:SourceAccount/aws:SourceArn instead.
        keys: ["kms:EncryptionContext:aws:logs:arn", ...SOURCE_KEYS],
        regional: true,
        source: "CloudWatch Logs user guide, Encrypt log data using AWS KMS (kms:EncryptionContext:aws:logs:arn)",
    },
    {
        principal: /^cloudtrail\.amazonaws\.com$/,
        keys: ["kms:EncryptionContext:aws:cloudtrail:arn", ...SOURCE_KEYS],
        source: "CloudTrail user guide, Configure AWS KMS key policies for CloudTrail (aws:SourceArn, kms:EncryptionContext:aws:cloudtrail:arn)",
    },
    {
        principal: /^events\.amazonaws\.com$/,
        keys: [],
        source: "SNS developer guide, compatibility between event sources from AWS services and encrypted topics: EventBridge sends no aws:SourceAccount/aws:SourceArn to KMS (the topic policy confines publishers)",
    },
    {
        // Every other service (CloudWatch alarms, Budgets, Cost Anomaly Detection, S3 and log
        // delivery, AWS Config, GuardDuty, SNS…): AWS's confused-deputy guidance, aws:SourceAccount /
        // aws:SourceArn, or an encryption context naming the account's resource.
        principal: /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/,
        keys: [...SOURCE_KEYS, "kms:EncryptionContext:*"],
        source: "IAM user guide, The confused deputy problem (aws:SourceAccount, aws:SourceArn)",
    },
];

/** The scoping fact of a service principal. */
export function keyServiceScoping(service: string): KeyServiceScoping | undefined {
    return KEY_SERVICE_SCOPING.find(s => s.principal.test(service));
}
