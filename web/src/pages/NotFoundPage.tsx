import { NotFoundState } from '../components/common';

export default function NotFoundPage() {
  return <NotFoundState />;
}
