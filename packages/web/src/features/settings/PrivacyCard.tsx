import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/use-t.ts';

/** Whether the people who follow you see what you play (People, Feed): the 2011 client's "private session". */
export function PrivacyCard() {
  const t = useT();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['social-settings'], queryFn: () => api('GET /me/social-settings') });
  // The box follows the click at once (a read still on its way cannot flip it back); the server's answer settles it.
  const [chosen, choose] = useState<boolean | null>(null);
  const save = useMutation({
    mutationFn: (share: boolean) => api('PUT /me/social-settings', { body: { share_listening: share } }),
    onMutate: () => client.cancelQueries({ queryKey: ['social-settings'] }),
    onSuccess: (saved) => client.setQueryData(['social-settings'], saved),
    onSettled: () => choose(null),
  });
  return (
    <div className="card">
      <h2>{t('privacy.title')}</h2>
      <label className="check">
        <input
          type="checkbox"
          disabled={!settings.isSuccess}
          checked={chosen ?? settings.data?.share_listening ?? true}
          onChange={(e) => {
            choose(e.target.checked);
            save.mutate(e.target.checked);
          }}
        />
        {t('privacy.share')}
      </label>
      <p className="muted">{t('privacy.note')}</p>
    </div>
  );
}
