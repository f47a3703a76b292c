import * as http2 from "http2";

/** A failed call, with the gRPC status code (12 = UNIMPLEMENTED) and the server's message. */
class RpcError extends Error {
    constructor(readonly code: number, message: string) {
        super(message);
        this.name = "RpcError";
    }
}

/** What the generated protobuf classes provide. */
interface Message {
    serializeBinary(): Uint8Array;
}

/**
 * Unary gRPC calls over one HTTP/2 connection (the wire protocol: a POST per call, each
 * message prefixed with a compression flag and its length, the status in the trailers).
 * The pack is a local process speaking that protocol; a client this thin costs a fraction of
 * @grpc/grpc-js's per call, which matters with one Analyze call per resource.
 */
export class AnalyzerRpc {
    private readonly session: http2.ClientHttp2Session;

    constructor(port: number) {
        this.session = http2.connect(`http://127.0.0.1:${port}`);
        // Errors surface on the calls; an idle session error must not crash the engine.
        this.session.on("error", () => undefined);
    }

    /** Calls `pulumirpc.Analyzer/<method>` and decodes the reply. */
    call<Res>(method: string, request: Message, decode: (bytes: Uint8Array) => Res): Promise<Res> {
        const body = request.serializeBinary();
        const frame = Buffer.allocUnsafe(5 + body.length);
        frame.writeUInt8(0, 0);
        frame.writeUInt32BE(body.length, 1);
        frame.set(body, 5);
        return new Promise((resolve, reject) => {
            const stream = this.session.request({
                ":method": "POST",
                ":path": `/pulumirpc.Analyzer/${method}`,
                "content-type": "application/grpc",
                te: "trailers",
            });
            const chunks: Buffer[] = [];
            let status: string | undefined;
            let message = "";
            const readStatus = (h: http2.IncomingHttpHeaders) => {
                if (h["grpc-status"] !== undefined) {
                    status = String(h["grpc-status"]);
                    message = decodeURIComponent(String(h["grpc-message"] ?? ""));
                }
            };
            stream.on("response", readStatus);
            stream.on("trailers", readStatus);
            stream.on("data", (chunk: Buffer) => chunks.push(chunk));
            stream.on("error", reject);
            stream.on("end", () => {
                if (status !== "0") {
                    reject(new RpcError(Number(status ?? 2), `${method}: ${message || `gRPC status ${status}`}`));
                    return;
                }
                const data = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
                resolve(decode(data.subarray(5, 5 + data.readUInt32BE(1))));
            });
            stream.end(frame);
        });
    }

    close(): void {
        this.session.close();
    }
}
