// Standalone vendor simulators for integration engineers:
//   node --import tsx simulators/http/main.ts sap-dm --port 9102 --faults '{"rate429":0.2}'
// Serves the demo plant (or --plant FILE) until SIGINT/SIGTERM and prints how to connect.
import { Command } from 'commander';
import { loadPlant, PlantCatalog, DEMO_PLANT_FILE } from '../../server/plant';
import { SIMULATOR_KINDS, startSimulator, type SimulatorKind } from './launcher';

export async function runSimulatorCli(argv: string[]): Promise<void> {
  const program = new Command('qloop-simulator')
    .description('run a vendor-faithful LIMS or MES simulator serving a plant dataset')
    .argument('<kind>', `one of ${SIMULATOR_KINDS.join(', ')}`)
    .option('--port <port>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--plant <file>', 'plant dataset', DEMO_PLANT_FILE)
    .option('--faults <json>', 'fault settings, e.g. {"rate429":0.1,"rate503":0.1,"rateTimeout":0.05}')
    .option('--token-seconds <n>', 'lifetime of issued tokens', '300')
    .option('--push-to <url>', 'generic-lims: POST verified results to this webhook URL')
    .option('--push-secret <secret>', 'generic-lims: HMAC secret for the pushed results');
  program.parse(argv);
  const kind = program.args[0] as SimulatorKind;
  if (!SIMULATOR_KINDS.includes(kind)) program.error(`unknown simulator "${kind}": choose one of ${SIMULATOR_KINDS.join(', ')}`);
  const opts = program.opts<{ port: string; host: string; plant: string; faults?: string; tokenSeconds: string; pushTo?: string; pushSecret?: string }>();
  const sim = await startSimulator(kind, {
    catalog: new PlantCatalog(loadPlant(opts.plant)),
    port: Number(opts.port),
    host: opts.host,
    faults: opts.faults,
    tokenSeconds: Number(opts.tokenSeconds),
    ...(opts.pushTo ? { push: { target: opts.pushTo, secret: opts.pushSecret ?? '' } } : {}),
  });
  process.stdout.write(`${kind} simulator at ${sim.url}\ncredentials: ${JSON.stringify(sim.credentials)}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => void sim.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await runSimulatorCli(process.argv);
