import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { CardAssigned, Device } from '@runnel/api';
import { api } from '../../api/client.ts';
import { live } from '../../api/live-instance.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';
import './devices.css';

type Step = { kind: 'idle' } | { kind: 'waiting'; box: Device } | { kind: 'done'; box: Device; code: string } | { kind: 'failed'; message: string };

/**
 * "Put on a card": the next card the user's Runnel Box reads plays this album, playlist or
 * artist from then on (tapping it again pauses and resumes). Shown only when a box is online.
 */
export function CardButton({ uri, name }: { uri: string; name: string }) {
  const t = useT();
  const devices = useQuery({ queryKey: ['devices'], queryFn: () => api('GET /me/player/devices'), staleTime: 30_000 });
  const boxes = (devices.data?.devices ?? []).filter((d) => d.type === 'box');
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  useEffect(() => {
    if (step.kind !== 'waiting') return;
    const off = live.on('device.card.assigned', (message) => {
      const assigned = message.data as CardAssigned;
      if (assigned.device_id === step.box.id && assigned.uri === uri) setStep({ kind: 'done', box: step.box, code: assigned.code });
    });
    // The box waits 60 s for the card.
    const timer = setTimeout(() => setStep({ kind: 'failed', message: t('card.timeout') }), 60_000);
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [step, uri, t]);
  if (!boxes.length) return null;
  const learn = (box: Device) =>
    api('POST /me/player/devices/:id/cards/learn', { params: { id: box.id }, body: { uri } }).then(
      () => setStep({ kind: 'waiting', box }),
      (e: Error) => setStep({ kind: 'failed', message: errorText(e, 'card.failed') }),
    );
  const cancel = (box: Device) => {
    setStep({ kind: 'idle' });
    void api('DELETE /me/player/devices/:id/cards/learn', { params: { id: box.id } }).catch(() => {});
  };
  return (
    <>
      {boxes.map((box) => (
        <button key={box.id} onClick={() => void learn(box)} disabled={step.kind === 'waiting'}>
          {t('card.put', { several: boxes.length > 1 ? 'yes' : 'no', box: box.name })}
        </button>
      ))}
      {step.kind !== 'idle' && (
        <p className="card-step" role="status">
          {step.kind === 'waiting' && (
            <>
              {t('card.tapNow', { box: step.box.name, name })}{' '}
              <button className="link" onClick={() => cancel(step.box)}>
                {t('common.cancel')}
              </button>
            </>
          )}
          {step.kind === 'done' && t('card.done', { code: step.code, name, box: step.box.name })}
          {step.kind === 'failed' && step.message}
        </p>
      )}
    </>
  );
}
