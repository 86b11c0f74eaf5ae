// The privacy notice: what is stored, why, and who else sees it.
import { A } from '@solidjs/router';

/** "/privacy" */
export default function Privacy() {
  return (
    <article class="narrow prose">
      <h1>Privacy</h1>
      <h2>What we store</h2>
      <ul>
        <li>Your name, email address and a salted hash of your password (never the password itself).</li>
        <li>The reports you create or are invited to, with their outlines, text, references and history.</li>
        <li>Your credits, payments (amount and status — card details stay with Stripe) and AI token usage.</li>
        <li>Messages you send through the contact form, and your email if you join the waitlist.</li>
      </ul>
      <h2>Cookies</h2>
      <p>
        One cookie keeps you signed in. It is HttpOnly, sent only to Seydam, and ends when you log out. There are no
        advertising or tracking cookies.
      </p>
      <h2>Who else sees your data</h2>
      <ul>
        <li>Stripe processes payments.</li>
        <li>The AI model provider receives the text needed to write or edit your report.</li>
        <li>OpenAlex and Crossref receive search terms drawn from your topic, to find references.</li>
        <li>Google, only if you choose to sign in with Google.</li>
      </ul>
      <h2>Your choices</h2>
      <p>
        You can change your name and password, revoke API tokens, and delete your account from your profile. To ask
        anything else, use the <A href="/contact">contact form</A>.
      </p>
    </article>
  );
}
