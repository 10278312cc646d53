import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  AnalyticsSettingsSchema,
  AnalyticsSettingsViewSchema,
  analyticsSettings,
  analyticsSettingsView,
  describeKpis,
  jsonOrCsv,
  KpiCatalogSchema,
  KpiQuerySchema,
  KpiReportSchema,
  kpiCsv,
  kpiReport,
  OverviewQuerySchema,
  OverviewSchema,
  overviewReport,
  rangeOf,
  selectKpis,
  validateAnalyticsSettings,
} from '../../analytics/index.ts';
import type { Clock } from '../../core/index.ts';
import { AppError } from '../../core/index.ts';
import type { Store } from '../../storage/index.ts';
import { errorResponses } from '../error-responses.ts';
import { sendCsv } from './send-csv.ts';

/**
 * The KPI catalog and its values per period, the stage KPI overview, and the workspace's analytics
 * settings (the events and thresholds the definitions use).
 */
export async function kpiRoutes(app: FastifyInstance, deps: { store: Store; clock: Clock }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, clock } = deps;
  const tags = ['analytics'];
  const settingsOf = async (workspaceId: number) =>
    analyticsSettings((await store.workspaces.get(workspaceId))?.settings.analytics);

  api.get(
    '/analytics/kpis/catalog',
    {
      schema: {
        tags,
        summary: 'Every KPI with its formula and the events it reads, under the workspace settings',
        response: { 200: KpiCatalogSchema },
      },
    },
    async (request) => ({ items: describeKpis(await settingsOf(request.workspace.id)) }),
  );

  api.get(
    '/analytics/kpis',
    {
      schema: {
        tags,
        summary: 'KPI values over a range and per day, week or month (?format=csv: a table)',
        querystring: KpiQuerySchema,
        // The CSV form is text; the JSON form is described (and serialized) by the schema.
        response: { 200: jsonOrCsv(KpiReportSchema) },
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const report = await kpiReport(
        store,
        request.workspace.id,
        { ...rangeOf(request.query, now), now },
        selectKpis(request.query),
      );
      if (request.query.format === 'csv') {
        return sendCsv(reply, kpiCsv(report.items));
      }
      return report;
    },
  );

  api.get(
    '/analytics/overview',
    {
      schema: {
        tags,
        summary:
          'Stage KPI overview: customers per stage, entries, exits and conversion, with the headline KPIs',
        querystring: OverviewQuerySchema,
        response: { 200: OverviewSchema },
      },
    },
    async (request) => {
      const now = clock.now();
      return overviewReport(store, request.workspace.id, { ...rangeOf(request.query, now), now });
    },
  );

  api.get(
    '/settings/analytics',
    {
      schema: {
        tags,
        summary: "The workspace's analytics settings, and the defaults",
        response: { 200: AnalyticsSettingsViewSchema },
      },
    },
    // Read afresh: the workspace on the request may be a few seconds old (authentication caches it).
    async (request) =>
      analyticsSettingsView((await store.workspaces.get(request.workspace.id))?.settings.analytics),
  );

  api.put(
    '/settings/analytics',
    {
      schema: {
        tags,
        summary:
          'Replace the analytics settings (event names, windows, thresholds); absent fields take the defaults',
        body: AnalyticsSettingsSchema,
        response: { 200: AnalyticsSettingsViewSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      // The schema checked each field; the settings also constrain each other (csatSatisfiedMin <= csatScaleMax).
      const issues = validateAnalyticsSettings(request.body);
      if (issues.length > 0) {
        const first = issues[0]!;
        throw new AppError('bad_request', `invalid analytics settings: ${first.path}: ${first.message}`, {
          issues,
        });
      }
      const workspace = await store.workspaces.get(request.workspace.id);
      if (!workspace) throw new AppError('not_found', 'workspace not found');
      const settings = request.body;
      await store.workspaces.updateSettings(workspace.id, { ...workspace.settings, analytics: settings });
      return analyticsSettingsView(settings);
    },
  );
}
