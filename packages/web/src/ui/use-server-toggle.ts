import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';

/**
 * A yes/no the server keeps (saved, followed): read once, flipped at once on click, then
 * settled by the server's state; `refresh` names the lists that show it.
 */
export function useServerToggle(key: QueryKey, read: () => Promise<boolean>, write: (on: boolean) => Promise<unknown>, refresh: QueryKey[]) {
  const client = useQueryClient();
  const state = useQuery({ queryKey: key, queryFn: read });
  const toggle = useMutation({
    mutationFn: write,
    // A read still on its way must not flip the button back.
    onMutate: async (on: boolean) => {
      await client.cancelQueries({ queryKey: key });
      client.setQueryData(key, on);
    },
    onSettled: () => Promise.all([key, ...refresh].map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
  return { on: state.data === true, ready: state.isSuccess, set: (on: boolean) => toggle.mutate(on) };
}
