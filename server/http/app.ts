// The express application: routes in, one error shape out. Transport only; every decision
// is made by the services it is given.
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { errorHandler, notFound } from './error-handler';
import type { Metrics } from './metrics';
import { keepRawBody } from './raw-body';
import { securityHeaders } from './security-headers';

export interface HttpAppDeps {
  logger: Logger;
  metrics: Metrics;
  allowedOrigins: readonly string[];
  routers: Router[];
}

export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestMetrics(deps.metrics));
  app.use(securityHeaders(deps.allowedOrigins));
  app.use(express.json({ limit: '2mb', verify: keepRawBody }));
  for (const router of deps.routers) app.use(router);
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}

function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpRequests.startTimer({ method: req.method });
    res.on('finish', () => end({ route: req.route?.path ?? (res.statusCode === 404 ? 'unmatched' : req.path), status: String(res.statusCode) }));
    next();
  };
}
