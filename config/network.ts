import { z } from "zod";

/** `expertconnect:network` — the VPC layout. */
export const networkSchema = z
    .strictObject({
        /** VPC CIDR block. @default "10.0.0.0/16" */
        cidrBlock: z
            .string()
            // The whole address is checked here (N up to 255, no host bits), so the subnet plan
            // in components/network/cidr.ts never meets a block it cannot cut.
            .regex(/^10\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.0\.0\/16$/, "a private /16 of the form 10.N.0.0/16 with N from 0 to 255")
            .default("10.0.0.0/16"),
        /** Availability zones to spread over; 3 in prod, 2 allowed for cheaper stacks. @default 3 */
        azCount: z.union([z.literal(2), z.literal(3)]).default(3),
        /** NAT gateways: one per AZ (no cross-AZ dependency) or a single shared one. @default "perAz" */
        natGateways: z.enum(["perAz", "single"]).default("perAz"),
    })
    .prefault({});
