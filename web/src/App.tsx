// The routes. Pages load lazily, so the landing page does not carry the dashboard's code; pages that
// need a session sit under RequireAuth.
import { Route, Router } from '@solidjs/router';
import { lazy } from 'solid-js';
import { Layout } from './components/Layout';
import { RequireAuth } from './components/RequireAuth';

const Landing = lazy(() => import('./pages/Landing'));
const Contact = lazy(() => import('./pages/Contact'));
const Waitlist = lazy(() => import('./pages/Waitlist'));
const Terms = lazy(() => import('./pages/Legal/Terms'));
const Privacy = lazy(() => import('./pages/Legal/Privacy'));
const Signup = lazy(() => import('./pages/Signup'));
const VerifySignup = lazy(() => import('./pages/Signup/Verify'));
const Login = lazy(() => import('./pages/Login'));
const Forgot = lazy(() => import('./pages/PasswordReset/Forgot'));
const Reset = lazy(() => import('./pages/PasswordReset/Reset'));
const Dashboard = lazy(() => import('./pages/Dashboard'));
const Profile = lazy(() => import('./pages/Profile'));
const Billing = lazy(() => import('./pages/Billing'));
const Report = lazy(() => import('./pages/Report'));
const Staff = lazy(() => import('./pages/Staff'));
const ShareAccept = lazy(() => import('./pages/Share'));
const NotFound = lazy(() => import('./pages/NotFound'));

/** The whole app. */
export function App() {
  return (
    <Router root={Layout}>
      <Route path="/" component={Landing} />
      <Route path="/contact" component={Contact} />
      <Route path="/waitlist" component={Waitlist} />
      <Route path="/terms" component={Terms} />
      <Route path="/privacy" component={Privacy} />
      <Route path="/signup" component={Signup} />
      <Route path="/signup/verify" component={VerifySignup} />
      <Route path="/login" component={Login} />
      <Route path="/forgot" component={Forgot} />
      <Route path="/reset" component={Reset} />
      <Route path="/share" component={ShareAccept} />
      <Route component={RequireAuth}>
        <Route path="/dashboard" component={Dashboard} />
        <Route path="/profile" component={Profile} />
        <Route path="/billing" component={Billing} />
        <Route path="/reports/:id" component={Report} />
        <Route path="/staff" component={Staff} />
      </Route>
      <Route path="*404" component={NotFound} />
    </Router>
  );
}
