import { AuthView } from '../features/auth/AuthView.tsx';
import { useSession } from './session.ts';
import { Shell } from './Shell.tsx';

/** Signed out: the sign-in (or first-run) view. Signed in: the player. */
export function App() {
  const session = useSession();
  if (session.isPending) return <div className="splash" aria-busy="true" />;
  if (session.isError) {
    return (
      <main className="auth">
        <p className="error" role="alert">
          Runnel could not be reached. <button onClick={() => session.refetch()}>Try again</button>
        </p>
      </main>
    );
  }
  const { me, needsSetup } = session.data;
  if (!me) return <AuthView setup={needsSetup} />;
  return <Shell me={me} />;
}
