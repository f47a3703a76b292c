import { z } from "zod";

/** `expertconnect:network` — the VPC layout. */
export const networkSchema = z
    .strictObject({
        /** VPC CIDR block. @default "10.0.0.0/16" */
        cidrBlock: z
            .string()
            .regex(/^10\.(\d{1,3})\.0\.0\/16$/, "a private /16 of the form 10.N.0.0/16")
            .default("10.0.0.0/16"),
        /** Availability zones to spread over; 3 in prod, 2 allowed for cheaper stacks. @default 3 */
        azCount: z.union([z.literal(2), z.literal(3)]).default(3),
        /** NAT gateways: one per AZ (no cross-AZ dependency) or a single shared one. @default "perAz" */
        natGateways: z.enum(["perAz", "single"]).default("perAz"),
    })
    .prefault({});
