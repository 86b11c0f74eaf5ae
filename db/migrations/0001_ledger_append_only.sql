-- The credit ledger is append-only: a balance is the sum of its rows, so editing an amount would
-- silently rewrite history. Only the nullable links (report, payment, staff author) may be cleared,
-- which is what ON DELETE SET NULL does when those rows go; rows leave only with their user.
CREATE OR REPLACE FUNCTION credit_ledger_refuse_update() RETURNS trigger AS $$
BEGIN
  IF NEW.delta IS DISTINCT FROM OLD.delta
     OR NEW.user_id IS DISTINCT FROM OLD.user_id
     OR NEW.reason IS DISTINCT FROM OLD.reason
     OR NEW.idempotency_key IS DISTINCT FROM OLD.idempotency_key
     OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'credit_ledger is append-only';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER credit_ledger_no_update BEFORE UPDATE ON credit_ledger
  FOR EACH ROW EXECUTE FUNCTION credit_ledger_refuse_update();
