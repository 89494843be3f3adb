package store

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// Sentinel errors, for errors.Is.
var (
	// ErrNotFound: no plan or job with that ID.
	ErrNotFound = errors.New("store: not found")
	// ErrNoJob: no job is waiting to be claimed.
	ErrNoJob = errors.New("store: no job to claim")
	// ErrLeaseLost: the job is no longer held by this claim (its lease
	// expired and another worker took it, or it was cancelled); whatever
	// the claim computed must be dropped.
	ErrLeaseLost = errors.New("store: job lease lost")
	// ErrFinished: the job already reached a final state.
	ErrFinished = errors.New("store: job already finished")
	// ErrBadCursor: a list cursor this store did not issue.
	ErrBadCursor = errors.New("store: bad cursor")
)

// Store persists plans and solve jobs. Every write is one transaction: a
// plan is stored whole (with its shipments and layers) or not at all, and a
// job's result is stored together with the plans it made, once.
type Store interface {
	// SavePlan stores a plan with its scenario and map layers.
	SavePlan(ctx context.Context, r *Record) error
	// Plan returns a stored plan, or ErrNotFound.
	Plan(ctx context.Context, id string) (*plan.Plan, error)
	// Layers returns a stored plan's map layers, or ErrNotFound.
	Layers(ctx context.Context, id string) (*Layers, error)
	// Plans lists stored plans, newest first, a page at a time: pass the
	// returned cursor to get the next page ("" when there is none).
	Plans(ctx context.Context, limit int, cursor string) ([]PlanInfo, string, error)
	// OrgPlans lists an organisation's plans as Plans lists them all.
	OrgPlans(ctx context.Context, org string, limit int, cursor string) ([]PlanInfo, string, error)
	// PlanOwner returns who made a plan, or ErrNotFound.
	PlanOwner(ctx context.Context, id string) (Owner, error)
	// DeletePlansBefore deletes plans created before t and says how many;
	// the audit log records each deletion.
	DeletePlansBefore(ctx context.Context, t time.Time) (int, error)
	// DeletePlan deletes a plan (ErrNotFound if there is none) and
	// records the deletion, by whom, in the audit log.
	DeletePlan(ctx context.Context, id string, by Owner) error
	// DeleteJobsBefore deletes finished jobs (done, failed, cancelled)
	// that finished before t and says how many; live jobs stay.
	DeleteJobsBefore(ctx context.Context, t time.Time) (int, error)

	// CreateJob queues a job; j.ID, j.Kind and j.Request must be set.
	CreateJob(ctx context.Context, j *Job) error
	// Job returns a job, or ErrNotFound.
	Job(ctx context.Context, id string) (*Job, error)
	// QueuedJobs counts jobs queued or running.
	QueuedJobs(ctx context.Context) (int, error)
	// OrgQueuedJobs counts an organisation's jobs queued or running.
	OrgQueuedJobs(ctx context.Context, org string) (int, error)
	// JobOwner returns who queued a job, or ErrNotFound.
	JobOwner(ctx context.Context, id string) (Owner, error)
	// Claim takes the oldest queued job, or a running job whose lease
	// expired (its worker died), for worker until now+lease. A job already
	// claimed maxAttempts times fails instead. ErrNoJob when none waits.
	Claim(ctx context.Context, worker string, lease time.Duration, maxAttempts int) (*Job, error)
	// Start records the start of a job's attempt-th run, for a queue
	// that hands out runs itself (River); see the SQL store's Start.
	Start(ctx context.Context, id string, attempt int, worker string, lease time.Duration) (*Job, error)
	// Heartbeat records progress and extends the lease of a claim. It
	// returns ErrLeaseLost when the claim no longer holds the job
	// (cancelled, or taken over after its lease expired).
	Heartbeat(ctx context.Context, c Claim, p Progress, lease time.Duration) error
	// Complete stores a claim's result and the plans it made, and marks the
	// job done, in one transaction; ErrLeaseLost (and nothing stored) when
	// the claim no longer holds the job.
	Complete(ctx context.Context, c Claim, result json.RawMessage, plans []*Record) error
	// Release returns a claimed job to the queue, for a runner that stops
	// before finishing it (shutdown): another takes it at once rather
	// than after the lease. ErrLeaseLost if the claim no longer holds it.
	Release(ctx context.Context, c Claim) error
	// Fail marks a claimed job failed with a problem (JSON).
	Fail(ctx context.Context, c Claim, problem json.RawMessage) error
	// Cancel cancels a queued or running job; ErrFinished if it had
	// already finished (the job is returned either way).
	Cancel(ctx context.Context, id string) (*Job, error)
	// RequeueOrphans, on PostgreSQL, gives a new River job to each live
	// job that River can no longer start, and says how many; see the SQL
	// store's. Elsewhere it does nothing.
	RequeueOrphans(ctx context.Context) (int, error)

	// CreateKey stores an API key; k.ID, Org, Role and Hash must be set.
	CreateKey(ctx context.Context, k *Key) error
	// Key returns an API key (revoked ones too), or ErrNotFound.
	Key(ctx context.Context, id string) (*Key, error)
	// Keys lists an organisation's keys ("": every organisation's).
	Keys(ctx context.Context, org string) ([]Key, error)
	// RevokeKey revokes a key for good: ErrNotFound, ErrRevoked.
	RevokeKey(ctx context.Context, id string) error
	// Audit appends an entry to the audit log (SavePlan and
	// DeletePlansBefore append theirs in their own transactions).
	Audit(ctx context.Context, e *AuditEntry) error
	// AuditLog lists an organisation's audit entries ("": every
	// organisation's) after sequence number after, oldest first.
	AuditLog(ctx context.Context, org string, after int64, limit int) ([]AuditEntry, error)

	Close() error
}

// Record is a plan as stored: the plan, the scenario it was asked for, and
// its map layers.
type Record struct {
	Plan     *plan.Plan
	Scenario json.RawMessage // JSON; empty means the defaults ({})
	Layers   *Layers
	Owner    Owner // a job's plans belong to the job's owner, whatever this says
}

// PlanInfo is a stored plan's listing entry: its ID, name and key figures.
type PlanInfo struct {
	ID               string    `json:"id"`
	Name             string    `json:"name"`
	Created          time.Time `json:"created"`
	Start            string    `json:"start"`
	HorizonDays      int       `json:"horizon_days"`
	LogisticsCostIDR float64   `json:"logistics_cost_idr"`
	TonnesDelivered  float64   `json:"tonnes_delivered"`
	UnmetTonnes      float64   `json:"unmet_tonnes"`
	Trucks           int       `json:"trucks"`
	SavingsPct       float64   `json:"savings_pct"`
}

// Layers are a plan's map layers: lanes (a route shared by shipments), the
// ports crossed and the buyers served. Coordinates are lon/lat (EPSG:4326).
type Layers struct {
	Lanes  []Lane
	Ports  []Place
	Buyers []Place
}

// Lane is shipments that share a route (origin cluster, crossing, buyer and
// vehicle class), totalled over the plan.
type Lane struct {
	OriginCluster string
	Crossing      string
	Buyer         string
	Vehicle       string
	Tonnes        float64
	Trucks        int
	CostIDR       float64
	Days          int                // days with a shipment on the lane
	Commodities   map[string]float64 // tonnes by commodity
	Route         orb.LineString
}

// Place is a port or a buyer with the plan's tonnes and trucks through it.
type Place struct {
	ID     string
	Name   string
	Tonnes float64
	Trucks int
	Point  orb.Point
}

// State is a job's state.
type State string

// Job states. Queued and running jobs are live; the others are final.
const (
	Queued    State = "queued"
	Running   State = "running"
	Done      State = "done"
	Failed    State = "failed"
	Cancelled State = "cancelled"
)

// Final reports whether a job in state s will not change any more.
func (s State) Final() bool { return s == Done || s == Failed || s == Cancelled }

// Job is a solve run in the background.
type Job struct {
	ID       string
	Kind     string
	State    State
	Request  json.RawMessage
	Created  time.Time
	Started  time.Time // zero until claimed; the latest claim's start
	Finished time.Time // zero until final
	Attempt  int       // claims so far
	Worker   string    // the latest claimant
	Lease    time.Time // the claim holds the job until then
	Progress Progress
	Error    json.RawMessage // a problem (RFC 9457) when failed
	Result   json.RawMessage // when done
	PlanIDs  []string        // plans the job stored
	Owner    Owner
}

// Claim identifies one claim of a job: the job and the attempt.
type Claim struct {
	JobID   string
	Attempt int
	Worker  string
}

// Claim returns the job's current claim.
func (j *Job) Claim() Claim { return Claim{JobID: j.ID, Attempt: j.Attempt, Worker: j.Worker} }

// Progress is how far a running job is: a stage name and the fraction of
// the whole job done (0 to 1).
type Progress struct {
	Stage    string  `json:"stage"`
	Fraction float64 `json:"fraction"`
}

// Open opens the store a DSN names: postgres:// or postgresql:// URLs open
// PostgreSQL, anything else is a SQLite file path (":memory:" for a
// throwaway in-memory database). Migrations run on open.
func Open(ctx context.Context, dsn string) (Store, error) {
	if IsPostgres(dsn) {
		return OpenPostgres(ctx, dsn)
	}
	return OpenSQLite(ctx, dsn)
}

// IsPostgres reports whether dsn names a PostgreSQL database (Open opens
// it with OpenPostgres).
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}
