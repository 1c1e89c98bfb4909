package bots

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/internal/ask"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
)

// The buttons of an answer. On Slack each button's value is a signed token
// (actionToken) naming what to do, the canonical question and the
// language; when it is pressed the server opens the token, resolves the
// role of whoever pressed from the policy, and asks the question again
// under that role: an answer shared in a channel may be pressed by anyone,
// and nobody gets figures of a role that is not theirs. The question text
// of a payload is never read. On Teams, whose outgoing webhooks allow only
// Action.OpenUrl, the buttons are signed /files links made with the asker's
// role (the only identity a link has).

// Button is an action an answer offers.
type Button struct {
	Act   string // actCSV, actXLSX, actAll, actDossier, actShare, actChart
	Label string
	Value string // Slack: the signed token
	URL   string // Teams: a signed /files link
}

// Actions of the buttons.
const (
	actCSV     = "csv"
	actXLSX    = "xlsx"
	actAll     = "all"
	actDossier = "dossier"
	actShare   = "share"
	actChart   = "chart"
)

// actionToken is what a Slack button's value carries, signed.
type actionToken struct {
	Act string        `json:"a"`
	Q   string        `json:"q"` // a canonical question
	L   question.Lang `json:"l"`
	Exp int64         `json:"e"` // Unix seconds
}

// Errors of a button's token.
var (
	errActionInvalid = errors.New("invalid action token")
	errActionExpired = errors.New("expired action token")
)

// newActionKey is the key of the buttons' tokens: derived from the Slack
// signing secret, so that buttons keep working across restarts, or random
// when there is none (Teams only: no Slack buttons to press).
func newActionKey(slackSecret string) []byte {
	if slackSecret == "" {
		k := make([]byte, 32)
		rand.Read(k)
		return k
	}
	mac := hmac.New(sha256.New, []byte(slackSecret))
	mac.Write([]byte("wi/bots/action-token/v1"))
	return mac.Sum(nil)
}

// signAction writes a token: base64url(JSON) "." base64url(HMAC-SHA256).
func (s *Server) signAction(a actionToken) string {
	if a.Exp == 0 {
		a.Exp = s.now().Add(s.cfg.ActionTTL).Unix()
	}
	raw, _ := json.Marshal(a)
	p := base64.RawURLEncoding.EncodeToString(raw)
	mac := hmac.New(sha256.New, s.actionKey)
	mac.Write([]byte(p))
	return p + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// openAction checks a token's signature, in constant time, then its expiry.
func (s *Server) openAction(v string) (actionToken, error) {
	var a actionToken
	p, m, ok := strings.Cut(v, ".")
	if !ok || len(v) > 2000 {
		return a, errActionInvalid
	}
	sum, err := base64.RawURLEncoding.DecodeString(m)
	if err != nil {
		return a, errActionInvalid
	}
	mac := hmac.New(sha256.New, s.actionKey)
	mac.Write([]byte(p))
	if !hmac.Equal(mac.Sum(nil), sum) {
		return a, errActionInvalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil || json.Unmarshal(raw, &a) != nil || a.Q == "" || (a.L != question.Italian && a.L != question.English) {
		return actionToken{}, errActionInvalid
	}
	if s.now().After(time.Unix(a.Exp, 0)) {
		return actionToken{}, errActionExpired
	}
	return a, nil
}

// offerActions adds the buttons of an answer: the whole table as CSV and
// as Excel, every row, the dossier of its area and target, and on Slack
// the chart and "share in the channel" (shown only where the answer is
// private: Reply.Share).
func (t *turn) offerActions(r *Reply) {
	s, res := t.s, r.Result
	if res == nil || r.Plan == nil {
		return
	}
	canon, l := r.Plan.Canonical(), r.Lang
	table := len(res.Rows) >= 2 && len(res.Columns) > 0
	full, more := allRowsQuestion(canon, len(res.Rows))
	dossier, area := dossierQuestion(canon)
	area = area && t.mayDossier()
	switch t.msg.Who.Platform {
	case "slack":
		add := func(act, it, en, q string) {
			r.Buttons = append(r.Buttons, Button{Act: act, Label: l.Pick(it, en), Value: s.signAction(actionToken{Act: act, Q: q, L: l})})
		}
		if table && (s.slack != nil || s.cfg.PublicURL != "") {
			add(actCSV, "Scarica CSV", "Download CSV", untoppedQ(canon))
			add(actXLSX, "Scarica Excel", "Download Excel", untoppedQ(canon))
		}
		if more {
			add(actAll, "Mostra tutte le righe", "Show all rows", full)
		}
		if area {
			add(actDossier, "Prepara dossier", "Prepare a dossier", dossier)
		}
		if chartable(res) && (s.slack != nil || s.cfg.PublicURL != "") {
			add(actChart, "Grafico", "Chart", canon)
		}
		add(actShare, "Condividi nel canale", "Share in the channel", canon)
	case "teams":
		if s.cfg.PublicURL == "" {
			return
		}
		owner := t.owner()
		add := func(act, label, name, ctype string, make func(context.Context) ([]byte, error)) {
			r.Buttons = append(r.Buttons, Button{Act: act, Label: label, URL: s.link(s.files.lazy(name, ctype, owner(act), make))})
		}
		if table {
			add(actXLSX, l.Pick("Scarica Excel", "Download Excel"), exportName(canon, "xlsx"), xlsxType, s.exportOf(untoppedQ(canon), l, t.id.Role, "xlsx"))
		}
		if more {
			add(actAll, l.Pick("Tutte le righe", "All rows"), exportName(canon, "txt"), "text/plain; charset=utf-8", s.exportOf(full, l, t.id.Role, "txt"))
		}
		if chartable(res) {
			add(actChart, l.Pick("Grafico", "Chart"), exportName(canon, "png"), "image/png", s.exportOf(canon, l, t.id.Role, "png"))
		}
		if area && s.cfg.Documents != nil {
			add(actDossier, l.Pick("Prepara dossier", "Prepare a dossier"), "wi-dossier.pdf", "application/pdf", s.documentOf(dossier, l, t.id))
		}
	}
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// owner returns, for a file a link gives, the audit entry of its fetches:
// the asker it was made for, with their role.
func (t *turn) owner() func(act string) *AuditEntry {
	return func(act string) *AuditEntry {
		e := AuditEntry{Platform: t.msg.Who.Platform, Workspace: t.msg.Who.Workspace, Channel: t.msg.Who.Channel,
			User: t.msg.Who.User, Role: string(t.id.Role), Canonical: t.entry.Canonical, Action: "file:" + act}
		return &e
	}
}

// untoppedQ is a canonical question with every row (top=0 when it had a
// limit).
func untoppedQ(canon string) string {
	q, _ := untopped(canon)
	return q
}

// allRowsQuestion is the question of every row of an answer, and whether
// asking it shows more than the answer did: it was cut at top=N, or it has
// more rows than chat shows at first.
func allRowsQuestion(canon string, rows int) (string, bool) {
	if q, cut := untopped(canon); cut {
		return q, true
	}
	return canon, rows > slackListRows
}

// dossierQuestion is the dossier of the area and target an answer is
// about ("dossier target=anziani-soli area=municipio-9"); false when the
// answer names no single area or no target.
func dossierQuestion(canon string) (string, bool) {
	var target, area string
	for _, w := range strings.Fields(canon) {
		k, v, ok := strings.Cut(w, "=")
		if !ok || strings.Contains(v, ",") {
			continue
		}
		switch k {
		case "target":
			target = v
		case "area":
			area = v
		}
	}
	if target == "" || area == "" || strings.HasPrefix(canon, "dossier ") {
		return "", false
	}
	return "dossier target=" + target + " area=" + area, true
}

// mayDossier reports whether the asker's role may ask for dossiers (the
// button is not offered otherwise; the press is checked again).
func (t *turn) mayDossier() bool {
	r := t.id.Rules
	if len(r.Questions) > 0 && !roleMayAsk(r, "dossier", question.English) {
		return false
	}
	if len(r.Levels) == 0 {
		return true
	}
	ok := map[string]bool{}
	for _, l := range r.Levels {
		ok[l] = true
	}
	return ok[LevelFacility] && ok["nil"]
}

// exportName is a file name for an export of a question.
func exportName(canon, ext string) string {
	return strings.TrimSuffix(csvName(canon), ".csv") + "." + ext
}

// export writes a result as CSV, XLSX (the exports of wi ask --format) or
// text.
func export(res *answer.Result, format string) ([]byte, string, error) {
	var b bytes.Buffer
	var err error
	ctype := "text/csv; charset=utf-8"
	switch format {
	case "xlsx":
		err, ctype = reports.XLSX(&b, res), xlsxType
	case "txt":
		err, ctype = reports.Text(&b, res), "text/plain; charset=utf-8"
	case "png":
		var png []byte
		png, err = chartPNG(res, res.Lang)
		return png, "image/png", err
	default:
		err = reports.CSV(&b, res)
	}
	return b.Bytes(), ctype, err
}

// exportOf makes an export of a question asked as role asked it, on the
// catalog current when the link is followed (csvOf for any format).
func (s *Server) exportOf(canonical string, l question.Lang, role answer.Role, format string) func(context.Context) ([]byte, error) {
	return func(ctx context.Context) ([]byte, error) {
		if !s.slots.acquire(ctx, 10*time.Second) {
			return nil, errors.New(l.Pick("wi è molto occupato: riprova più tardi", "wi is very busy: try again later"))
		}
		defer s.slots.release()
		g := s.engines.acquire()
		if g == nil {
			return nil, errors.New(l.Pick("wi si sta riavviando: riprova più tardi", "wi is restarting: try again later"))
		}
		defer g.release()
		asked, err := ask.Run(ctx, g.eng, ask.Question{Text: canonical, Lang: l, Role: role, Timeout: s.cfg.AnswerTimeout})
		var data []byte
		if err == nil && asked.Result != nil {
			data, _, err = export(asked.Result, format)
		}
		if err != nil || asked.Result == nil {
			ref := newRef()
			s.log.Warn("export of a whole table failed", "ref", ref, "question", canonical, "format", format, "err", err)
			return nil, fmt.Errorf(l.Pick("errore interno (rif. %s)", "internal error (ref. %s)"), ref)
		}
		return data, nil
	}
}

// documentOf makes the PDF of a dossier question for a link, checked
// against the asker's policy like a question they typed.
func (s *Server) documentOf(canonical string, l question.Lang, id Identity) func(context.Context) ([]byte, error) {
	return func(ctx context.Context) ([]byte, error) {
		if !s.slots.acquire(ctx, 10*time.Second) {
			return nil, errors.New(l.Pick("wi è molto occupato: riprova più tardi", "wi is very busy: try again later"))
		}
		defer s.slots.release()
		g := s.engines.acquire()
		if g == nil {
			return nil, errors.New(l.Pick("wi si sta riavviando: riprova più tardi", "wi is restarting: try again later"))
		}
		defer g.release()
		asked, err := ask.Run(ctx, g.eng, ask.Question{Text: canonical, Lang: l, Role: id.Role,
			Check: func(plan question.Plan, vocab *question.Vocabulary) error {
				if ok, why := id.Rules.Allows(plan, vocab); !ok {
					return errors.New(refusal(id, why, l))
				}
				return nil
			}})
		if err != nil || !asked.Document || s.cfg.Documents == nil {
			if err == nil {
				err = errors.New("not a document")
			}
			return nil, fmt.Errorf("%s", clip(err.Error(), 300))
		}
		dctx, cancel := context.WithTimeout(ctx, s.cfg.DocumentTimeout)
		defer cancel()
		doc, err := s.cfg.Documents(dctx, g.eng, asked.Plan, l, id.Role)
		if err != nil {
			ref := newRef()
			s.log.Warn("dossier of a link failed", "ref", ref, "err", err)
			return nil, fmt.Errorf(l.Pick("errore interno (rif. %s)", "internal error (ref. %s)"), ref)
		}
		return doc.PDF, nil
	}
}
