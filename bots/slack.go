package bots

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/welfare-intelligence/wi/question"
)

// slackCommand answers POST /slack/commands (`/wi <question>`): verified,
// acknowledged at once, answered through response_url.
func (s *Server) slackCommand(w http.ResponseWriter, r *http.Request) {
	body := s.readBody(w, r)
	if body == nil {
		return
	}
	if err := VerifySlack(r.Header, body, s.cfg.SlackSigningSecret, s.now()); err != nil {
		s.unauthorized(w, r, err)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	msg := Message{Who: Who{Platform: "slack", Workspace: form.Get("team_id"), Channel: form.Get("channel_id"), User: form.Get("user_id")},
		Text: form.Get("text")}
	responseURL, channel := form.Get("response_url"), form.Get("channel_id")
	t, now := s.begin(r.Context(), msg)
	if now != nil {
		writeSlackReply(w, now, "ephemeral")
		return
	}
	l := t.lang
	ack := l.Pick("Cerco la risposta", "Looking for the answer")
	if t.text != "" {
		ack += l.Pick(" a ", " to ") + "`" + slackEscape(t.text) + "`"
	}
	writeSlackJSON(w, map[string]any{"response_type": "ephemeral", "text": ":hourglass_flowing_sand: " + ack + " …"})
	ok := s.background("slack command", func(ctx context.Context) {
		defer s.endOnPanic("slack command", &t, nil)
		rep := t.answer(ctx)
		if rep.Kind == KindDocument {
			rep = s.slackDocument(ctx, t, rep, channel, "")
		}
		t.end(rep)
		if rep.delivered {
			return // uploaded: the file message is the answer
		}
		s.respond(ctx, responseURL, rep)
	})
	if !ok { // shutting down: no answer will follow the ack
		t.end(shuttingDown(l))
	}
}

// shuttingDown is the reply to a question that arrives as the server stops.
func shuttingDown(l question.Lang) *Reply {
	return &Reply{Kind: KindBusy, Lang: l, Text: l.Pick(
		"wi si sta riavviando: riprova tra qualche secondo.", "wi is restarting: try again in a few seconds.")}
}

// slackDocument generates a document and uploads it to the channel (in the
// thread), or, without a bot token or when the upload fails, gives a link.
// It returns the reply still to send, marked delivered once uploaded.
func (s *Server) slackDocument(ctx context.Context, t *turn, rep *Reply, channel, thread string) *Reply {
	out := t.document(ctx, rep)
	if out.Document == nil {
		return out
	}
	doc, l := out.Document, out.Lang
	if s.slack != nil && channel != "" {
		_, err := s.slack.UploadFileContext(ctx, slack.UploadFileParameters{
			Reader: bytes.NewReader(doc.PDF), FileSize: len(doc.PDF), Filename: doc.FileName, Title: doc.Title,
			Channel: channel, ThreadTimestamp: thread,
			InitialComment: fmt.Sprintf(l.Pick("Ecco %s: %s", "Here is %s: %s"), documentKind(out.Plan, l), doc.Title),
		})
		if err == nil {
			done := *out
			done.delivered = true
			return &done
		}
		s.log.Warn("slack upload failed: falling back to a link", "err", err)
	}
	if s.cfg.PublicURL != "" {
		f, token := s.files.reserve(doc.FileName, "application/pdf")
		s.files.complete(f, "", "", doc.PDF, nil)
		link := s.link(token)
		return &Reply{Kind: KindAnswer, Lang: l, Role: out.Role, Plan: out.Plan, Document: doc,
			Text: fmt.Sprintf(l.Pick("Ecco %s: <%s|%s> (il collegamento scade tra %s).", "Here is %s: <%s|%s> (the link expires in %s)."),
				documentKind(out.Plan, l), link, slackEscape(doc.Title), s.cfg.FileTTL)}
	}
	return &Reply{Kind: KindError, Lang: l, Plan: out.Plan, Text: l.Pick(
		"Il documento è pronto ma non posso consegnarlo: manca il token del bot Slack (WI_SLACK_BOT_TOKEN) o l'indirizzo pubblico (WI_PUBLIC_URL).",
		"The document is ready but I cannot deliver it: the Slack bot token (WI_SLACK_BOT_TOKEN) or the public URL (WI_PUBLIC_URL) is missing.")}
}

func (s *Server) link(token string) string {
	return strings.TrimRight(s.cfg.PublicURL, "/") + "/files/" + token
}

// slackPayload is the message of a reply for response_url or chat.postMessage.
func slackPayload(r *Reply) (string, []slack.Block) {
	if r.Kind == KindAnswer && r.Result == nil { // a plain message (a link)
		return plain(r.Text), []slack.Block{section(r.Text)}
	}
	return SlackMessage(r)
}

// respond sends a reply through a slash command's response_url, retrying
// a failed delivery twice.
func (s *Server) respond(ctx context.Context, responseURL string, r *Reply) {
	if responseURL == "" {
		return
	}
	text, blocks := slackPayload(r)
	msg := &slack.WebhookMessage{Text: text, Blocks: &slack.Blocks{BlockSet: blocks}, ResponseType: "in_channel"}
	if r.Private() || r.Kind == KindHelp { // help is for the asker, not the channel
		msg.ResponseType = "ephemeral"
	}
	var err error
	for attempt := range 3 {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Duration(attempt) * time.Second):
			}
		}
		if err = slack.PostWebhookCustomHTTPContext(ctx, responseURL, s.cfg.HTTP, msg); err == nil {
			return
		}
	}
	s.log.Error("slack response_url delivery failed", "err", err) // the URL itself is a credential: not logged
}

func writeSlackJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}

func writeSlackReply(w http.ResponseWriter, r *Reply, responseType string) {
	text, blocks := slackPayload(r)
	writeSlackJSON(w, map[string]any{"response_type": responseType, "text": text, "blocks": blocks})
}

// slackEnvelope is the outer JSON of the Events API.
type slackEnvelope struct {
	Type      string          `json:"type"`
	Challenge string          `json:"challenge"`
	TeamID    string          `json:"team_id"`
	EventID   string          `json:"event_id"`
	Event     json.RawMessage `json:"event"`
}

type slackMentionEvent struct {
	Type     string `json:"type"`
	User     string `json:"user"`
	Text     string `json:"text"`
	TS       string `json:"ts"`
	ThreadTS string `json:"thread_ts"`
	Channel  string `json:"channel"`
	BotID    string `json:"bot_id"`
	Team     string `json:"team"`
	// UserTeam is the workspace of the user who wrote the message: in a
	// Slack Connect channel shared with another organisation it differs
	// from the workspace the app is installed in (the envelope's team_id).
	UserTeam   string `json:"user_team"`
	SourceTeam string `json:"source_team"`
}

// slackEvents answers POST /slack/events: url_verification, and app
// mentions answered in their thread.
func (s *Server) slackEvents(w http.ResponseWriter, r *http.Request) {
	body := s.readBody(w, r)
	if body == nil {
		return
	}
	if err := VerifySlack(r.Header, body, s.cfg.SlackSigningSecret, s.now()); err != nil {
		s.unauthorized(w, r, err)
		return
	}
	var env slackEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		http.Error(w, "bad JSON", http.StatusBadRequest)
		return
	}
	switch env.Type {
	case "url_verification":
		writeSlackJSON(w, map[string]string{"challenge": env.Challenge})
		return
	case "event_callback":
	default:
		w.WriteHeader(http.StatusOK)
		return
	}
	var ev slackMentionEvent
	if err := json.Unmarshal(env.Event, &ev); err != nil || ev.Type != "app_mention" || ev.BotID != "" || ev.User == "" {
		w.WriteHeader(http.StatusOK)
		return
	}
	if s.duplicate(env.EventID) { // Slack retries an event it thinks was missed
		w.WriteHeader(http.StatusOK)
		return
	}
	w.WriteHeader(http.StatusOK)
	if s.slack == nil {
		s.log.Warn("app_mention ignored: no Slack bot token (WI_SLACK_BOT_TOKEN)")
		return
	}
	// The asker's own workspace, never the host's: in a Slack Connect
	// channel an external user must not get the role of the workspace that
	// installed wi. Such a user is known only through slack.users.
	team := ev.UserTeam
	if team == "" {
		team = ev.Team
	}
	external := env.TeamID != "" && team != "" && team != env.TeamID
	if team == "" {
		team = env.TeamID
	}
	thread := ev.ThreadTS
	if thread == "" {
		thread = ev.TS
	}
	msg := Message{Who: Who{Platform: "slack", Workspace: team, Channel: ev.Channel, User: ev.User, External: external}, Text: ev.Text}
	s.background("slack mention", func(ctx context.Context) {
		var t *turn
		defer s.endOnPanic("slack mention", &t, nil)
		t, rep := s.begin(ctx, msg)
		if t != nil {
			rep = t.answer(ctx)
			if rep.Kind == KindDocument {
				rep = s.slackDocument(ctx, t, rep, ev.Channel, thread)
			}
			t.end(rep)
			if rep.delivered {
				return
			}
		}
		s.post(ctx, ev.Channel, ev.User, thread, rep)
	})
}

// post answers a mention in its thread: errors and refusals privately.
func (s *Server) post(ctx context.Context, channel, user, thread string, r *Reply) {
	text, blocks := slackPayload(r)
	opts := []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...), slack.MsgOptionTS(thread)}
	var err error
	for attempt := range 3 {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Duration(attempt) * time.Second):
			}
		}
		if r.Private() {
			_, err = s.slack.PostEphemeralContext(ctx, channel, user, opts...)
		} else {
			_, _, err = s.slack.PostMessageContext(ctx, channel, opts...)
		}
		var rl *slack.RateLimitedError
		if err == nil || (!errors.As(err, &rl) && !isTransient(err)) {
			break
		}
	}
	if err != nil {
		s.log.Error("slack reply failed", "channel", channel, "err", err)
	}
}

func isTransient(err error) bool {
	var se slack.StatusCodeError
	if errors.As(err, &se) {
		return se.Code >= 500
	}
	var sr slack.SlackErrorResponse
	return !errors.As(err, &sr) // network errors are; Slack's own "ok": false are not
}

// duplicate reports whether an event ID (a Slack event, a Teams activity)
// was seen in the last hour. The memory of IDs is bounded: at seenMax, IDs
// older than an hour are forgotten, then the oldest.
func (s *Server) duplicate(id string) bool {
	if id == "" {
		return false
	}
	now := s.now()
	s.events.Lock()
	defer s.events.Unlock()
	if t, ok := s.seenEvent[id]; ok && now.Sub(t) <= time.Hour {
		return true
	}
	if len(s.seenEvent) >= s.seenMax {
		for k, t := range s.seenEvent {
			if now.Sub(t) > time.Hour {
				delete(s.seenEvent, k)
			}
		}
		for len(s.seenEvent) >= s.seenMax {
			oldest, first := "", time.Time{}
			for k, t := range s.seenEvent {
				if oldest == "" || t.Before(first) {
					oldest, first = k, t
				}
			}
			delete(s.seenEvent, oldest)
		}
	}
	s.seenEvent[id] = now
	return false
}
