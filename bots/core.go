package bots

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/internal/ask"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
)

// The chat core shared by Slack and Teams: message → question → plan →
// result (or document) → a Reply that each platform renders.

// Message is a question sent to the bot, whatever the platform.
type Message struct {
	Who  Who
	Text string // as typed, mentions and markup included
	// lang, when set, is the language of the reply whatever the text says:
	// a button names a canonical question (English words) and the language
	// of the answer it came from.
	lang question.Lang
	// await: the caller reports the delivery of the reply (turn.delivered),
	// and the audit line is written then, with it. Immediate replies of
	// begin come back with their turn, to report it too.
	await bool
	// action is how the question came, for the audit: "" (typed), or
	// "button:csv", "modal", …
	action string
}

// Kind is what a reply carries.
type Kind int

// Kinds of reply.
const (
	KindAnswer       Kind = iota // Result
	KindHelp                     // Result (the engine's help table) and examples
	KindDocument                 // a dossier or fact sheet to generate (Plan), then Document
	KindQuestionErr              // Text and Code (the question with a caret)
	KindRefused                  // Text: the policy does not allow it
	KindUnknownUser              // Text: the policy does not know the asker
	KindNotAvailable             // Text
	KindRateLimited              // Text
	KindBusy                     // Text
	KindError                    // Text
)

// Reply is the platform-neutral answer to a message.
type Reply struct {
	Kind     Kind
	Lang     question.Lang
	Role     answer.Role
	Question string // the question as understood (normalised text)
	Plan     question.Plan
	Result   *answer.Result
	Document *Document
	Text     string
	Code     string
	// Link, when set, is a signed link the reply offers: the document of a
	// KindAnswer without Result, or the full table of an answer as CSV.
	// LinkText names it.
	Link     string
	LinkText string
	timeout  bool
	// detail is what the audit records of an error (the raw error, with its
	// reference), when it differs from Text.
	detail string
	// delivered: the platform has already shown the answer (an uploaded file).
	delivered bool
	// Buttons are the actions an answer offers (Slack: signed tokens the
	// server opens when pressed; Teams: signed links).
	Buttons []Button
	// Share: the reply is private to the asker, and offers to post it in
	// the channel (Slack's Condividi nel canale).
	Share bool
	// AllRows: show as many rows as the message can hold, not the first few.
	AllRows bool
	// SharedBy is the Slack user who posted a private answer in the channel.
	SharedBy string
	// file names the file a button delivered, for the audit.
	file string
}

// Private reports whether the reply is for the asker only (errors, refusals).
func (r *Reply) Private() bool { return r.Kind >= KindQuestionErr }

// Document is a generated PDF.
type Document struct {
	PDF      []byte
	Title    string
	FileName string
	Pages    int
}

// DocumentFunc generates the PDF of a dossier or fact-sheet plan
// (internal/cli wires reports/pdf).
type DocumentFunc func(ctx context.Context, eng *engine.Engine, plan question.Plan, lang question.Lang, role answer.Role) (*Document, error)

var (
	slackMention = regexp.MustCompile(`<[@!][^>]*>`)
	teamsMention = regexp.MustCompile(`(?is)<at>.*?</at>`)
	htmlTag      = regexp.MustCompile(`(?s)<[^>]*>`)
	spaces       = regexp.MustCompile(`\s+`)
	quoteFixer   = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`, "‘", "'", "’", "'", "\u00a0", " ")
)

// questionText turns a chat message into a question: mentions and markup
// removed, entities decoded, typographic quotes straightened (chat clients
// "smarten" area="Cà Granda"), blanks collapsed.
func questionText(platform, text string) string {
	if platform == "teams" {
		text = teamsMention.ReplaceAllString(text, " ")
		text = strings.NewReplacer("<br>", " ", "<br/>", " ", "<br />", " ", "</p>", " ").Replace(text)
		text = htmlTag.ReplaceAllString(text, "")
	} else {
		text = slackMention.ReplaceAllString(text, " ")
	}
	text = html.UnescapeString(text)
	text = quoteFixer.Replace(text)
	text = strings.TrimSpace(spaces.ReplaceAllString(text, " "))
	text = strings.TrimPrefix(text, "/wi ")
	return strings.Trim(text, "` ")
}

// turn is one question on its way through the core. It holds a concurrency
// slot and a catalog generation from begin to finish.
type turn struct {
	s     *Server
	msg   Message
	start time.Time
	id    Identity
	lang  question.Lang
	text  string
	gen   *generation
	slot  bool
	entry AuditEntry
	quiet bool        // not audited (a repeated rate-limit refusal)
	done  atomic.Bool // end has run: end is idempotent, and safe from two goroutines
	// await: the audit line waits for delivered (Message.await); final is
	// the entry end made, written once by delivered.
	await    bool
	final    AuditEntry
	finalMu  sync.Mutex
	recorded atomic.Bool
}

// begin checks who asks, the rate limit and the concurrency limit. It
// returns either a turn to answer, or a reply to give at once (already
// audited).
func (s *Server) begin(ctx context.Context, msg Message) (*turn, *Reply) {
	return s.beginWaiting(ctx, msg, s.cfg.BusyWait)
}

// beginWaiting is begin waiting at most wait for a concurrency slot.
func (s *Server) beginWaiting(ctx context.Context, msg Message, wait time.Duration) (*turn, *Reply) {
	t := &turn{s: s, msg: msg, start: s.now(), await: msg.await}
	t.text = questionText(msg.Who.Platform, msg.Text)
	t.id = s.policy().Resolve(msg.Who)
	t.lang = s.langFor(t.id)
	// The reply is in the language of the question ("dove …" Italian,
	// "where …" English); the policy's and the server's only when the
	// question does not say (help, a dossier, an empty message).
	if l, ok := questionLang(t.text); ok {
		t.lang = l
	}
	if msg.lang != "" {
		t.lang = msg.lang
	}
	t.entry = AuditEntry{Platform: msg.Who.Platform, Workspace: msg.Who.Workspace, Channel: msg.Who.Channel,
		User: msg.Who.User, Role: string(t.id.Role), Question: clip(t.text, 500), Action: msg.action}
	// An immediate reply comes back with its turn when the caller reports
	// its delivery (await); otherwise alone, audited already.
	now := func(r *Reply) (*turn, *Reply) {
		r = t.end(r)
		if t.await {
			return t, r
		}
		return nil, r
	}
	// The rate limit comes first, for everyone: refusing an unknown user is
	// cheap, but each refusal is an audit line and a reply. Past the first
	// refusal of a run, refusals are not audited.
	if ok, first := s.rate.allow(msg.Who.Platform + ":" + msg.Who.Workspace + ":" + msg.Who.User); !ok {
		t.quiet = !first
		return now(&Reply{Kind: KindRateLimited, Lang: t.lang, Text: t.lang.Pick(
			"Hai fatto molte domande in poco tempo: aspetta un minuto e riprova.",
			"You have asked many questions in a short time: wait a minute and try again.")})
	}
	if !t.id.Known {
		return now(&Reply{Kind: KindUnknownUser, Lang: t.lang, Text: t.lang.Pick(
			"Mi dispiace, non sei ancora abilitato a fare domande a wi. Chiedi a chi amministra wi nella tua organizzazione di aggiungerti.",
			"Sorry, you are not enabled to ask wi questions yet. Ask whoever runs wi in your organisation to add you.")})
	}
	if s.draining.Load() {
		return now(&Reply{Kind: KindBusy, Lang: t.lang, Text: t.lang.Pick(
			"wi si sta riavviando: riprova tra qualche secondo.", "wi is restarting: try again in a few seconds.")})
	}
	if !s.slots.acquire(ctx, wait) {
		return now(&Reply{Kind: KindBusy, Lang: t.lang, Text: t.lang.Pick(
			"wi è molto occupato in questo momento: riprova tra qualche secondo.",
			"wi is very busy right now: try again in a few seconds.")})
	}
	t.slot = true
	t.gen = s.engines.acquire()
	if t.gen == nil {
		return now(&Reply{Kind: KindBusy, Lang: t.lang, Text: t.lang.Pick(
			"wi si sta riavviando: riprova tra qualche secondo.", "wi is restarting: try again in a few seconds.")})
	}
	t.entry.Catalog = t.gen.id
	return t, nil
}

// answer compiles and answers the question. A dossier or fact sheet comes
// back as KindDocument, to be generated with document.
func (t *turn) answer(ctx context.Context) (reply *Reply) {
	l := t.lang
	defer func() {
		if p := recover(); p != nil {
			t.s.log.Error("panic answering a question", "panic", fmt.Sprint(p), "platform", t.msg.Who.Platform)
			reply = &Reply{Kind: KindError, Lang: l, Text: l.Pick("Qualcosa è andato storto rispondendo a questa domanda: l'errore è stato registrato.",
				"Something went wrong answering this question: the error has been logged.")}
		}
	}()
	q := t.text
	if q == "" {
		q = "help"
	}
	asked, err := ask.Run(ctx, t.gen.eng, ask.Question{Text: q, Lang: l, Role: t.id.Role, Timeout: t.s.cfg.AnswerTimeout,
		Check: func(plan question.Plan, vocab *question.Vocabulary) error {
			t.entry.Canonical = plan.Canonical()
			t.entry.Question = "" // the canonical form says it
			return t.check(q, plan, vocab)
		}})
	var (
		qe      *ask.CompileError
		refused *refusedError
	)
	switch {
	case errors.As(err, &qe):
		msg, code, _ := strings.Cut(qe.Show(l), "\n")
		return &Reply{Kind: KindQuestionErr, Lang: l, Role: t.id.Role, Question: q, Text: msg, Code: code}
	case errors.As(err, &refused):
		return refused.reply
	case err != nil:
		r := t.failure(err)
		r.Plan = asked.Plan
		return r
	case asked.Document:
		return &Reply{Kind: KindDocument, Lang: l, Role: t.id.Role, Question: q, Plan: asked.Plan}
	}
	kind := KindAnswer
	if _, ok := asked.Plan.(*question.Help); ok {
		kind = KindHelp
	}
	rep := &Reply{Kind: kind, Lang: l, Role: t.id.Role, Question: q, Plan: asked.Plan, Result: asked.Result}
	if kind == KindAnswer {
		t.offerCSV(rep)
		t.offerActions(rep)
	}
	return rep
}

// offerCSV links the whole table of an answer of several rows as CSV,
// behind a signed, expiring /files link (needs PublicURL): chat shows the
// first rows only. When the question asked for the first N rows (top=N),
// the link's CSV is of every row: made, by asking again with top=0, when
// the link is first followed.
func (t *turn) offerCSV(r *Reply) {
	s, res := t.s, r.Result
	// Slack has its own buttons, opened under the role of whoever presses
	// (offerActions): a link made with the asker's role would give their
	// figures to anyone the answer is shared with.
	if t.msg.Who.Platform == "slack" {
		return
	}
	if s.cfg.PublicURL == "" || res == nil || len(res.Rows) < 2 || len(res.Columns) == 0 || r.Plan == nil {
		return
	}
	name := csvName(r.Plan.Canonical())
	var token string
	if full, cut := untopped(r.Plan.Canonical()); cut {
		token = s.files.lazy(name, "text/csv; charset=utf-8", t.owner()(actCSV), s.csvOf(full, r.Lang, t.id.Role))
	} else {
		var b bytes.Buffer
		if err := reports.CSV(&b, res); err != nil {
			s.log.Warn("csv of an answer failed", "err", err)
			return
		}
		f, tok := s.files.reserve(name, "text/csv; charset=utf-8")
		f.owner = t.owner()(actCSV)
		s.files.complete(f, "", "", b.Bytes(), nil)
		token = tok
	}
	r.Link = s.link(token)
	r.LinkText = r.Lang.Pick("Scarica CSV", "Download CSV")
}

var topKey = regexp.MustCompile(`(^| )top=[1-9][0-9]*( |$)`)

// untopped is a canonical question without its limit of rows (top=0);
// cut is false when it had none.
func untopped(canonical string) (string, bool) {
	if !topKey.MatchString(canonical) {
		return canonical, false
	}
	return topKey.ReplaceAllString(canonical, "${1}top=0${2}"), true
}

// csvName is a file name for the CSV of a question: wi-where-underserved.csv.
func csvName(canonical string) string {
	f := strings.Fields(canonical)
	name := "wi"
	for i, w := range f {
		if i == 2 || strings.Contains(w, "=") {
			break
		}
		name += "-" + w
	}
	return name + ".csv"
}

// csvOf makes the CSV of a question's whole table, asked as role asked it,
// on the catalog current when the link is followed. It takes a slot like
// any question; its errors are logged, and the person following the link
// gets a short reference.
func (s *Server) csvOf(canonical string, l question.Lang, role answer.Role) func(context.Context) ([]byte, error) {
	return s.exportOf(canonical, l, role, "csv")
}

// refusedError carries the reply to a question the policy or the
// differencing watch refuses, out of the ask pipeline's Check.
type refusedError struct{ reply *Reply }

func (e *refusedError) Error() string { return "refused" }

// check is the chat's step of the ask pipeline, between the plan and its
// answer: the role's policy, then, for a question that draws regions of its
// own around a sensitive target, the differencing watch.
func (t *turn) check(q string, plan question.Plan, vocab *question.Vocabulary) error {
	l := t.lang
	if ok, why := t.id.Rules.Allows(plan, vocab); !ok {
		return &refusedError{&Reply{Kind: KindRefused, Lang: l, Role: t.id.Role, Question: q, Plan: plan, Text: refusal(t.id, why, l)}}
	}
	target := engine.DrawnRegionTarget(plan)
	if target == "" || t.id.Role.Exact() {
		return nil
	}
	tg, ok := vocab.Target(target)
	if !ok || tg.Sensitivity == "normal" {
		return nil
	}
	who := t.msg.Who.Platform + ":" + t.msg.Who.Workspace + ":" + t.msg.Who.User
	if ok, n := t.s.regions.allow(who, target, plan.Canonical(), t.s.now()); !ok {
		t.s.log.Warn("differencing watch: question refused", "user", who, "target", target, "regions", n)
		return &refusedError{&Reply{Kind: KindRefused, Lang: l, Role: t.id.Role, Question: q, Plan: plan, detail: "differencing watch", Text: l.Pick(
			fmt.Sprintf("Hai già chiesto %d zone diverse per %s nelle ultime 24 ore: per tutelare la riservatezza non ne rispondo altre per ora. Le domande già fatte restano disponibili; per un'analisi più ampia rivolgiti all'ufficio statistico.", n, tg.Name(l)),
			fmt.Sprintf("You have asked about %d different areas for %s in the last 24 hours: to protect privacy I will not answer new ones for now. Questions already asked still work; for a wider analysis ask the statistics office.", n, tg.Name(l)))}}
	}
	return nil
}

// document generates the PDF of a KindDocument reply.
func (t *turn) document(ctx context.Context, r *Reply) (out *Reply) {
	l := t.lang
	defer func() {
		if p := recover(); p != nil {
			t.s.log.Error("panic generating a document", "panic", fmt.Sprint(p))
			out = &Reply{Kind: KindError, Lang: l, Plan: r.Plan, Text: l.Pick("Qualcosa è andato storto preparando il documento: l'errore è stato registrato.",
				"Something went wrong preparing the document: the error has been logged.")}
		}
	}()
	if t.s.cfg.Documents == nil {
		return &Reply{Kind: KindNotAvailable, Lang: l, Plan: r.Plan, Text: notAvailable(r.Plan, l)}
	}
	ctx, cancel := context.WithTimeout(ctx, t.s.cfg.DocumentTimeout)
	defer cancel()
	doc, err := t.s.cfg.Documents(ctx, t.gen.eng, r.Plan, l, t.id.Role)
	if err != nil {
		out := t.failure(err)
		out.Plan = r.Plan
		return out
	}
	r2 := *r
	r2.Document = doc
	return &r2
}

func (t *turn) failure(err error) *Reply {
	l := t.lang
	switch {
	case errors.Is(err, answer.ErrNotAvailable):
		return &Reply{Kind: KindNotAvailable, Lang: l, Text: notAvailable(nil, l)}
	case errors.Is(err, context.DeadlineExceeded):
		return &Reply{Kind: KindError, Lang: l, Text: l.Pick(
			"La domanda ha richiesto troppo tempo: prova a restringerla (una zona, un anno, meno righe con primi=).",
			"The question took too long: try narrowing it (one area, one year, fewer rows with top=)."), timeout: true}
	}
	// An answer.AnswerError explains a question the engine cannot answer as
	// asked (an unknown facility with a suggestion, no visit fitting the
	// time, no data of a target): it is written for the asker, in their
	// language, and shown. Anything else is a failure of the system (I/O,
	// the database driver, a template, a panic): its text may hold file
	// paths or SQL, and a Teams reply is posted in the channel and kept
	// behind a link. The asker gets a generic message with a short
	// reference; the raw error goes to the log and the audit Detail under
	// the same reference.
	if answer.IsAnswerError(err) {
		return &Reply{Kind: KindError, Lang: l, Text: l.Pick("Non posso rispondere: ", "I cannot answer: ") + answer.Message(err, l),
			detail: err.Error()}
	}
	ref := newRef()
	t.s.log.Warn("question failed", "platform", t.msg.Who.Platform, "ref", ref, "err", err)
	return &Reply{Kind: KindError, Lang: l, Text: fmt.Sprintf(l.Pick(
		"Non sono riuscito a rispondere per un errore interno (rif. %s): è stato registrato; riprova più tardi.",
		"I could not answer because of an internal error (ref. %s): it has been logged; try again later."), ref),
		detail: "ref " + ref + ": " + err.Error()}
}

// newRef returns a short reference that ties an error shown to a user to
// its log line and audit entry.
func newRef() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// notAvailable says, as a sentence, that a question has no answer in this
// version of wi (ask.NotAvailable), naming the plan when there is one.
func notAvailable(plan question.Plan, l question.Lang) string {
	canonical := ""
	if plan != nil {
		canonical = plan.Canonical()
	}
	s := ask.NotAvailable(canonical, l)
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func refusal(id Identity, why string, l question.Lang) string {
	var b strings.Builder
	b.WriteString(fmt.Sprintf(l.Pick("Mi dispiace, con il profilo «%s» non posso rispondere a questa domanda.",
		"Sorry, I cannot answer this question for the “%s” role."), roleName(id.Role, l)))
	if len(id.Rules.Questions) > 0 {
		qs := make([]string, len(id.Rules.Questions))
		for i, q := range id.Rules.Questions {
			qs[i] = l.Pick("«", "“") + showQuestion(strings.TrimSpace(q), l) + l.Pick("»", "”")
		}
		b.WriteString(l.Pick(" Puoi chiedere: ", " You may ask: ") + strings.Join(qs, ", ") + ".")
	}
	if len(id.Rules.Levels) > 0 {
		lv := make([]string, len(id.Rules.Levels))
		for i, s := range id.Rules.Levels {
			lv[i] = levelName(s, l)
		}
		b.WriteString(l.Pick(" Livelli territoriali ammessi: ", " Area levels allowed: ") + strings.Join(lv, ", ") + ".")
		if why == "level" {
			b.WriteString(l.Pick(" Prova ad esempio con livello=municipio.", " Try for example level=municipio."))
		}
	}
	return b.String()
}

// end audits the turn's outcome and releases what it holds. It returns r.
func (t *turn) end(r *Reply) *Reply {
	if !t.done.CompareAndSwap(false, true) {
		return r
	}
	if t.gen != nil {
		t.gen.release()
	}
	if t.slot {
		t.s.slots.release()
	}
	e := t.entry
	e.Time = t.start.UTC()
	e.LatencyMS = float64(t.s.now().Sub(t.start).Microseconds()) / 1000
	if r.Role != "" {
		e.Role = string(r.Role)
	}
	e.Outcome = outcome(r)
	if r.Result != nil {
		e.Rows = len(r.Result.Rows)
		e.Withheld = r.Result.Disclosure.Suppressed
	}
	if r.Plan != nil && e.Canonical == "" {
		e.Canonical = r.Plan.Canonical()
	}
	if r.Kind == KindRefused && r.detail != "" {
		e.Detail = r.detail
	}
	if r.Kind == KindQuestionErr || r.Kind == KindError {
		e.Detail = clip(r.Text, 300)
		if r.detail != "" {
			e.Detail = clip(r.detail, 300)
		}
	}
	if r.Document != nil {
		e.Detail = r.Document.FileName
	}
	if r.file != "" {
		e.Detail = r.file
	}
	if r.Kind == KindAnswer || r.Kind == KindHelp {
		t.s.recent.remember(t.msg.Who, r)
	}
	t.finalMu.Lock()
	t.final = e
	t.finalMu.Unlock()
	if !t.quiet && !t.await {
		t.recorded.Store(true)
		t.s.audit.Record(e)
	}
	t.s.answered.Add(1)
	return r
}

// delivered writes the audit line of a turn that awaited its delivery
// (Message.await), once, with how the delivery went: "delivered", or
// "failed: " and the reason. It does nothing before end, or twice.
func (t *turn) delivered(err error) {
	if t == nil || !t.done.Load() || t.quiet || !t.recorded.CompareAndSwap(false, true) {
		return
	}
	t.finalMu.Lock()
	e := t.final
	t.finalMu.Unlock()
	e.Delivery = deliveryOf(err)
	t.s.audit.Record(e)
}

// deliveryOf is the audit's delivery of a reply sent with err.
func deliveryOf(err error) string {
	if err == nil {
		return DeliveryDelivered
	}
	return "failed: " + clip(err.Error(), 200)
}

func outcome(r *Reply) string {
	switch r.Kind {
	case KindAnswer:
		return OutcomeAnswered
	case KindHelp:
		return OutcomeHelp
	case KindDocument:
		return OutcomeDocument
	case KindQuestionErr:
		return OutcomeQuestionErr
	case KindRefused:
		return OutcomeRefused
	case KindUnknownUser:
		return OutcomeUnknownUser
	case KindNotAvailable:
		return OutcomeNotAvailable
	case KindRateLimited:
		return OutcomeRateLimited
	case KindBusy:
		return OutcomeBusy
	}
	if r.timeout {
		return OutcomeTimeout
	}
	return OutcomeError
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// endOnPanic is deferred at the top of a turn's background work. A panic
// there, outside the turn's own recovery in answer and document (an upload,
// rendering, delivery), would otherwise leak the turn: its concurrency slot
// (after MaxConcurrent panics every question is "busy"), its catalog
// generation (a reload or Shutdown would wait for it forever) and the file a
// link points to (never ready). endOnPanic ends the turn (*tp, when there is
// one yet: end is idempotent), completes the reserved file file() returns,
// if any, with an error (complete is idempotent), and logs the panic.
func (s *Server) endOnPanic(work string, tp **turn, file func() *storedFile) {
	p := recover()
	if p == nil {
		return
	}
	s.log.Error("panic in background work", "work", work, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	l := s.cfg.Lang
	if t := *tp; t != nil {
		l = t.lang
		t.end(&Reply{Kind: KindError, Lang: l, Text: l.Pick(
			"Qualcosa è andato storto rispondendo a questa domanda: l'errore è stato registrato.",
			"Something went wrong answering this question: the error has been logged."), detail: fmt.Sprint("panic: ", p)})
		t.delivered(fmt.Errorf("panic: %v", p))
	}
	if file != nil {
		if f := file(); f != nil {
			s.files.complete(f, "", "", nil, errors.New(l.Pick("errore interno: l'errore è stato registrato", "internal error: the error has been logged")))
		}
	}
}
