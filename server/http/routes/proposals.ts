// Proposals over HTTP: list and read them (with their signature manifests), request one, and
// decide one with an e-signature. POST /api/proposals/:id/decision does exactly what the socket
// `decide` event does (same service, same guardrails, same audit).
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { PROPOSAL_STATUSES } from '../../domain/proposals';
import { QloopError } from '../../errors';
import type { ProposalDecisions } from '../../proposals/decision-service';
import type { ProposalService } from '../../proposals/proposal-service';
import { decideSchema } from '../../realtime/contract';
import { parsePayload } from '../validate';

const listQuery = z.object({
  status: z.union([z.enum(PROPOSAL_STATUSES), z.array(z.enum(PROPOSAL_STATUSES))]).optional(),
  lot: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const decisionBody = decideSchema.omit({ proposalId: true });

const requestBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hold'), lotId: z.string().min(1).max(100), reason: z.string().trim().min(5).max(2000), test: z.string().max(50).optional(), reasonCode: z.string().trim().min(1).max(16).optional() }),
  z.object({ kind: z.literal('release'), lotId: z.string().min(1).max(100), reason: z.string().trim().min(5).max(2000) }),
  z.object({ kind: z.literal('setpoint'), equipmentId: z.string().min(1).max(100), parameterId: z.string().min(1).max(200), value: z.number().finite(), reason: z.string().trim().min(5).max(2000) }),
  z.object({ kind: z.literal('deviation'), lotId: z.string().min(1).max(100).optional(), title: z.string().max(200).optional(), description: z.string().trim().min(5).max(5000), equipmentIds: z.array(z.string().max(100)).max(20).optional(), test: z.string().max(50).optional() }),
]);

export function proposalRoutes(deps: { proposals: ProposalService; decisions: ProposalDecisions; requireAuth: RequestHandler }): Router {
  const router = Router();
  router.get('/api/proposals', deps.requireAuth, (req, res) => {
    const query = parsePayload(listQuery, req.query, 'query');
    const statuses = query.status === undefined ? undefined : Array.isArray(query.status) ? query.status : [query.status];
    res.json({ proposals: deps.proposals.list(req.user!, { ...(statuses ? { statuses } : {}), ...(query.lot ? { lotId: query.lot } : {}), limit: query.limit }) });
  });
  router.get('/api/proposals/:id', deps.requireAuth, (req, res) => {
    res.json({ proposal: deps.proposals.get(req.user!, String(req.params.id)) });
  });
  router.post('/api/proposals', deps.requireAuth, async (req, res) => {
    const body = parsePayload(requestBody, req.body);
    const origin = { requestedBy: req.user!, source: 'user' as const };
    const proposal =
      body.kind === 'hold' ? await deps.proposals.requestHold({ ...origin, lotId: body.lotId, reason: body.reason, ...(body.test ? { test: body.test } : {}), ...(body.reasonCode ? { reasonCode: body.reasonCode } : {}) })
      : body.kind === 'release' ? await deps.proposals.requestRelease({ ...origin, lotId: body.lotId, reason: body.reason })
      : body.kind === 'setpoint' ? await deps.proposals.requestSetpoint({ ...origin, equipmentId: body.equipmentId, parameterId: body.parameterId, value: body.value, reason: body.reason })
      : await deps.proposals.draftDeviation({ ...origin, ...body });
    // A hold already pending is answered with it (200); `note` says when it keeps another code than the one asked for.
    res.status(proposal.existing ? 200 : 201).json({ proposal, ...(typeof proposal.note === 'string' ? { note: proposal.note } : {}) });
  });
  router.post('/api/proposals/:id/decision', deps.requireAuth, async (req, res) => {
    if (!req.body || typeof req.body !== 'object') throw new QloopError('BAD_REQUEST', 'send the decision as JSON: { decision, signature: { username, password, meaning, reason } }');
    const body = parsePayload(decisionBody, req.body);
    res.json({ proposal: await deps.decisions.decide(req.user!, { ...body, proposalId: String(req.params.id) }) });
  });
  return router;
}
