import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { QuickFind } from './QuickFind';
import { renderWith, user } from '../test/render';

function Where() {
  const location = useLocation();
  return <div data-testid="where">{location.pathname}{location.search}</div>;
}

function renderFind() {
  return renderWith(
    <>
      <QuickFind />
      <Routes><Route path="*" element={<Where />} /></Routes>
    </>,
    { me: user(['Dispatcher']), path: '/dispatch' },
  );
}

describe('QuickFind', () => {
  it("takes a caller's phone to their cases, and empties itself for the next one", () => {
    renderFind();
    const box = screen.getByRole('searchbox', { name: '快速查找案件' });
    fireEvent.change(box, { target: { value: '138-1111-2222' } });
    fireEvent.keyDown(box, { key: 'Enter', code: 'Enter' });
    expect(screen.getByTestId('where')).toHaveTextContent('/cases?phone=138-1111-2222');
    expect(box).toHaveValue('');
  });

  it('opens a tracking number, and Ctrl+K reaches the box from anywhere', () => {
    renderFind();
    const box = screen.getByRole('searchbox', { name: '快速查找案件' });
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    expect(box).toHaveFocus();
    fireEvent.change(box, { target: { value: '2026120400001' } });
    fireEvent.keyDown(box, { key: 'Enter', code: 'Enter' });
    expect(screen.getByTestId('where')).toHaveTextContent('/cases/2026120400001');
  });
});
