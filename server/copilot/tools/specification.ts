// specification: the approved test specification of a product (or of a lot's product): limits,
// disposition bands, alert limits, method and the SOP it points to.
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { guarded, toolAnswer, turnContext, ToolArgumentError, type CopilotToolDeps } from './context';
import { lotArg, reference, resolveLot, resolveTestCode, specificationFor, specText, testArg } from './lookup';

export const specificationSchema = z.object({
  test: testArg.describe('Test code or name, e.g. PH, VISC, ASSAY, HARD.'),
  lot: lotArg.optional().describe('A lot id: its product decides which specification applies.'),
  product: reference('product', 'PRD-PARA-SUS').optional().describe('Product id, e.g. PRD-IBU400 or PRD-PARA-SUS.'),
});

export function specificationTool(deps: CopilotToolDeps) {
  return tool(
    async (args, runtime) =>
      guarded(async () => {
        turnContext(runtime);
        let productId = args.product?.toUpperCase();
        if (args.lot !== undefined) productId = (await resolveLot(deps, args.lot)).lot.productId;
        if (productId !== undefined && !deps.catalog.product(productId)) {
          throw new ToolArgumentError(`No product "${args.product}". Products: ${deps.catalog.products().map((p) => p.id).join(', ')}; fix the argument and try again.`);
        }
        const code = resolveTestCode(deps.catalog, args.test, productId);
        const products = productId ? [productId] : deps.catalog.products().filter((p) => deps.catalog.specFor(p.id, code)).map((p) => p.id);
        if (products.length !== 1) throw new ToolArgumentError(`Test ${code} is specified for several products (${products.join(', ')}); give the lot or the product and try again.`);
        const product = deps.catalog.product(products[0] as string);
        const spec = await specificationFor(deps, products[0] as string, code);
        if (!spec || !product) throw new ToolArgumentError(`No specification for ${code} on ${products[0]}.`);
        return toolAnswer(
          {
            product: { id: product.id, name: product.name },
            specification: {
              id: spec.id,
              version: spec.version,
              test: spec.test,
              name: spec.keyword,
              unit: spec.unit,
              limits: specText(spec),
              lsl: spec.lsl ?? null,
              usl: spec.usl ?? null,
              target: spec.target ?? null,
              decimals: spec.decimals,
              ...(spec.alertLimits ? { alertLimits: spec.alertLimits } : {}),
              ...(spec.actionLimits ? { actionLimits: spec.actionLimits } : {}),
              ...(spec.bands ? { bands: spec.bands } : {}),
              ...(spec.acceptedText ? { acceptedText: spec.acceptedText } : {}),
              ...(spec.loq !== undefined ? { loq: spec.loq } : {}),
              method: spec.method,
              ...(spec.sopId ? { sopId: spec.sopId } : {}),
            },
          },
          [{ docId: `SPEC:${spec.id}`, title: `Specification ${spec.id} (${product.name}, ${spec.keyword})`, revision: spec.version }],
        );
      }),
    {
      name: 'specification',
      description:
        'The approved specification of a test: limits (e.g. pH 6.5–7.5), disposition bands, alert limits, target, method and the SOP id. ' +
        'Give the lot (its product decides) or the product id. Use it for "what is the spec for viscosity", "limits for assay".',
      schema: specificationSchema,
    },
  );
}
