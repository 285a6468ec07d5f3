import { Center, Loader } from '@mantine/core';

export function FullPageLoader({ label = 'Loading Conduit' }: { label?: string }) {
  return (
    <Center h="100vh" aria-label={label} role="status">
      <Loader />
    </Center>
  );
}
