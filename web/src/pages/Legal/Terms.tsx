// The terms of use, in plain words.
import { A } from '@solidjs/router';

/** "/terms" */
export default function Terms() {
  return (
    <article class="narrow prose">
      <h1>Terms of use</h1>
      <p>These terms describe how Seydam may be used. By creating an account you accept them.</p>
      <h2>Your account</h2>
      <p>
        Keep your password and API tokens to yourself; anything done with them counts as done by you. You can delete your
        account at any time from your profile, which removes your reports, folders and credits.
      </p>
      <h2>Your reports</h2>
      <p>
        What you write and what Seydam writes for you is yours. People you invite to a report can read it, and editors can
        change it; you can remove them at any time. Text written by AI can be wrong: check facts and references before you
        rely on them.
      </p>
      <h2>Credits and payments</h2>
      <p>
        Writing a report costs credits. Credits are bought in packs through Stripe, never expire, and are charged only for
        the sections that were written. Refunded payments take their credits back, even when they were already spent.
      </p>
      <h2>Fair use</h2>
      <p>
        Do not use Seydam to break the law, to harass anyone, or to overload the service. We may suspend accounts that do.
      </p>
      <h2>Questions</h2>
      <p>
        Write to us through the <A href="/contact">contact form</A>.
      </p>
    </article>
  );
}
