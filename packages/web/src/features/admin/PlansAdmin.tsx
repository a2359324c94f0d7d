import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Plan, PlanId, PlanPatch } from '@runnel/api';
import { api } from '../../api/client.ts';
import type { MessageKey } from '../../i18n/languages.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';

const BITRATES = [96, 128, 160, 192, 256, 320, 10000];

type CountKey = 'skips_per_hour' | 'ad_every_tracks' | 'ad_every_minutes' | 'monthly_listening_hours';
const COUNTS: { key: CountKey; label: MessageKey; none: MessageKey }[] = [
  { key: 'skips_per_hour', label: 'plans.skips', none: 'plans.unlimited' },
  { key: 'ad_every_tracks', label: 'plans.adTracks', none: 'plans.never' },
  { key: 'ad_every_minutes', label: 'plans.adMinutes', none: 'plans.never' },
  { key: 'monthly_listening_hours', label: 'plans.hours', none: 'plans.unlimited' },
];

/** What Free and Premium each give, side by side; every change applies to open players at once. */
export function PlansAdmin() {
  const t = useT();
  const client = useQueryClient();
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => api('GET /plans') });
  const save = useMutation({
    mutationFn: ({ id, body }: { id: PlanId; body: PlanPatch }) => api('PATCH /admin/plans/:id', { params: { id }, body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['plans'] }),
  });
  const list = plans.data?.plans ?? [];
  const set = (plan: Plan, body: PlanPatch) => save.mutate({ id: plan.id, body });
  return (
    <div className="card wide">
      <h2>{t('plans.title')}</h2>
      <table className="admin-plans">
        <thead>
          <tr>
            <th />
            {list.map((p) => (
              <th key={p.id}>{p.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>{t('plans.highest')}</th>
            {list.map((p) => (
              <td key={p.id}>
                <select
                  aria-label={t('plans.highestOf', { plan: p.name })}
                  value={p.max_bitrate}
                  onChange={(e) => set(p, { max_bitrate: Number(e.target.value) })}
                >
                  {BITRATES.map((c) => (
                    <option key={c} value={c}>
                      {t('plans.bitrate', { kbps: c >= 10000 ? 'original' : String(c) })}
                    </option>
                  ))}
                </select>
              </td>
            ))}
          </tr>
          {(['downloads', 'offline'] as const).map((right) => (
            <tr key={right}>
              <th>{right === 'downloads' ? t('nav.downloads') : t('plans.offline')}</th>
              {list.map((p) => (
                <td key={p.id}>
                  <input
                    type="checkbox"
                    aria-label={`${p.name} ${right === 'downloads' ? t('nav.downloads') : t('plans.offline')}`}
                    checked={p[right]}
                    onChange={(e) => set(p, { [right]: e.target.checked })}
                  />
                </td>
              ))}
            </tr>
          ))}
          {COUNTS.map(({ key, label, none }) => (
            <tr key={key}>
              <th>{t(label)}</th>
              {list.map((p) => (
                <td key={p.id}>
                  <input
                    type="number"
                    min={1}
                    placeholder={t(none)}
                    aria-label={`${p.name} ${t(label)}`}
                    defaultValue={p[key] ?? ''}
                    key={`${p.updated_at}-${key}`}
                    onBlur={(e) => {
                      const value = e.target.value === '' ? null : Math.max(1, Math.round(Number(e.target.value)));
                      if (value !== p[key]) set(p, { [key]: value });
                    }}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {save.error && <p className="error">{errorText(save.error, 'admin.failed')}</p>}
    </div>
  );
}
