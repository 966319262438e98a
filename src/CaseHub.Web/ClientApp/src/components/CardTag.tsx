import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** The colours of the three cards (蓝牌/黄牌/红牌), strong enough to read on white. */
export const cardColours: Record<string, string> = { Blue: '#1677ff', Yellow: '#d4a106', Red: '#cf1322' };

export function CardTag({ card }: { card: string | null | undefined }) {
  const { t } = useTranslation();
  if (!card || !(card in cardColours)) return <span aria-label={t('card.none')}>—</span>;
  return (
    <Tag color={cardColours[card]} variant="solid" data-card={card}>
      {t(`card.${card}` as 'card.Blue')}
    </Tag>
  );
}

/** The most severe card in a list (Red over Yellow over Blue). */
export function worstCard(cards: readonly string[] | null | undefined): string | null {
  if (!cards) return null;
  for (const colour of ['Red', 'Yellow', 'Blue']) if (cards.includes(colour)) return colour;
  return null;
}
