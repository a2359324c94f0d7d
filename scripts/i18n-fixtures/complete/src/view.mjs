const t = (key) => key;
export const words = [t('sidebar.home'), t('queue.count')];
