import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ToggleButton } from '../../ui/ToggleButton.tsx';
import { setFollowing } from './api.ts';
import { useT } from '../../i18n/use-t.ts';

/** Follow / Following for a person; refreshes the People lists and their profile. */
export function FollowUser({ id, following }: { id: string; following: boolean }) {
  const t = useT();
  const client = useQueryClient();
  const toggle = useMutation({
    mutationFn: (follow: boolean) => setFollowing(id, follow),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: ['people'] }), client.invalidateQueries({ queryKey: ['profile', id] })]),
  });
  const on = toggle.isPending ? toggle.variables : following;
  return <ToggleButton on={on} label={t('people.follow')} onText={t('people.following')} onToggle={(follow) => toggle.mutate(follow)} />;
}
