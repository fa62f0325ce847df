// A vendor read whose 404 means "no such lot / order / sample" rather than a failure: the
// adapters answer undefined, as the ports promise; every other error still throws.
import { AdapterError } from './adapter-error';

export async function ifFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof AdapterError && err.httpStatus === 404) return undefined;
    throw err;
  }
}
