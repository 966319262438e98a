import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MapSnippet } from './MapSnippet';
import { maskIdNumber, maskName, maskPhone } from '../lib/mask';

describe('MapSnippet', () => {
  it('draws the grid polygon and the case point as SVG', () => {
    const { container } = render(
      <MapSnippet map={{
        grid: { code: '99010200100101', name: '春晖社区第1网格', polygon: [[[119.2, 30.1], [119.204, 30.1], [119.204, 30.103], [119.2, 30.103]]] },
        point: { lat: 30.101, lng: 119.202 },
      }} />,
    );
    expect(container.querySelectorAll('[data-testid=grid-ring]')).toHaveLength(1);
    expect(screen.getByTestId('case-point')).toBeInTheDocument();
    expect(screen.getByText(/春晖社区第1网格/)).toBeInTheDocument();
  });

  it('says there is no location when there is neither grid nor point', () => {
    render(<MapSnippet map={{ grid: null, point: null }} />);
    expect(screen.getByText('无位置信息')).toBeInTheDocument();
  });
});

describe('masking', () => {
  it('masks like the server', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskIdNumber('330102199001011234')).toBe('330102********1234');
    expect(maskPhone('138****1234')).toBe('138****1234');
  });
});
