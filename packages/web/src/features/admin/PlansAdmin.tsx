import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Plan, PlanId, PlanPatch } from '@runnel/api';
import { api } from '../../api/client.ts';

const BITRATES = [96, 128, 160, 192, 256, 320, 10000];
const bitrateLabel = (kbps: number) => (kbps >= 10000 ? 'Original quality' : `${kbps} kbps`);

type CountKey = 'skips_per_hour' | 'ad_every_tracks' | 'ad_every_minutes' | 'monthly_listening_hours';
const COUNTS: { key: CountKey; label: string; none: string }[] = [
  { key: 'skips_per_hour', label: 'Skips per hour', none: 'Unlimited' },
  { key: 'ad_every_tracks', label: 'Ad break every … tracks', none: 'Never' },
  { key: 'ad_every_minutes', label: 'Ad break every … minutes', none: 'Never' },
  { key: 'monthly_listening_hours', label: 'Listening hours per month', none: 'Unlimited' },
];

/** What Free and Premium each give, side by side; every change applies to open players at once. */
export function PlansAdmin() {
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
      <h2>Plans</h2>
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
            <th>Highest quality</th>
            {list.map((p) => (
              <td key={p.id}>
                <select aria-label={`${p.name} highest quality`} value={p.max_bitrate} onChange={(e) => set(p, { max_bitrate: Number(e.target.value) })}>
                  {BITRATES.map((c) => (
                    <option key={c} value={c}>
                      {bitrateLabel(c)}
                    </option>
                  ))}
                </select>
              </td>
            ))}
          </tr>
          {(['downloads', 'offline'] as const).map((right) => (
            <tr key={right}>
              <th>{right === 'downloads' ? 'Downloads' : 'Offline playlists'}</th>
              {list.map((p) => (
                <td key={p.id}>
                  <input type="checkbox" aria-label={`${p.name} ${right}`} checked={p[right]} onChange={(e) => set(p, { [right]: e.target.checked })} />
                </td>
              ))}
            </tr>
          ))}
          {COUNTS.map(({ key, label, none }) => (
            <tr key={key}>
              <th>{label}</th>
              {list.map((p) => (
                <td key={p.id}>
                  <input
                    type="number"
                    min={1}
                    placeholder={none}
                    aria-label={`${p.name} ${label}`}
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
      {save.error && <p className="error">{save.error.message}</p>}
    </div>
  );
}
