import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ToggleButton } from '../../ui/ToggleButton.tsx';
import { setFollowing } from './api.ts';

/** Follow / Following for a person; refreshes the People lists and their profile. */
export function FollowUser({ id, following }: { id: string; following: boolean }) {
  const client = useQueryClient();
  const toggle = useMutation({
    mutationFn: (follow: boolean) => setFollowing(id, follow),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: ['people'] }), client.invalidateQueries({ queryKey: ['profile', id] })]),
  });
  const on = toggle.isPending ? toggle.variables : following;
  return <ToggleButton on={on} label="Follow" onText="Following" onToggle={(follow) => toggle.mutate(follow)} />;
}
