// The bundle's first statement: main.ts imports this before anything else, so the moment the
// bundle starts to run is told apart from the time its other modules take to evaluate.
export const bundleStart = performance.now();
