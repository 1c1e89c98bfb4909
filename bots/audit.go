package bots

import (
	"encoding/json"
	"io"
	"os"
	"sync"
	"time"
)

// AuditEntry is one line of the audit log: one question and what became of it.
// It never holds secrets: no tokens, no signatures, no response_url.
type AuditEntry struct {
	Time      time.Time `json:"time"`
	Platform  string    `json:"platform"`
	Workspace string    `json:"workspace,omitempty"`
	Channel   string    `json:"channel,omitempty"`
	User      string    `json:"user"`
	Role      string    `json:"role,omitempty"`
	Question  string    `json:"question,omitempty"`  // as asked, when it did not compile
	Canonical string    `json:"canonical,omitempty"` // the canonical question
	Outcome   string    `json:"outcome"`
	LatencyMS float64   `json:"latency_ms"`
	Rows      int       `json:"rows,omitempty"`
	Withheld  int       `json:"withheld_cells,omitempty"`
	Catalog   int64     `json:"catalog_generation,omitempty"`
	Detail    string    `json:"detail,omitempty"`
	// Action is how the question came when it was not typed: "button:csv",
	// "button:xlsx", "button:all", "button:dossier", "button:share",
	// "button:chart", "modal", "file:csv" (a /files link followed), …
	Action string `json:"action,omitempty"`
	// Delivery is whether the reply reached the platform: "delivered", or
	// "failed: " and the reason.
	Delivery string `json:"delivery,omitempty"`
}

// Deliveries in the audit log.
const DeliveryDelivered = "delivered"

// Outcomes of a question in the audit log.
const (
	OutcomeAnswered     = "answered"
	OutcomeDocument     = "document"
	OutcomeQuestionErr  = "question_error"
	OutcomeRefused      = "refused"
	OutcomeUnknownUser  = "unknown_user"
	OutcomeRateLimited  = "rate_limited"
	OutcomeBusy         = "busy"
	OutcomeNotAvailable = "not_available"
	OutcomeTimeout      = "timeout"
	OutcomeError        = "error"
	OutcomeHelp         = "help"
	OutcomeFetched      = "fetched" // a /files link followed
)

// Audit appends entries as JSON lines. It is safe for concurrent use; a nil
// *Audit discards.
type Audit struct {
	mu  sync.Mutex
	w   io.Writer
	c   io.Closer
	err error
}

// OpenAudit opens (creating) an audit file for appending.
func OpenAudit(path string) (*Audit, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return nil, err
	}
	return &Audit{w: f, c: f}, nil
}

// NewAudit writes entries to w.
func NewAudit(w io.Writer) *Audit { return &Audit{w: w} }

// Record appends one entry, as one write, so that lines never interleave.
func (a *Audit) Record(e AuditEntry) {
	if a == nil || a.w == nil {
		return
	}
	line, err := json.Marshal(e)
	if err != nil {
		return
	}
	line = append(line, '\n')
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.w.Write(line); err != nil && a.err == nil {
		a.err = err
	}
}

// Err returns the first write error, if any.
func (a *Audit) Err() error {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

// Close closes the file, if Audit opened one.
func (a *Audit) Close() error {
	if a == nil || a.c == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.c.Close()
}
