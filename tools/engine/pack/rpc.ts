import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";

/** A unary call of the generated client, in callback form. */
type Callback<Res> = (err: grpc.ServiceError | null, res: Res) => void;

/**
 * The pack's analyzer service through Pulumi's generated client (`@pulumi/pulumi/proto`) over
 * @grpc/grpc-js: the same client and messages the CLI's own Node.js tooling uses, so the
 * engine follows the protocol as Pulumi ships it instead of a copy of its wire format.
 */
export function analyzerClient(port: number): AnalyzerClient {
    return new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        // AnalyzeStack carries every resource of a stack; the pack's replies are small.
        "grpc.max_send_message_length": -1,
        "grpc.max_receive_message_length": -1,
    });
}

/**
 * A unary call as a promise: `start` makes the call with the callback it is given, e.g.
 * `unary<AnalyzeResponse>((cb) => client.analyze(request, cb))`. A failure keeps the gRPC status
 * `code` (12 = UNIMPLEMENTED) and names the method.
 */
export function unary<Res>(method: string, start: (callback: Callback<Res>) => unknown): Promise<Res> {
    return new Promise((resolve, reject) => {
        start((err, res) => {
            if (err) {
                reject(Object.assign(new Error(`${method}: ${err.details || err.message}`), { code: err.code }));
            } else {
                resolve(res);
            }
        });
    });
}
