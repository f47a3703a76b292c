import { resourcePolicy } from "../lib/define";
import { BACKUP_VAULT, ECR_REPOSITORY, KMS_KEY, RDS_INSTANCE, S3_BUCKET, SECRETS_MANAGER_SECRET } from "../lib/tokens";
import { HOLDS_DATA_TAG, holdsData } from "../s3/buckets";

export const dataResourcesProtected = resourcePolicy<{ exemptResources: string[] }>({
    name: "protection-data-resources",
    description: `Resources that hold data (RDS instances, KMS keys, Secrets Manager secrets, AWS Backup vaults, ECR repositories (every deployable release image), S3 buckets not tagged ${HOLDS_DATA_TAG}=false) have the protect option, so no destroy or replace can lose them, and buckets and vaults do not set forceDestroy, nor repositories forceDelete, which empty them when they are deleted.`,
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Backup and Recovery; Disaster Recovery",
        fsbpControl: undefined,
        remediationSteps: "Pass { protect: true } to the resource and leave forceDestroy (forceDelete on an ECR repository) unset (false). retainOnDelete is not carried by the analyzer protocol, so the pack cannot see it; " +
            "a deliberate exception goes in the exemptResources policy config (logical names) with its reason in the pull request.",
    },
    config: {
        exemptResources: { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true, default: [], description: "Logical names deliberately left unprotected." },
    },
    types: [...RDS_INSTANCE, ...KMS_KEY, ...SECRETS_MANAGER_SECRET, ...S3_BUCKET, ...BACKUP_VAULT, ...ECR_REPOSITORY],
    validate: (props, report, { args, config }) => {
        if (config.exemptResources.includes(args.name)) {
            return args.notApplicable("exempted in policy config");
        }
        if ((S3_BUCKET as readonly string[]).includes(args.type) && !holdsData(props.tags)) {
            return args.notApplicable(`bucket tagged ${HOLDS_DATA_TAG}=false`);
        }
        if (args.opts.protect !== true) {
            report(`${args.name} is not protected: a destroy or a replacing change would delete its data.`);
        }
        // forceDestroy deletes every object (every version) or recovery point first, so even a
        // delete that protect was lifted for, or a replace, cannot stop at a non-empty bucket or vault.
        if (props.forceDestroy === true) {
            report(`${args.name} sets forceDestroy: deleting it would first delete every ${(BACKUP_VAULT as readonly string[]).includes(args.type) ? "recovery point in it" : "object and version in it"}.`);
        }
        // An ECR repository's forceDelete deletes it with every image in it, the running release and
        // its rollback target included; without it ECR refuses to delete a repository that holds images.
        if (props.forceDelete === true) {
            report(`${args.name} sets forceDelete: deleting or replacing it would delete every image in it, the releases the services run included.`);
        }
    },
});
