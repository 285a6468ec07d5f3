import { createTheme, type MantineColorsTuple } from '@mantine/core';

// A slightly deeper indigo than Mantine's default, so links and primary buttons read as one brand.
const conduit: MantineColorsTuple = [
  '#eef1ff',
  '#dce0fb',
  '#b5bdf0',
  '#8c98e7',
  '#6978df',
  '#5265db',
  '#465bda',
  '#374bc2',
  '#2f42ae',
  '#24389a',
];

export const theme = createTheme({
  primaryColor: 'conduit',
  colors: { conduit },
  primaryShade: 7,
  defaultRadius: 'md',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    Table: {
      defaultProps: { verticalSpacing: 'sm', highlightOnHover: true },
    },
    Modal: {
      defaultProps: { centered: true, overlayProps: { backgroundOpacity: 0.45, blur: 2 } },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } },
    },
    Paper: {
      defaultProps: { withBorder: true, radius: 'md' },
    },
    Card: {
      defaultProps: { withBorder: true, radius: 'md' },
    },
  },
});
