package bots

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/welfare-intelligence/wi/question"
)

// slackBody reads a request from Slack and checks its signature: false
// (and the reply written) when the body is too large or the signature
// does not verify.
func (s *Server) slackBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body := s.readBody(w, r)
	if body == nil {
		return nil, false
	}
	if err := VerifySlack(r.Header, body, s.cfg.SlackSigningSecret, s.now()); err != nil {
		s.unauthorized(w, r, err)
		return nil, false
	}
	return body, true
}

// slackForm is slackBody for the form-encoded endpoints (slash commands,
// interactions).
func (s *Server) slackForm(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	body, ok := s.slackBody(w, r)
	if !ok {
		return nil, false
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return nil, false
	}
	return form, true
}

// slackCommand answers POST /slack/commands (`/wi <question>`): verified,
// acknowledged at once, answered through response_url.
func (s *Server) slackCommand(w http.ResponseWriter, r *http.Request) {
	form, ok := s.slackForm(w, r)
	if !ok {
		return
	}
	if form.Get("ssl_check") == "1" { // Slack checking the certificate: not a question
		w.WriteHeader(http.StatusOK)
		return
	}
	msg := Message{Who: Who{Platform: "slack", Workspace: form.Get("team_id"), Channel: form.Get("channel_id"), User: form.Get("user_id")},
		Text: form.Get("text"), await: true}
	responseURL := form.Get("response_url")
	t, now := s.begin(r.Context(), msg)
	if now != nil {
		t.delivered(writeSlackReply(w, now, "ephemeral"))
		return
	}
	l := t.lang
	ack := l.Pick("Cerco la risposta", "Looking for the answer")
	if t.text != "" {
		ack += l.Pick(" a ", " to ") + "`" + slackEscape(t.text) + "`"
	}
	writeSlackJSON(w, map[string]any{"response_type": "ephemeral", "text": ":hourglass_flowing_sand: " + ack + " …"})
	ok = s.background("slack command", func(ctx context.Context) {
		defer s.endOnPanic("slack command", &t, nil)
		rep := t.answer(ctx)
		if rep.Kind == KindDocument {
			// Private by default: the document goes to the asker's direct
			// messages with wi, and the placeholder says so.
			dm, _ := s.dm(ctx, t.msg.Who.User)
			rep = s.slackDocument(ctx, t, rep, dm, "")
		}
		t.end(rep)
		if rep.delivered {
			t.delivered(nil) // uploaded: the file message is the answer
			s.respond(ctx, responseURL, &Reply{Kind: KindAnswer, Lang: l, Text: fmt.Sprintf(l.Pick(
				"Ti ho mandato %s in un messaggio diretto.", "I have sent you %s in a direct message."), documentKind(rep.Plan, l))}, replyReplace)
			return
		}
		// Private by default: the answer replaces the placeholder, for the
		// asker only, with a button to share it in the channel.
		rep.Share = true
		t.delivered(s.respond(ctx, responseURL, rep, replyReplace))
	})
	if !ok { // shutting down: no answer will follow the ack
		t.end(shuttingDown(l))
		t.delivered(errors.New("shutting down"))
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
		return &Reply{Kind: KindAnswer, Lang: l, Role: out.Role, Plan: out.Plan, Document: doc, Link: link, LinkText: doc.Title,
			Text: fmt.Sprintf(l.Pick("Ecco %s (il collegamento scade tra %s):", "Here is %s (the link expires in %s):"),
				documentKind(out.Plan, l), s.cfg.FileTTL)}
	}
	if s.slack != nil { // the upload failed (the bot is not in the channel?), and there is no link to fall back on
		return &Reply{Kind: KindError, Lang: l, Plan: out.Plan, Text: l.Pick(
			"Il documento è pronto ma non sono riuscito a caricarlo qui (invitami nel canale con /invite @wi), e senza l'indirizzo pubblico del server (WI_PUBLIC_URL) non posso darti un collegamento.",
			"The document is ready but I could not upload it here (invite me to the channel with /invite @wi), and without the server's public URL (WI_PUBLIC_URL) I cannot give you a link.")}
	}
	return &Reply{Kind: KindError, Lang: l, Plan: out.Plan, Text: l.Pick(
		"Il documento è pronto ma non posso consegnarlo: servono il token del bot Slack (WI_SLACK_BOT_TOKEN) o l'indirizzo pubblico del server (WI_PUBLIC_URL).",
		"The document is ready but I cannot deliver it: it needs the Slack bot token (WI_SLACK_BOT_TOKEN) or the server's public URL (WI_PUBLIC_URL).")}
}

func (s *Server) link(token string) string {
	return strings.TrimRight(s.cfg.PublicURL, "/") + "/files/" + token
}

// slackPayload is the message of a reply for response_url or chat.postMessage.
func slackPayload(r *Reply) (string, []slack.Block) {
	return SlackMessage(r)
}

// How a reply goes to a response_url.
type replyMode int

const (
	// replyReplace: for the asker only, in place of the message the
	// response_url belongs to ("Cerco la risposta…").
	replyReplace replyMode = iota
	// replyPrivate: a new message for the asker only (the answer to a button).
	replyPrivate
	// replyPublic: a new message in the channel (Condividi nel canale).
	replyPublic
)

// slackWebhookMessage is a reply as a response_url message.
func slackWebhookMessage(r *Reply, mode replyMode) *slack.WebhookMessage {
	text, blocks := slackPayload(r)
	msg := &slack.WebhookMessage{Text: text, ResponseType: "ephemeral", ReplaceOriginal: mode == replyReplace}
	if mode == replyPublic && !r.Private() {
		msg.ResponseType = "in_channel"
	}
	if len(blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: blocks}
	}
	return msg
}

// respond sends a reply through a response_url, which Slack accepts five
// times in 30 minutes. A network error or a 5xx is retried (twice); a 429
// after its Retry-After. A 4xx means Slack refused the message itself
// (invalid_blocks, msg_too_long...): sending it again would only use up the
// URL, so the reply is sent once more as plain text, which Slack cannot
// refuse for its blocks. At most three uses in all. It returns why the
// reply was not delivered, if it was not.
func (s *Server) respond(ctx context.Context, responseURL string, r *Reply, mode replyMode) error {
	if responseURL == "" {
		return errors.New("no response_url")
	}
	msg := slackWebhookMessage(r, mode)
	var err error
	for attempt := range 3 {
		var status int
		var retryAfter time.Duration
		status, retryAfter, err = s.postWebhook(ctx, responseURL, msg)
		if err == nil {
			return nil
		}
		wait := time.Duration(attempt+1) * time.Second
		switch {
		case status == http.StatusTooManyRequests:
			wait = min(max(retryAfter, time.Second), 30*time.Second)
		case status >= 400 && status < 500:
			if msg.Blocks == nil {
				s.log.Error("slack response_url refused the reply", "status", status, "err", err)
				return err
			}
			s.log.Warn("slack response_url refused the blocks: sending the text alone", "status", status, "err", err)
			// A new message, not a replacement: should the replacement be
			// what Slack refused, the text still arrives.
			msg = &slack.WebhookMessage{Text: msg.Text + "\n" + plainFallback(r), ResponseType: msg.ResponseType}
			wait = 0
		}
		if attempt < 2 && wait > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
		}
	}
	s.log.Error("slack response_url delivery failed", "err", err) // the URL itself is a credential: not logged
	return err
}

// plainFallback is the gist of a reply as text, for when Slack refuses its
// blocks: the question as understood and the rows, if any.
func plainFallback(r *Reply) string {
	if r.Result == nil {
		if r.Link != "" {
			return slackLink(r.Link, r.LinkText)
		}
		return ""
	}
	var b strings.Builder
	text, _ := alignedTable(r.Result, 2500, 20)
	if text != "" {
		b.WriteString("```" + slackEscape(text) + "```\n")
	}
	if r.Link != "" {
		b.WriteString(slackLink(r.Link, r.LinkText))
	}
	return b.String()
}

// postWebhook posts a message to a response_url; it returns the HTTP
// status (0 for a network error), Slack's Retry-After, and an error
// carrying Slack's reason unless the status is 200.
func (s *Server) postWebhook(ctx context.Context, u string, msg *slack.WebhookMessage) (int, time.Duration, error) {
	raw, err := json.Marshal(msg)
	if err != nil {
		return 0, 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(raw))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.cfg.HTTP.Do(req)
	if err != nil {
		return 0, 0, errors.New("cannot reach response_url") // the error names the URL: a credential
	}
	defer resp.Body.Close()
	reason, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode == http.StatusOK {
		return resp.StatusCode, 0, nil
	}
	secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
	return resp.StatusCode, time.Duration(secs) * time.Second, fmt.Errorf("status %d: %s", resp.StatusCode, strings.TrimSpace(string(reason)))
}

func writeSlackJSON(w http.ResponseWriter, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(v)
}

func writeSlackReply(w http.ResponseWriter, r *Reply, responseType string) error {
	text, blocks := slackPayload(r)
	m := map[string]any{"response_type": responseType, "text": text}
	if len(blocks) > 0 {
		m["blocks"] = blocks
	}
	return writeSlackJSON(w, m)
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
	Tab        string `json:"tab"` // app_home_opened: "home" or "messages"
}

// slackEvents answers POST /slack/events: url_verification, and app
// mentions answered in their thread.
func (s *Server) slackEvents(w http.ResponseWriter, r *http.Request) {
	body, ok := s.slackBody(w, r)
	if !ok {
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
	err := json.Unmarshal(env.Event, &ev)
	if err == nil && ev.Type == "app_home_opened" && ev.Tab == "home" && ev.User != "" {
		w.WriteHeader(http.StatusOK)
		if s.slack != nil && !s.duplicate(env.EventID) {
			team := env.TeamID
			s.background("slack home", func(ctx context.Context) { s.publishHome(ctx, team, ev.User) })
		}
		return
	}
	if err != nil || ev.Type != "app_mention" || ev.BotID != "" || ev.User == "" {
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
	msg := Message{Who: Who{Platform: "slack", Workspace: team, Channel: ev.Channel, User: ev.User, External: external}, Text: ev.Text, await: true}
	s.background("slack mention", func(ctx context.Context) {
		var t *turn
		defer s.endOnPanic("slack mention", &t, nil)
		t, rep := s.begin(ctx, msg)
		if rep == nil {
			rep = t.answer(ctx)
			if rep.Kind == KindDocument {
				rep = s.slackDocument(ctx, t, rep, ev.Channel, thread)
			}
			t.end(rep)
			if rep.delivered {
				t.delivered(nil)
				return
			}
		}
		t.delivered(s.post(ctx, ev.Channel, ev.User, thread, rep))
	})
}

// post answers a mention in its thread: errors and refusals privately. It
// returns why the reply was not delivered, if it was not.
func (s *Server) post(ctx context.Context, channel, user, thread string, r *Reply) error {
	text, blocks := slackPayload(r)
	opts := []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...), slack.MsgOptionTS(thread)}
	var err error
	for attempt := range 3 {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt) * time.Second):
			}
		}
		if r.Private() {
			_, err = s.slack.PostEphemeralContext(ctx, channel, user, opts...)
		} else {
			_, _, err = s.slack.PostMessageContext(ctx, channel, opts...)
		}
		var rl *slack.RateLimitedError
		if err != nil && refusedBlocks(err) && len(blocks) > 0 {
			// Slack refused the blocks: the text alone, once.
			s.log.Warn("slack refused the blocks: sending the text alone", "err", err)
			blocks = nil
			opts = []slack.MsgOption{slack.MsgOptionText(text+"\n"+plainFallback(r), false), slack.MsgOptionTS(thread)}
			continue
		}
		if err == nil || (!errors.As(err, &rl) && !isTransient(err)) {
			break
		}
		if errors.As(err, &rl) {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(min(rl.RetryAfter, 30*time.Second)):
			}
		}
	}
	if err != nil {
		s.log.Error("slack reply failed", "channel", channel, "err", err)
	}
	return err
}

// refusedBlocks reports whether Slack refused a message for its blocks.
func refusedBlocks(err error) bool {
	var sr slack.SlackErrorResponse
	if !errors.As(err, &sr) {
		return false
	}
	switch sr.Err {
	case "invalid_blocks", "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long":
		return true
	}
	return false
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

// roleMayAsk reports whether a role's rules list the question of an
// example (rules without questions allow every one).
func roleMayAsk(r RoleRules, example string, l question.Lang) bool {
	if len(r.Questions) == 0 {
		return true
	}
	for _, q := range r.Questions {
		if p := showQuestion(strings.TrimSpace(q), l); p != "" && (example == p || strings.HasPrefix(example, p+" ")) {
			return true
		}
	}
	return false
}
