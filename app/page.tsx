export default function Home() {
  return (
    <section>
      <h1>lb-web</h1>
      <p>PEVA-FAAS benchmark dashboard.</p>
    </section>
  );
}
