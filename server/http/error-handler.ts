// Turns anything thrown in a route into the one error shape: { error: { code, message, details? } }.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { QloopError, toQloopError } from '../errors';

export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    let error = toQloopError(err);
    const bodyError = err as { type?: string; status?: number };
    if (bodyError?.type === 'entity.parse.failed') error = new QloopError('BAD_REQUEST', 'the request body is not valid JSON');
    else if (bodyError?.type === 'entity.too.large') error = new QloopError('PAYLOAD_TOO_LARGE', 'the request body is too large');
    if (error.code === 'INTERNAL') logger.error({ err, path: req.path }, 'request failed');
    res.status(error.status).json(error.toJSON());
  };
}

export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new QloopError('NOT_FOUND', `no route ${req.method} ${req.path}`));
}
