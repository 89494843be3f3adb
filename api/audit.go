package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"
)

// Audit log pages: GET /v1/audit?after=SEQ&limit=N.
const (
	DefaultAuditPage = 100
	MaxAuditPage     = 1000
)

// auditLog answers GET /v1/audit: the caller's organisation's audit
// entries after sequence number after, oldest first (with access control
// off, everyone's).
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit := DefaultAuditPage
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxAuditPage {
			return invalid("limit", "want an integer from 1 to %d, got %q", MaxAuditPage, v)
		}
		limit = n
	}
	var after int64
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return invalid("after", "want the seq of the last entry seen (an integer ≥ 0), got %q", v)
		}
		after = n
	}
	es, err := s.store.AuditLog(r.Context(), ownerOf(r.Context()).Org, after, limit)
	if err != nil {
		return err
	}
	out := map[string]any{"entries": es, "next": nil}
	if len(es) == limit {
		out["next"] = fmt.Sprintf("/v1/audit?after=%d&limit=%d", es[len(es)-1].Seq, limit)
	}
	writeJSON(w, http.StatusOK, "application/json", out)
	return nil
}

// listKeys answers GET /v1/keys: the caller's organisation's API keys
// (never their tokens or hashes); keys are made and revoked with
// lumbung keys.
func (s *Server) listKeys(w http.ResponseWriter, r *http.Request) error {
	ks, err := s.store.Keys(r.Context(), ownerOf(r.Context()).Org)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]any{"keys": ks})
	return nil
}

// deletePlan answers DELETE /v1/plans/{id}: the plan and its rows go, and
// the audit log records who deleted it.
func (s *Server) deletePlan(w http.ResponseWriter, r *http.Request) error {
	id := mux.Vars(r)["id"]
	if err := s.store.DeletePlan(r.Context(), id, ownerOf(r.Context())); err != nil {
		return storeError(err, "plan", id)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
