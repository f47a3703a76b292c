import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";

const COMPONENT = "dns";

export interface CertificateArgs {
    /** Project and environment for tags. */
    tags: TagContext;
    /** The certificate's main name. @example "app.expertconnect.com" */
    domainName: string;
    /** Further names it covers. @default [] @example ["prod.app.expertconnect.com"] */
    alternativeNames?: string[];
    /** Route 53 hosted zone the validation records go in. */
    hostedZoneId: string;
}

/**
 * An ACM certificate in the stack's region, validated by DNS records in the hosted zone; ACM
 * renews it on its own for as long as the records stay. `arn` resolves once ACM has issued it,
 * so a listener never gets a certificate pending validation.
 *
 * ACM gives the same validation record to every certificate of a name in one account, in every
 * region (so prod's and dr's certificates share the apex's record): the records are written
 * with overwrite allowed and kept when a stack is deleted, so removing one stack never breaks
 * the other's renewals.
 */
export class Certificate extends pulumi.ComponentResource {
    public readonly certificate: aws.acm.Certificate;
    /** ARN of the issued certificate. */
    public readonly arn: pulumi.Output<string>;

    constructor(name: string, args: CertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:dns:Certificate", name, {}, opts);
        const names = [args.domainName, ...(args.alternativeNames ?? [])];
        if (new Set(names).size !== names.length) {
            throw new Error(`${name}: certificate names repeat: ${names.join(", ")}`);
        }
        this.certificate = new aws.acm.Certificate(name, {
            domainName: args.domainName,
            subjectAlternativeNames: args.alternativeNames ?? [],
            validationMethod: "DNS",
            keyAlgorithm: "EC_prime256v1",
            tags: resourceTags(args.tags, COMPONENT),
        }, { parent: this });
        const records = names.map((domain, i) => {
            const option = this.certificate.domainValidationOptions.apply((options) => validationOption(options, domain));
            return new aws.route53.Record(`${name}-validation-${i}`, {
                zoneId: args.hostedZoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
                ttl: 300,
                allowOverwrite: true,
            }, { parent: this, retainOnDelete: true });
        });
        const validation = new aws.acm.CertificateValidation(`${name}-validation`, {
            certificateArn: this.certificate.arn,
            validationRecordFqdns: records.map((r) => r.fqdn),
        }, { parent: this });
        this.arn = validation.certificateArn;
        this.registerOutputs({ arn: this.arn });
    }
}

/** The validation record ACM asks for one name; throws naming the names it has. */
export function validationOption(
    options: aws.types.output.acm.CertificateDomainValidationOption[], domain: string,
): { resourceRecordName: string; resourceRecordType: string; resourceRecordValue: string } {
    const option = options.find((o) => o.domainName === domain);
    if (!option) {
        throw new Error(`ACM gave no validation record for ${domain}; it has: ${options.map((o) => o.domainName).join(", ") || "none"}`);
    }
    return option;
}
