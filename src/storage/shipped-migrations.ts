import type { Dialect } from './migrations.ts';

/**
 * The SHA-256 (`migrationChecksum`) of every migration that has shipped, per dialect. Databases out
 * there ran these texts, and the runner refuses to start on one whose files no longer match what it
 * recorded, so `shipped-migrations.test.ts` fails when a file here changes.
 *
 * Add a line for each new migration (the test names it and its checksum). Never change or remove an
 * existing line: stopping that is what this list is for. A fix to a shipped migration is a new migration.
 */
export const SHIPPED_MIGRATIONS: Record<Dialect, Record<string, string>> = {
  sqlite: {
    '001_foundation': '7b0c7340235475aac98747fc0c37f24578ece03a45682733e6c84957a1776446',
    '002_lifecycle': 'd96873580ca4530aa94de56e68aec2b0a84b1448f909dcb27baea2e856b1f87a',
    '003_analytics': 'c7e40b8a6e420b84bd15b895f5c43b116a972552120ed45345277698e7ac049c',
    '004_active_periods': '54e74c895d669334add07ec263bc385b95d120f4302b9a577aaf910af17e360c',
    '005_active_days': '2c1a75c42401f6d9df0ed86bdcfed215147b6f275b01b51f23eebc3e02a7b065',
    '006_customer_log_index': '7c8bb9ff726f2260ca97821aba63049670b403a304517d2635c6191215eb0382',
    '007_stage_counts': 'ec1a6d92d6560533c724ee33a3109013e7315b1b734634473f0000418e1a8603',
    '008_jobs': '9186f91a0a44ec2e7fad5280069388a1f93f34e894dc6f780c95430e7b1f81fc',
    '009_pre_1970_periods': '841e65bba146e74c2cfc141628f4faad1b6ce492530874ecf07b7033606a62ab',
    '012_journeys': 'adaefc36a1a13ff58009fdac3fdd27b9798e19d9797d98c9e016e9613035a220',
    '014_messaging': 'c93b761c30e699665063514e909600ac39fe9ab80fdbbeec1c79e50b0797b548',
    '013_templates': 'e614545f16cd2397b298f0e0ffaaee3053801073da311430558c2d0773d9cec6',
    '015_users': 'fc290bb4867f637c05f66e5036e1d44e655827bd6bf7e7d542c3b14a744bb136',
    '016_customer_stage_order': '9553d786cc6e34fa00adf49eb9ec15e289dd21c40aa53e3a840a1fc3b5a76e39',
    '017_jobs_by_kind': 'fc885c9289f52c8b85ee335d31190cdaca9a8af102ab635dd6d65dd7bc02db6e',
    '018_entries_at_node': '1adba6075506678d50a7f9618cee143c9ef4ba571baa54b40a9ffc995245de1a',
  },
  postgres: {
    '001_foundation': '867ff8819137a0193984021e24409435c4475bc4440dbda6f3f3646dee0eeb80',
    '002_lifecycle': '9ec7249830169c7bdfddb572961cede249713994f35e59f064cd976c615ae17b',
    '003_analytics': '07ed0ad5999997df17e298cd88dd68643dade0327d553264f1c5a689846c9d7e',
    '004_active_periods': '1f9622e74dd3cbc0c1fdbc16dcaf4da83672c3e8eeafbb8857400d3d850eef08',
    '005_active_days': '0389e26a319cb2782bb9ab0a6bfc205ad170b39614b4005cbeabcaba72f25717',
    '006_customer_log_index': '44fb8cb2a5e88a712c6e1e81e6b01042effb5458dee8115e2e055abc25425a5a',
    '007_stage_counts': '7cffc9b82fcd4afaf89e14c81940ce938d4180d83110216e1a3b9b5d65ff176f',
    '008_jobs': '242266500b029810d0f8e3784756016e193879e704d4d2cb360e0b5da0e70d2a',
    '009_pre_1970_periods': 'c83362e05547f00c6f8121f63609cefb5ae140dac0219af86ff5d57da776521e',
    '012_journeys': '6c223fb6dd64bf3918a9f732a06282d27fcc0eb4f603acce52f73b3f5be3d2a1',
    '014_messaging': 'd8517f1fbd7b0cd333a42ac46288a1605639a874449c63dc10ae2eebca47642a',
    '013_templates': 'e7ea479b5aefd5dfcf6d846eb1f07ae464f4012317befecc2b51463ff7d435bb',
    '015_users': '41492427c9275d314926acfea0932f8ef108b9c8d8b1ce7af97578eed6292af9',
    '016_customer_stage_order': '389ffde6fbd934c282b9ccb85809a20b21129b714a2565e43cca08fb02518fbe',
    '017_jobs_by_kind': 'd753a5bda5d29d981ab55d6079657b344d5a9312ebd8728a40818f2be65c813d',
    '018_entries_at_node': '912e767f79e61aa7e1bbf8a88f9d737e616456320de499a4903f7e6770f9c34d',
  },
};

/**
 * SQLite's migrations as they were numbered before both dialects gave each change the same number; the
 * runner renumbers a database's rows by name (see `planMigrations`). Kept to build such a database in tests.
 */
export const OLD_SQLITE_NUMBERS = [
  '001_foundation',
  '002_lifecycle',
  '003_customer_log_index',
  '004_analytics',
  '005_active_periods',
  '006_active_days',
] as const;
