// The public front page: what Seydam does, how a report gets written, and the prices from the API.
import { A, useSearchParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { Note } from '../../components/Notices';
import { Pricing } from './Pricing';

/** "/" */
export default function Landing() {
  const [params] = useSearchParams();
  return (
    <div class="landing">
      <Show when={params.deleted}>
        <Note>Your account and its reports were deleted.</Note>
      </Show>
      <section class="hero">
        <h1>Referenced reports, written with AI and edited together, live.</h1>
        <p class="lead">
          Give Seydam a topic and what you already know about it. It proposes an outline, your team shapes it together, then
          Seydam writes every section into a shared editor — with real, cited references — while everyone watches it land.
        </p>
        <div class="actions">
          <A href="/signup" class="button">
            Create an account
          </A>
          <A href="/waitlist" class="button-secondary">
            Join the waitlist
          </A>
        </div>
      </section>

      <section aria-labelledby="how">
        <h2 id="how">How it works</h2>
        <ol class="steps">
          <li>
            <h3>Describe the report</h3>
            <p>A topic, your understanding of it, how many references, your guidelines and documents.</p>
          </li>
          <li>
            <h3>Shape the outline together</h3>
            <p>Chapters, sections and notes, edited live by everyone you invite.</p>
          </li>
          <li>
            <h3>Watch it being written</h3>
            <p>Each section streams into the shared document, cited from OpenAlex and Crossref sources.</p>
          </li>
          <li>
            <h3>Refine and export</h3>
            <p>Edit with your team or ask the AI to rework a section, then export to DOCX, PDF, HTML or Markdown.</p>
          </li>
        </ol>
      </section>

      <Pricing />
    </div>
  );
}
