import { AuthView } from '../features/auth/AuthView.tsx';
import { LanguageProvider } from '../i18n/LanguageProvider.tsx';
import { useT } from '../i18n/use-t.ts';
import { useSession } from './session.ts';
import { Shell } from './Shell.tsx';

/** Signed out: the sign-in (or first-run) view. Signed in: the player. Both in the user's language. */
export function App() {
  const session = useSession();
  return (
    <LanguageProvider choice={session.data?.me?.language}>
      <Screen session={session} />
    </LanguageProvider>
  );
}

function Screen({ session }: { session: ReturnType<typeof useSession> }) {
  const t = useT();
  if (session.isPending) return <div className="splash" aria-busy="true" />;
  if (session.isError) {
    return (
      <main className="auth">
        <p className="error" role="alert">
          {t('app.unreachable')} <button onClick={() => session.refetch()}>{t('common.tryAgain')}</button>
        </p>
      </main>
    );
  }
  const { me, needsSetup } = session.data;
  if (!me) return <AuthView setup={needsSetup} />;
  return <Shell me={me} />;
}
