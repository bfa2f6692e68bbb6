import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, requestEntityTooLarge } from './errors';
import { decodeProtobuf, PROTOBUF } from './protobuf';

/** kube-apiserver's default request body limit is 3 MiB; allow the same. */
export const BODY_LIMIT = 3 * 1024 * 1024;

/** Reads a request body, refusing bodies over the limit with 413. */
export async function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw requestEntityTooLarge(limit);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Decodes a JSON, YAML or (for the review kinds) protobuf body; 400 with the parser's reason
 * when it does not parse.
 */
export function decodeBody(
  body: Buffer,
  contentType: string | undefined,
  kindHint = 'object',
): unknown {
  const type = mediaType(contentType);
  if (type === PROTOBUF) return decodeProtobuf(body);
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest(`${kindHint} body is empty`);
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml') {
    try {
      return parseYaml(text) as unknown;
    } catch (err) {
      throw badRequest(
        `error converting YAML to JSON: ${(err as Error).message.split('\n')[0] ?? ''}`,
      );
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

/** Sends a JSON text body with the status code and extra headers. */
export function sendJson(
  res: ServerResponse,
  code: number,
  json: string,
  headers: Record<string, string | string[]> = {},
  contentType = 'application/json',
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}

/** Sends an ApiError as kube's Status body. */
export function sendError(
  res: ServerResponse,
  err: ApiError,
  headers: Record<string, string | string[]> = {},
): void {
  sendJson(res, err.code, JSON.stringify(err.status), { ...headers, ...err.headers });
}

/** Formats warnings as RFC 7234 Warning header values, as kube sends them. */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  if (warnings.length === 0) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) };
}

/** Turns anything thrown into an ApiError (unexpected failures become 500s). */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ reason: '', message }],
  });
}
