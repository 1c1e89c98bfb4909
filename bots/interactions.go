package bots

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/slack-go/slack"

	"github.com/welfare-intelligence/wi/question"
)

// Slack interactivity: POST /slack/interactions, signed like every request,
// receives the presses of the answers' buttons and of the Home tab's
// (block_actions), the global shortcut that opens the question builder
// (shortcut) and the builder's submission (view_submission, modal.go).

// Action IDs.
const (
	actionPrefix      = "wi_"             // + the action of an answer's button: wi_csv, wi_share, …
	actionOpenBuilder = "wi_open_builder" // the Home tab's "build a question"
	shortcutAsk       = "wi_ask"          // the global shortcut's callback_id
)

// slackInteraction is the payload of an interaction (the fields wi reads).
type slackInteraction struct {
	Type       string `json:"type"`
	CallbackID string `json:"callback_id"`
	TriggerID  string `json:"trigger_id"`
	User       struct {
		ID     string `json:"id"`
		TeamID string `json:"team_id"`
	} `json:"user"`
	Team struct {
		ID string `json:"id"`
	} `json:"team"`
	Channel struct {
		ID string `json:"id"`
	} `json:"channel"`
	Container struct {
		ChannelID   string `json:"channel_id"`
		IsEphemeral bool   `json:"is_ephemeral"`
	} `json:"container"`
	ResponseURL string         `json:"response_url"`
	Actions     []slackAction  `json:"actions"`
	View        slackViewState `json:"view"`
}

type slackAction struct {
	ActionID string `json:"action_id"`
	BlockID  string `json:"block_id"`
	Value    string `json:"value"`
}

// who is the person who interacted: their own workspace, never only the
// host's (Slack Connect, as for mentions).
func (p *slackInteraction) who() Who {
	team := p.User.TeamID
	if team == "" {
		team = p.Team.ID
	}
	ch := p.Channel.ID
	if ch == "" {
		ch = p.Container.ChannelID
	}
	return Who{Platform: "slack", Workspace: team, Channel: ch, User: p.User.ID,
		External: p.Team.ID != "" && team != p.Team.ID}
}

// slackInteractions answers POST /slack/interactions. Anything unverified
// gets 401 before its payload is read.
func (s *Server) slackInteractions(w http.ResponseWriter, r *http.Request) {
	form, ok := s.slackForm(w, r)
	if !ok {
		return
	}
	var p slackInteraction
	if err := json.Unmarshal([]byte(form.Get("payload")), &p); err != nil || p.User.ID == "" {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	switch p.Type {
	case "block_actions":
		w.WriteHeader(http.StatusOK)
		if len(p.Actions) == 0 {
			return
		}
		a := p.Actions[0]
		switch {
		case a.ActionID == actionOpenBuilder:
			s.background("slack builder", func(ctx context.Context) { s.openBuilder(ctx, &p) })
		case a.ActionID == actionPrefix+actCSV && a.Value == "csv":
			// The link button of answers posted before the buttons had
			// tokens: Slack opened the link itself; nothing to do.
		case strings.HasPrefix(a.ActionID, actionPrefix):
			s.background("slack button", func(ctx context.Context) { s.press(ctx, &p, a) })
		}
	case "shortcut":
		w.WriteHeader(http.StatusOK)
		if p.CallbackID == shortcutAsk {
			s.background("slack builder", func(ctx context.Context) { s.openBuilder(ctx, &p) })
		}
	case "view_submission":
		s.viewSubmission(w, &p)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

// press does what an answer's button says, under the role of whoever
// pressed it: the token names the question; the policy, now, the role.
func (s *Server) press(ctx context.Context, p *slackInteraction, a slackAction) {
	who := p.who()
	act := strings.TrimPrefix(a.ActionID, actionPrefix)
	tok, err := s.openAction(a.Value)
	if err == nil && tok.Act != act {
		err = errActionInvalid
	}
	if err != nil {
		l := s.langFor(s.policy().Resolve(who))
		s.log.Warn("slack button refused", "reason", err.Error(), "user", who.User)
		rep := &Reply{Kind: KindRefused, Lang: l, Text: l.Pick(
			"Questo pulsante non è valido o è scaduto: fai di nuovo la domanda per averne uno nuovo.",
			"This button is not valid or has expired: ask the question again for a new one.")}
		derr := s.respond(ctx, p.ResponseURL, rep, replyPrivate)
		s.audit.Record(AuditEntry{Time: s.now().UTC(), Platform: who.Platform, Workspace: who.Workspace, Channel: who.Channel,
			User: who.User, Outcome: OutcomeRefused, Action: "button:" + clip(act, 20), Detail: err.Error(), Delivery: deliveryOf(derr)})
		return
	}
	var t *turn
	defer s.endOnPanic("slack button", &t, nil)
	t, now := s.begin(ctx, Message{Who: who, Text: tok.Q, lang: tok.L, await: true, action: "button:" + act})
	if now != nil {
		t.delivered(s.respond(ctx, p.ResponseURL, now, replyPrivate))
		return
	}
	l := t.lang
	if act == actShare && t.id.Role.Exact() {
		// Exact counts are for the statistics office: not for a channel.
		rep := t.end(&Reply{Kind: KindRefused, Lang: l, Role: t.id.Role, detail: "exact counts not shared", Text: l.Pick(
			"Le risposte con i conteggi esatti non si condividono nel canale: chiedi a chi ne ha bisogno di fare la domanda, vedrà i dati protetti del suo profilo.",
			"Answers with exact counts are not shared in the channel: ask whoever needs it to ask the question; they will see the protected figures of their role.")})
		t.delivered(s.respond(ctx, p.ResponseURL, rep, replyPrivate))
		return
	}
	rep := t.answer(ctx)
	switch {
	case rep.Kind == KindDocument:
		ch, _ := s.dm(ctx, who.User)
		rep = s.slackDocument(ctx, t, rep, ch, "")
		t.end(rep)
		if rep.delivered {
			t.delivered(nil)
			s.respond(ctx, p.ResponseURL, &Reply{Kind: KindAnswer, Lang: l, Text: l.Pick(
				"Ti ho mandato il dossier in un messaggio diretto.", "I have sent you the dossier in a direct message.")}, replyPrivate)
			return
		}
		t.delivered(s.respond(ctx, p.ResponseURL, rep, replyPrivate))
	case rep.Kind == KindAnswer && rep.Result != nil && (act == actCSV || act == actXLSX || act == actChart):
		out := s.deliverFile(ctx, t, rep, act, who.User)
		t.end(out)
		if out.delivered {
			t.delivered(nil)
			s.respond(ctx, p.ResponseURL, &Reply{Kind: KindAnswer, Lang: l, Text: fmt.Sprintf(l.Pick(
				"Ti ho mandato %s in un messaggio diretto.", "I have sent you %s in a direct message."), fileWhat(act, l))}, replyPrivate)
			return
		}
		t.delivered(s.respond(ctx, p.ResponseURL, out, replyPrivate))
	case act == actShare && rep.Kind == KindAnswer:
		rep.SharedBy = who.User
		t.end(rep)
		t.delivered(s.respond(ctx, p.ResponseURL, rep, replyPublic))
	default: // every row, and whatever went wrong: for the presser only
		rep.AllRows = act == actAll
		rep.Share = rep.Kind == KindAnswer
		t.end(rep)
		t.delivered(s.respond(ctx, p.ResponseURL, rep, replyPrivate))
	}
}

// dm opens the direct conversation of the app with a user (conversations.open).
func (s *Server) dm(ctx context.Context, user string) (string, error) {
	if s.slack == nil {
		return "", errors.New("no bot token")
	}
	ch, _, _, err := s.slack.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
	if err != nil {
		s.log.Warn("slack conversations.open failed", "err", err)
		return "", err
	}
	return ch.ID, nil
}

// deliverFile sends a presser the CSV, Excel or chart of an answer they
// asked again: uploaded to their direct messages with the app (the
// external upload flow), or, without a bot token or when that fails, as a
// signed link to /files. The reply is marked delivered once uploaded.
func (s *Server) deliverFile(ctx context.Context, t *turn, rep *Reply, act, user string) *Reply {
	l, canon := rep.Lang, rep.Plan.Canonical()
	var (
		data  []byte
		ctype string
		err   error
		name  string
	)
	switch act {
	case actChart:
		data, err = chartPNG(rep.Result, l)
		ctype, name = "image/png", exportName(canon, "png")
	default:
		data, ctype, err = export(rep.Result, act)
		name = exportName(canon, act)
	}
	if err == nil && len(data) == 0 {
		err = errors.New("empty file")
	}
	if err != nil {
		out := t.failure(err)
		out.Plan = rep.Plan
		return out
	}
	what := fileWhat(act, l)
	if ch, derr := s.dm(ctx, user); derr == nil {
		_, uerr := s.slack.UploadFileContext(ctx, slack.UploadFileParameters{
			Reader: bytes.NewReader(data), FileSize: len(data), Filename: name, Title: name, Channel: ch,
			InitialComment: fmt.Sprintf(l.Pick("Ecco %s: %s", "Here is %s: %s"), what, showQuestion(canon, l)),
		})
		if uerr == nil {
			out := *rep
			out.delivered, out.file = true, name
			return &out
		}
		s.log.Warn("slack upload failed: falling back to a link", "err", uerr)
	}
	if s.cfg.PublicURL != "" {
		f, token := s.files.reserve(name, ctype)
		f.owner = &AuditEntry{Platform: t.msg.Who.Platform, Workspace: t.msg.Who.Workspace, Channel: t.msg.Who.Channel,
			User: t.msg.Who.User, Role: string(t.id.Role), Canonical: canon, Action: "file:" + act}
		s.files.complete(f, "", "", data, nil)
		return &Reply{Kind: KindAnswer, Lang: l, Role: rep.Role, Plan: rep.Plan, Link: s.link(token), LinkText: name, file: name,
			Text: fmt.Sprintf(l.Pick("Ecco %s (il collegamento scade tra %s):", "Here is %s (the link expires in %s):"), what, s.cfg.FileTTL)}
	}
	return &Reply{Kind: KindError, Lang: l, Plan: rep.Plan, Text: l.Pick(
		"Il file è pronto ma non posso consegnartelo: servono il token del bot Slack (WI_SLACK_BOT_TOKEN) o l'indirizzo pubblico del server (WI_PUBLIC_URL).",
		"The file is ready but I cannot deliver it: it needs the Slack bot token (WI_SLACK_BOT_TOKEN) or the server's public URL (WI_PUBLIC_URL).")}
}

// fileWhat names the file a button delivers.
func fileWhat(act string, l question.Lang) string {
	switch act {
	case actXLSX:
		return l.Pick("la tabella intera (Excel)", "the whole table (Excel)")
	case actChart:
		return l.Pick("il grafico", "the chart")
	}
	return l.Pick("la tabella intera (CSV)", "the whole table (CSV)")
}

// auditFetch records a fetch of a /files link made for someone: who it was
// made for, under which role, what it held, and whether it was sent.
func (s *Server) auditFetch(f *storedFile, err error) {
	e := *f.owner
	e.Time = s.now().UTC()
	e.Outcome = OutcomeFetched
	if e.Detail == "" {
		e.Detail = f.name
	}
	e.Delivery = deliveryOf(err)
	s.audit.Record(e)
}
