import { NewRunForm } from '@/components/new-run/new-run-form';

export const metadata = { title: 'New run · lb-web' };

export default function NewRunPage() {
  return (
    <section className="page">
      <h1>New run</h1>
      <p className="muted">
        A PEVA-FAAS configuration with lb&apos;s field names; blank fields take lb&apos;s defaults (shown greyed).
      </p>
      <NewRunForm />
    </section>
  );
}
