export { apparelStore } from './apparel-store.ts';
export { createDemoWorkspace, type DemoWorkspace } from './demo-workspace.ts';
export { fitnessApp } from './fitness-app.ts';
export { type LiveOptions, type LiveTotals, liveMessages, streamLive } from './live.ts';
export { type LoadOptions, type LoadReport, loadDemo } from './load-demo.ts';
export type { Business, Channel, CustomerState, SimCustomer } from './model.ts';
export { type DemoDay, Simulation, type SimulationOptions } from './simulate.ts';
export { type DemoSummary, demoSummary, formatSummary } from './summary.ts';
