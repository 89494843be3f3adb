package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/store"
	"github.com/lumbung-id/lumbung/store/storetest"
)

func TestAccess(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := open(t, dsn)
		k := &store.Key{ID: "00112233aabbccdd", Org: "dinas", Role: "planner", Name: "laptop", Hash: "$argon2id$x"}
		if err := st.CreateKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateKey(ctx, &store.Key{ID: "ffff", Org: "pasar", Role: "viewer", Hash: "h"}); err != nil {
			t.Fatal(err)
		}
		got, err := st.Key(ctx, k.ID)
		if err != nil || got.Org != "dinas" || got.Role != "planner" || got.Hash != k.Hash || !got.Revoked.IsZero() {
			t.Fatalf("Key: got %+v, %v", got, err)
		}
		if ks, err := st.Keys(ctx, "dinas"); err != nil || len(ks) != 1 {
			t.Fatalf("Keys(dinas): got %d, %v, want 1", len(ks), err)
		}
		if ks, err := st.Keys(ctx, ""); err != nil || len(ks) != 2 {
			t.Fatalf("Keys(all): got %d, %v, want 2", len(ks), err)
		}
		if err := st.RevokeKey(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.RevokeKey(ctx, k.ID); !errors.Is(err, store.ErrRevoked) {
			t.Fatalf("second revoke: got %v, want ErrRevoked", err)
		}
		if err := st.RevokeKey(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("revoke unknown: got %v, want ErrNotFound", err)
		}
		if got, _ := st.Key(ctx, k.ID); got.Revoked.IsZero() {
			t.Fatal("revoked key has no revocation time")
		}

		// owners: plans and jobs, and a job's plans are the job's owner's
		old := time.Now().Add(-48 * time.Hour)
		a := record("plan-a", old)
		a.Owner = store.Owner{Org: "dinas", KeyID: k.ID}
		if err := st.SavePlan(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := st.SavePlan(ctx, record("plan-b", time.Now())); err != nil {
			t.Fatal(err)
		}
		if o, err := st.PlanOwner(ctx, "plan-a"); err != nil || o.Org != "dinas" || o.KeyID != k.ID {
			t.Fatalf("PlanOwner: got %+v, %v", o, err)
		}
		if _, err := st.PlanOwner(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("PlanOwner(unknown): got %v", err)
		}
		ps, _, err := st.OrgPlans(ctx, "dinas", 10, "")
		if err != nil || len(ps) != 1 || ps[0].ID != "plan-a" {
			t.Fatalf("OrgPlans(dinas): got %v, %v", ps, err)
		}
		if ps, _, _ := st.OrgPlans(ctx, "pasar", 10, ""); len(ps) != 0 {
			t.Fatalf("OrgPlans(pasar): got %v, want none", ps)
		}
		if ps, _, _ := st.Plans(ctx, 10, ""); len(ps) != 2 {
			t.Fatalf("Plans: got %d, want 2", len(ps))
		}
		j := &store.Job{ID: "job-1", Kind: "plan", Request: []byte(`{}`), Owner: store.Owner{Org: "pasar", KeyID: "ffff"}}
		if err := st.CreateJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		if n, err := st.OrgQueuedJobs(ctx, "pasar"); err != nil || n != 1 {
			t.Fatalf("OrgQueuedJobs(pasar): got %d, %v", n, err)
		}
		if n, _ := st.OrgQueuedJobs(ctx, "dinas"); n != 0 {
			t.Fatalf("OrgQueuedJobs(dinas): got %d, want 0", n)
		}
		c, err := st.Claim(ctx, "w", time.Minute, 3)
		if err != nil || c.Owner.Org != "pasar" {
			t.Fatalf("Claim: got %+v, %v", c, err)
		}
		r := record("plan-c", time.Now())
		r.Owner = store.Owner{Org: "dinas"} // ignored: the job's owner wins
		if err := st.Complete(ctx, c.Claim(), []byte(`{}`), []*store.Record{r}); err != nil {
			t.Fatal(err)
		}
		if o, _ := st.PlanOwner(ctx, "plan-c"); o.Org != "pasar" || o.KeyID != "ffff" {
			t.Fatalf("job's plan owner: got %+v, want pasar/ffff", o)
		}

		// audit: creations, an explicit read, retention deletes; append-only
		if err := st.Audit(ctx, &store.AuditEntry{Org: "dinas", KeyID: k.ID, Action: store.AuditRead, PlanID: "plan-a"}); err != nil {
			t.Fatal(err)
		}
		if n, err := st.DeletePlansBefore(ctx, time.Now().Add(-time.Hour)); err != nil || n != 1 {
			t.Fatalf("DeletePlansBefore: got %d, %v", n, err)
		}
		log, err := st.AuditLog(ctx, "dinas", 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, e := range log {
			if e.PlanID != "plan-a" || e.Org != "dinas" {
				t.Errorf("dinas audit entry for another plan or org: %+v", e)
			}
			acts = append(acts, e.Action)
		}
		if want := []string{"create", "read", "delete"}; len(acts) != 3 || acts[0] != want[0] || acts[1] != want[1] || acts[2] != want[2] {
			t.Fatalf("dinas audit actions: got %v, want %v", acts, want)
		}
		if log[2].KeyID != "retention" {
			t.Errorf("retention delete by %q, want retention", log[2].KeyID)
		}
		if err := st.DeletePlan(ctx, "plan-c", store.Owner{Org: "pasar", KeyID: "ffff"}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Plan(ctx, "plan-c"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleted plan: got %v, want ErrNotFound", err)
		}
		if err := st.DeletePlan(ctx, "plan-c", store.Owner{}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleting it again: got %v, want ErrNotFound", err)
		}
		all, _ := st.AuditLog(ctx, "", 0, 100)
		if len(all) != 6 { // a, b, c created; a read; a deleted; c deleted
			t.Fatalf("whole audit log: got %d entries, want 6", len(all))
		}
		if last := all[5]; last.Action != "delete" || last.PlanID != "plan-c" || last.Org != "pasar" || last.KeyID != "ffff" {
			t.Fatalf("plan-c's deletion: got %+v", last)
		}
		if rest, _ := st.AuditLog(ctx, "", all[3].Seq, 100); len(rest) != 2 {
			t.Fatalf("audit after seq %d: got %d entries, want 2", all[3].Seq, len(rest))
		}
		if err := store.TamperAudit(ctx, st); err == nil {
			t.Fatal("an audit entry could be changed or deleted")
		}
	})
}
